package dev.glossary.subscriber;

import dev.glossary.common.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** Subscriber rows. Writes are single SQL statements, so concurrent requests cannot interleave. */
@ApplicationScoped
public class SubscriberRepository implements PanacheRepository<Subscriber> {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt", "id");

    /** The row an upsert leaves, and whether a confirmation mail is due for it. */
    record Upserted(long id, boolean confirmationMailDue) {
    }

    /** Pending unless confirmed, in one statement (one row per address); the row stays locked until commit. */
    public Upserted upsertPending(String email, String source, Duration mailInterval) {
        Object[] row = (Object[]) getEntityManager().createNativeQuery("""
                INSERT INTO subscriber AS s (email, status, source)
                VALUES (:email, 'pending', :source)
                ON CONFLICT (email) DO UPDATE SET
                    status = CASE WHEN s.status = 'confirmed' THEN s.status ELSE 'pending' END,
                    source = CASE WHEN s.status = 'confirmed' THEN s.source
                                  ELSE coalesce(EXCLUDED.source, s.source) END,
                    subscribed_at = CASE WHEN s.status = 'confirmed' THEN s.subscribed_at ELSE now() END,
                    confirmed_at = CASE WHEN s.status = 'confirmed' THEN s.confirmed_at END,
                    unsubscribed_at = CASE WHEN s.status = 'confirmed' THEN s.unsubscribed_at END
                RETURNING s.id,
                    s.status = 'pending' AND (s.last_confirmation_mail_at IS NULL
                        OR s.last_confirmation_mail_at <= now() - make_interval(secs => :interval))
                """)
                .setParameter("email", email)
                .setParameter("source", source)
                .setParameter("interval", (double) mailInterval.toSeconds())
                .getSingleResult();
        return new Upserted(((Number) row[0]).longValue(), (Boolean) row[1]);
    }

    public void markConfirmationMailed(long id) {
        getEntityManager().createNativeQuery(
                "UPDATE subscriber SET last_confirmation_mail_at = now() WHERE id = :id")
                .setParameter("id", id).executeUpdate();
    }

    public void confirm(long id) {
        getEntityManager().createNativeQuery("""
                UPDATE subscriber SET status = 'confirmed', confirmed_at = now()
                WHERE id = :id AND status = 'pending'
                """).setParameter("id", id).executeUpdate();
    }

    /** Whether it changed anything: a bounced or complained address keeps that stronger state. */
    public boolean unsubscribe(long id) {
        return getEntityManager().createNativeQuery("""
                UPDATE subscriber SET status = 'unsubscribed', unsubscribed_at = now()
                WHERE id = :id AND status IN ('pending', 'confirmed')
                """).setParameter("id", id).executeUpdate() > 0;
    }

    /** Locks the row, so that reports about one subscriber are counted one after the other; null when erased. */
    public SubscriberStatus lockStatus(long id) {
        List<?> rows = getEntityManager().createNativeQuery("SELECT status FROM subscriber WHERE id = :id FOR UPDATE")
                .setParameter("id", id).getResultList();
        return rows.isEmpty() ? null : SubscriberStatus.of((String) rows.get(0));
    }

    /** Sets a state that stops all mail; whether it changed anything. */
    public boolean stopMailing(long id, SubscriberStatus status, List<SubscriberStatus> from) {
        return getEntityManager().createNativeQuery(
                "UPDATE subscriber SET status = :status WHERE id = :id AND status IN (:from)")
                .setParameter("status", status.value()).setParameter("id", id)
                .setParameter("from", from.stream().map(SubscriberStatus::value).toList()).executeUpdate() > 0;
    }

    /** Removes the address for good; its tokens and mails go with it (ON DELETE CASCADE). */
    public boolean erase(long id) {
        return getEntityManager().createNativeQuery("DELETE FROM subscriber WHERE id = :id")
                .setParameter("id", id).executeUpdate() > 0;
    }

    public List<Subscriber> page(SubscriberStatus status, PageRequest page) {
        return filtered(status).page(Page.of(page.page(), page.size())).list();
    }

    public long count(SubscriberStatus status) {
        return status == null ? count() : count("status", status.value());
    }

    private PanacheQuery<Subscriber> filtered(SubscriberStatus status) {
        return status == null ? findAll(NEWEST_FIRST) : find("status", NEWEST_FIRST, status.value());
    }
}

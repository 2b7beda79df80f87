package dev.glossary.subscriber;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Hashed link tokens; a raw token is never stored here. */
@ApplicationScoped
public class TokenRepository {

    /** Whom a token belongs to, where that subscriber stands, and whether the token has expired. */
    public record Holder(long subscriberId, SubscriberStatus status, boolean expired) {
    }

    public void addConfirmToken(byte[] hash, long subscriberId, Duration lifetime) {
        Panache.getEntityManager().createNativeQuery("""
                INSERT INTO subscriber_token (token_hash, subscriber_id, purpose, expires_at)
                VALUES (:hash, :subscriber, 'confirm', now() + make_interval(secs => :lifetime))
                """)
                .setParameter("hash", hash)
                .setParameter("subscriber", subscriberId)
                .setParameter("lifetime", (double) lifetime.toSeconds())
                .executeUpdate();
    }

    /** Unsubscribe tokens never expire: an old mail's link must keep working. */
    public void addUnsubscribeToken(byte[] hash, long subscriberId) {
        Panache.getEntityManager().createNativeQuery("""
                INSERT INTO subscriber_token (token_hash, subscriber_id, purpose)
                VALUES (:hash, :subscriber, 'unsubscribe')
                """)
                .setParameter("hash", hash)
                .setParameter("subscriber", subscriberId)
                .executeUpdate();
    }

    /** The holder of a token of this purpose, with the subscriber row locked for the change to come. */
    public Optional<Holder> lockHolder(byte[] hash, TokenPurpose purpose) {
        List<?> rows = Panache.getEntityManager().createNativeQuery("""
                SELECT s.id, s.status, t.expires_at IS NOT NULL AND t.expires_at <= now()
                FROM subscriber_token t JOIN subscriber s ON s.id = t.subscriber_id
                WHERE t.token_hash = :hash AND t.purpose = :purpose
                FOR UPDATE OF s
                """)
                .setParameter("hash", hash)
                .setParameter("purpose", purpose.value())
                .getResultList();
        return rows.stream().map(Object[].class::cast).findFirst().map(row -> new Holder(
                ((Number) row[0]).longValue(), SubscriberStatus.of((String) row[1]), (Boolean) row[2]));
    }
}

package dev.glossary.subscriber;

import dev.glossary.common.Sha256;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Link tokens: 256 random bits, base64url; only their SHA-256 is stored, so a database leak reveals no link. */
@ApplicationScoped
public class TokenRepository {

    /** Longer input cannot be a token; refused before hashing. */
    static final int MAX_LENGTH = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token does one thing: a confirmation token cannot unsubscribe, nor the other way round. */
    enum Purpose { CONFIRM, UNSUBSCRIBE }

    /** Whom a token belongs to, where that subscriber stands, and whether the token has expired. */
    record Holder(long subscriberId, SubscriberStatus status, boolean expired) {
    }

    /** Unsubscribe tokens never expire (null): an old mail's link must keep working. */
    private static final String ADD = """
            INSERT INTO subscriber_token (token_hash, subscriber_id, purpose, expires_at)
            VALUES (:hash, :subscriber, :purpose, now() + make_interval(secs => CAST(:lifetime AS float8)))
            """;

    /** Locks the subscriber row for the change to come. */
    private static final String LOCK_HOLDER = """
            SELECT s.id, s.status, t.expires_at IS NOT NULL AND t.expires_at <= now()
            FROM subscriber_token t JOIN subscriber s ON s.id = t.subscriber_id
            WHERE t.token_hash = :hash AND t.purpose = :purpose
            FOR UPDATE OF s
            """;

    /** A new token of this purpose for the subscriber; returns it raw, for the mail (only its hash is kept). */
    String add(long subscriberId, Purpose purpose, Duration lifetime) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Panache.getEntityManager().createNativeQuery(ADD).setParameter("hash", Sha256.of(token))
                .setParameter("subscriber", subscriberId).setParameter("purpose", value(purpose))
                .setParameter("lifetime", lifetime == null ? null : (double) lifetime.toSeconds()).executeUpdate();
        return token;
    }

    /** Records that this token unsubscribed its holder: an issue mail's token counts for its issue. */
    void markUnsubscribed(String token) {
        Panache.getEntityManager().createNativeQuery(
                "UPDATE subscriber_token SET unsubscribed_at = now() WHERE token_hash = :hash AND unsubscribed_at IS NULL")
                .setParameter("hash", Sha256.of(token)).executeUpdate();
    }

    /** Records that an issue mail's signed link unsubscribed its reader, on that mail's row (see V18). */
    void markUnsubscribedThrough(long issueId, long subscriberId) {
        Panache.getEntityManager().createNativeQuery("""
                UPDATE newsletter_mail SET unsubscribed_at = now()
                WHERE issue_id = :issue AND subscriber_id = :subscriber AND unsubscribed_at IS NULL
                """).setParameter("issue", issueId).setParameter("subscriber", subscriberId).executeUpdate();
    }

    Optional<Holder> lockHolder(String token, Purpose purpose) {
        List<?> rows = Panache.getEntityManager().createNativeQuery(LOCK_HOLDER).setParameter("hash", Sha256.of(token))
                .setParameter("purpose", value(purpose)).getResultList();
        return rows.stream().map(Object[].class::cast).findFirst().map(row -> new Holder(
                ((Number) row[0]).longValue(), SubscriberStatus.of((String) row[1]), (Boolean) row[2]));
    }

    private static String value(Purpose purpose) {
        return purpose.name().toLowerCase(Locale.ROOT);
    }
}

package dev.glossary.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glossary.common.Sha256;
import dev.glossary.common.Transactions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** {@code Idempotency-Key} on creating POSTs: per user, a key's first answer is replayed (docs/architecture/web.md). */
@ApplicationScoped
public class IdempotentWrites {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final String KEY_DESCRIPTION = "1-255 visible ASCII characters. Within 24 h, the same user"
            + " sending the same key with the same body gets the first answer again (with Idempotent-Replayed: true);"
            + " a different body answers 422, a request while the first one runs 409.";

    private static final String STILL_RUNNING = "A request with this Idempotency-Key is still being processed; retry later";
    /** A claim without an answer this old belongs to a request that died (its write rolled back with it). */
    private static final int ABANDONED_AFTER_SECONDS = 120;

    private static final String FREE_STALE = """
            DELETE FROM idempotency_key WHERE username = :user AND key = :key
              AND (expires_at < now() OR (status IS NULL AND claimed_at < now() - make_interval(secs => :abandoned)))
            """;
    private static final String CLAIM = """
            INSERT INTO idempotency_key (username, key, request_hash, expires_at)
            VALUES (:user, :key, :hash, now() + make_interval(secs => :lifetime)) ON CONFLICT DO NOTHING
            """;
    private static final String FIRST = """
            SELECT request_hash, status, location, etag, content_type, body FROM idempotency_key
            WHERE username = :user AND key = :key
            """;
    private static final String ANSWER = """
            UPDATE idempotency_key SET status = :status, location = :location, etag = :etag,
              content_type = :contentType, body = :body
            WHERE username = :user AND key = :key
            """;
    private static final String RELEASE = "DELETE FROM idempotency_key WHERE username = :user AND key = :key AND status IS NULL";
    private static final String EXPIRED = "DELETE FROM idempotency_key WHERE expires_at < now()";

    @ConfigMapping(prefix = "glossary.idempotency")
    public interface Config {
        /** How long an Idempotency-Key and its answer are kept for replay. */
        @WithDefault("24H")
        Duration keyLifetime();
    }

    @Inject EntityManager entityManager;
    @Inject ObjectMapper json;
    @Inject SecurityIdentity identity;
    @Inject Config config;

    /** Runs {@code write} once per key (none: always); {@code operation} names the endpoint. */
    public Response run(String key, String operation, Object request, Supplier<Response> write) {
        if (key == null) {
            return write.get();
        }
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ProblemException.invalidField(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        String user = identity.getPrincipal().getName();
        byte[] hash = Sha256.of(operation + "\n" + new String(toJson(request), StandardCharsets.UTF_8)); // Jackson writes UTF-8
        for (int tries = 0; tries < 3; tries++) {
            Object[] first = QuarkusTransaction.requiringNew().call(() -> claimOrFirst(user, key, hash));
            if (first == null) {
                return runClaimed(user, key, write);
            }
            if (first.length > 0) {
                return firstAnswer(first, hash);
            }
            // Released or expired between the claim and the look: claim again.
        }
        throw ProblemException.conflict(STILL_RUNNING);
    }

    /** Drops expired keys (a key is also freed when it is next used after expiry). */
    @Scheduled(identity = "idempotency-key-expiry", every = "1H", delayed = "1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    public void dropExpired() {
        entityManager.createNativeQuery(EXPIRED).executeUpdate();
    }

    /** Null when this request now owns the key; else the key's row, or an empty array when it has none. */
    private Object[] claimOrFirst(String user, String key, byte[] hash) {
        keyed(FREE_STALE, user, key).setParameter("abandoned", ABANDONED_AFTER_SECONDS).executeUpdate();
        if (keyed(CLAIM, user, key).setParameter("hash", hash)
                .setParameter("lifetime", config.keyLifetime().toSeconds()).executeUpdate() == 1) {
            return null;
        }
        List<?> rows = keyed(FIRST, user, key).getResultList();
        return rows.isEmpty() ? new Object[0] : (Object[]) rows.get(0);
    }

    private static Response firstAnswer(Object[] row, byte[] hash) {
        if (!Arrays.equals((byte[]) row[0], hash)) {
            throw ProblemException.unprocessable(
                    "This Idempotency-Key was used with a different request; use a new key for a new request");
        }
        if (row[1] == null) {
            throw ProblemException.conflict(STILL_RUNNING);
        }
        Response.ResponseBuilder answer = Response.status(((Number) row[1]).intValue()).header(REPLAYED, "true")
                .header(HttpHeaders.LOCATION, row[2]).header(HttpHeaders.ETAG, row[3]);
        return row[5] == null ? answer.build() : answer.entity(row[5]).type((String) row[4]).build();
    }

    private Response runClaimed(String user, String key, Supplier<Response> write) {
        try {
            return Transactions.retryingConflicts(() -> storeAnswer(user, key, write.get()));
        } catch (RuntimeException e) {
            try {
                QuarkusTransaction.requiringNew().run(() -> keyed(RELEASE, user, key).executeUpdate());
            } catch (RuntimeException notReleased) {
                e.addSuppressed(notReleased); // the key frees itself once abandoned
            }
            throw e;
        }
    }

    /** Inside the write's transaction: the answer commits with the write, or neither does. */
    private Response storeAnswer(String user, String key, Response answer) {
        if (answer.getStatus() >= 500) {
            throw new IllegalStateException("A write answered " + answer.getStatus());
        }
        byte[] body = answer.getEntity() == null ? null : bytes(answer.getEntity());
        String contentType = answer.getMediaType() == null ? MediaType.APPLICATION_JSON : answer.getMediaType().toString();
        keyed(ANSWER, user, key).setParameter("status", answer.getStatus())
                .setParameter("location", answer.getLocation() == null ? null : answer.getLocation().toString())
                .setParameter("etag", answer.getHeaderString(HttpHeaders.ETAG))
                .setParameter("contentType", contentType)
                .unwrap(org.hibernate.query.Query.class).setParameter("body", body, byte[].class)
                .executeUpdate();
        return Response.fromResponse(answer).entity(body).type(body == null ? null : contentType).build();
    }

    private Query keyed(String sql, String user, String key) {
        return entityManager.createNativeQuery(sql).setParameter("user", user).setParameter("key", key);
    }

    private byte[] bytes(Object entity) {
        return entity instanceof byte[] raw ? raw : entity instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : toJson(entity);
    }

    private byte[] toJson(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A record that Jackson read could not be written", e);
        }
    }
}

package dev.glossary.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glossary.config.GlossaryConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} on creating POSTs: per user, the first answer of a key is replayed for
 * the key's lifetime. The key's row is claimed with one INSERT ... ON CONFLICT before the write runs
 * (so two requests, on any replicas, never both run it), and the answer is stored in the write's
 * own transaction (so a committed write always has its answer). A write that fails releases the
 * key: errors, 5xx above all, are not stored and can be retried.
 */
@ApplicationScoped
public class IdempotentWrites {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final String KEY_DESCRIPTION = "1-255 visible ASCII characters. Within 24 h, the same user"
            + " sending the same key with the same body gets the first answer again (with Idempotent-Replayed: true);"
            + " a different body answers 422, a request while the first one runs 409.";

    /**
     * A claim without an answer this old belongs to a request that died (its write rolled back with
     * it, since the answer commits with the write): the key is free again. Far above any write's time.
     */
    private static final int ABANDONED_AFTER_SECONDS = 120;

    private static final String FREE_STALE = """
            DELETE FROM idempotency_key WHERE username = ? AND key = ?
              AND (expires_at < now() OR (status IS NULL AND claimed_at < now() - make_interval(secs => ?)))
            """;
    private static final String CLAIM = """
            INSERT INTO idempotency_key (username, key, request_hash, expires_at)
            VALUES (?, ?, ?, now() + make_interval(secs => ?)) ON CONFLICT DO NOTHING
            """;
    private static final String FIRST = """
            SELECT request_hash, status, location, etag, content_type, body FROM idempotency_key
            WHERE username = ? AND key = ?
            """;
    private static final String ANSWER = """
            UPDATE idempotency_key SET status = ?, location = ?, etag = ?, content_type = ?, body = ?
            WHERE username = ? AND key = ?
            """;
    private static final String RELEASE = "DELETE FROM idempotency_key WHERE username = ? AND key = ? AND status IS NULL";

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final SecurityIdentity identity;
    private final GlossaryConfig config;

    IdempotentWrites(AgroalDataSource dataSource, ObjectMapper json, SecurityIdentity identity, GlossaryConfig config) {
        this.dataSource = dataSource;
        this.json = json;
        this.identity = identity;
        this.config = config;
    }

    /**
     * Runs {@code write} (which builds the answer) once per key; without a key, simply runs it.
     * {@code operation} names the endpoint, so one key reused on another endpoint is a different request.
     */
    public Response run(String key, String operation, Object request, Supplier<Response> write) {
        if (key == null) {
            return write.get();
        }
        if (!validKey(key)) {
            throw ProblemException.invalidField(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        String user = identity.getPrincipal().getName();
        byte[] hash = hash(operation, request);
        Response earlier = claimOrFirstAnswer(user, key, hash);
        if (earlier != null) {
            return earlier;
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> storeAnswer(user, key, write.get()));
        } catch (RuntimeException e) {
            try {
                release(user, key);
            } catch (RuntimeException notReleased) {
                e.addSuppressed(notReleased); // the key frees itself once abandoned
            }
            throw e;
        }
    }

    @Scheduled(identity = "idempotency-key-expiry", every = "1H", delayed = "1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        dropExpired();
    }

    /** Drops expired keys (a key is also freed when it is next used after expiry); returns how many went. */
    public int dropExpired() {
        try (Connection connection = dataSource.getConnection()) {
            return update(connection, "DELETE FROM idempotency_key WHERE expires_at < now()");
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    static boolean validKey(String key) {
        return !key.isEmpty() && key.length() <= 255 && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    private byte[] hash(String operation, Object request) {
        try {
            byte[] body = json.writeValueAsBytes(request);
            byte[] prefix = (operation + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] both = Arrays.copyOf(prefix, prefix.length + body.length);
            System.arraycopy(body, 0, both, prefix.length, body.length);
            return Sha256.of(both);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A request record that Jackson read could not be written", e);
        }
    }

    /** Null when this request now owns the key; otherwise the answer the key gives. */
    private Response claimOrFirstAnswer(String user, String key, byte[] hash) {
        try (Connection connection = dataSource.getConnection()) {
            for (int tries = 0; tries < 3; tries++) {
                update(connection, FREE_STALE, user, key, ABANDONED_AFTER_SECONDS);
                if (update(connection, CLAIM, user, key, hash, config.idempotency().keyLifetime().toSeconds()) == 1) {
                    return null;
                }
                try (PreparedStatement first = connection.prepareStatement(FIRST)) {
                    first.setString(1, user);
                    first.setString(2, key);
                    try (ResultSet row = first.executeQuery()) {
                        if (row.next()) {
                            return firstAnswer(row, hash);
                        }
                    }
                }
                // Released or expired between the claim and the look: claim again.
            }
            throw ProblemException.conflict("A request with this Idempotency-Key is still being processed; retry later");
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private static Response firstAnswer(ResultSet row, byte[] hash) throws SQLException {
        if (!Arrays.equals(row.getBytes(1), hash)) {
            throw ProblemException.unprocessable(
                    "This Idempotency-Key was used with a different request; use a new key for a new request");
        }
        int status = row.getInt(2);
        if (row.wasNull()) {
            throw ProblemException.conflict("A request with this Idempotency-Key is still being processed; retry later");
        }
        Response.ResponseBuilder answer = Response.status(status).header(REPLAYED, "true");
        if (row.getString(3) != null) {
            answer.header(HttpHeaders.LOCATION, row.getString(3));
        }
        if (row.getString(4) != null) {
            answer.header(HttpHeaders.ETAG, row.getString(4));
        }
        byte[] body = row.getBytes(6);
        return body == null ? answer.build() : answer.entity(body).type(row.getString(5)).build();
    }

    /** Inside the write's transaction: the answer commits with the write, or neither does. */
    private Response storeAnswer(String user, String key, Response answer) throws SQLException {
        if (answer.getStatus() >= 500) {
            throw new IllegalStateException("A write answered " + answer.getStatus());
        }
        byte[] body = bytes(answer.getEntity());
        String contentType = answer.getMediaType() == null ? MediaType.APPLICATION_JSON : answer.getMediaType().toString();
        String location = answer.getLocation() == null ? null : answer.getLocation().toString();
        String etag = answer.getHeaderString(HttpHeaders.ETAG);
        try (Connection connection = dataSource.getConnection()) {
            update(connection, ANSWER, answer.getStatus(), location, etag, contentType, body, user, key);
        }
        Response.ResponseBuilder first = Response.status(answer.getStatus());
        answer.getStringHeaders().forEach((name, values) -> {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                values.forEach(value -> first.header(name, value));
            }
        });
        return body == null ? first.build() : first.entity(body).type(contentType).build();
    }

    private byte[] bytes(Object entity) {
        if (entity == null || entity instanceof byte[]) {
            return (byte[]) entity;
        }
        if (entity instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return json.writeValueAsBytes(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An answer could not be written as JSON", e);
        }
    }

    private void release(String user, String key) {
        try (Connection connection = dataSource.getConnection()) {
            update(connection, RELEASE, user, key);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}

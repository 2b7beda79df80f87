package dev.glossary.subscriber.ratelimit;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Fixed-window counters in PostgreSQL, so that every replica counts against the same limit. */
@ApplicationScoped
public class RateLimitCounters {

    /** The hits of the key in the current window, and the seconds until the window ends. */
    public record Count(int hits, long secondsLeft) {
    }

    /** Counts one hit: a new window starts at 1, the current one goes up by one, in one upsert. */
    public Count hit(String clientKey, Duration window) {
        Object[] row = (Object[]) Panache.getEntityManager().createNativeQuery("""
                INSERT INTO rate_limit_counter AS c (client_key, window_start, hits)
                VALUES (:key, to_timestamp(floor(extract(epoch FROM now()) / :window) * :window), 1)
                ON CONFLICT (client_key) DO UPDATE SET
                    hits = CASE WHEN c.window_start = EXCLUDED.window_start THEN c.hits + 1 ELSE 1 END,
                    window_start = EXCLUDED.window_start
                RETURNING c.hits, ceil(extract(epoch FROM c.window_start + make_interval(secs => :window) - now()))
                """)
                .setParameter("key", clientKey)
                .setParameter("window", (double) window.toSeconds())
                .getSingleResult();
        return new Count(((Number) row[0]).intValue(), ((Number) row[1]).longValue());
    }

    /** Forgets the counters of windows that have ended. */
    public int deleteEndedBefore(Duration window) {
        return Panache.getEntityManager().createNativeQuery(
                        "DELETE FROM rate_limit_counter WHERE window_start < now() - make_interval(secs => :window)")
                .setParameter("window", (double) window.toSeconds())
                .executeUpdate();
    }
}

package dev.glossary.newsletter;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/** The issue-mail rate cap of all replicas together: a token bucket in one row, refilled by the database's clock. */
@ApplicationScoped
public class SendRate {

    private static final String TAKE = """
            WITH bucket AS (
                SELECT least(:rate, tokens + :rate * extract(epoch FROM (clock.at - refilled_at))) AS available, clock.at
                FROM send_rate_bucket, clock_timestamp() AS clock(at)
                WHERE name = 'newsletter'
                FOR UPDATE OF send_rate_bucket)
            UPDATE send_rate_bucket
            SET tokens = bucket.available - least(:wanted, floor(bucket.available)), refilled_at = bucket.at
            FROM bucket
            WHERE name = 'newsletter'
            RETURNING least(:wanted, floor(bucket.available))::int
            """;

    /** Takes up to {@code wanted} mails' worth from the bucket in a transaction of its own; returns how many it got. */
    public int take(int wanted, int perSecond) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Panache.getEntityManager().createNativeQuery(TAKE)
                .setParameter("rate", (double) perSecond).setParameter("wanted", wanted).getSingleResult()).intValue());
    }
}

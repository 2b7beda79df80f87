package dev.glossary.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/**
 * The root of {@code glossary.*}: what several features read (the public base URL, the schema) and the
 * sections not yet typed next to their code. Each default is here or in that code, nowhere else.
 */
@ConfigMapping(prefix = "glossary")
public interface GlossaryConfig {

    Db db();

    Http http();

    /** Where clients reach this service; links in mails start with it. No default: no mail may link to localhost. */
    @WithName("public-base-url")
    String publicBaseUrl();

    Newsletter newsletter();

    Subscribers subscribers();

    Mail mail();

    TermCache termCache();

    Listing listing();

    Changes changes();

    Webhooks webhooks();

    ReadDatasource readDatasource();

    /**
     * An optional streaming replica for public reads (term/ReadReplica). Its JDBC URL configures
     * Quarkus's named datasource "read" (application.properties), which takes the primary's
     * credentials unless QUARKUS_DATASOURCE_READ_USERNAME/PASSWORD say otherwise.
     */
    interface ReadDatasource {
        /** GLOSSARY_READ_DATASOURCE_JDBC_URL; unset, every read goes to the primary. */
        Optional<String> jdbcUrl();

        /**
         * Reads go to the replica only while its replay lag, measured on the replica, plus the age
         * of that measurement stays under this; above it they go to the primary.
         */
        @WithDefault("1S")
        Duration maxLag();

        /** How often each instance measures the replica's lag. */
        @WithDefault("200MS")
        Duration checkEvery();
    }

    interface Webhooks {
        /**
         * Whether endpoints may point at private, loopback, link-local or unique-local addresses
         * (GLOSSARY_WEBHOOKS_ALLOW_PRIVATE_TARGETS). Off, so that an admin account cannot be used to
         * reach the service's own network; checked at creation and again after DNS at every delivery.
         */
        @WithDefault("false")
        boolean allowPrivateTargets();

        /** How often each replica's webhook sender looks for due deliveries ({@code off} disables it). */
        @WithDefault("1S")
        String sendEvery();

        /** Deliveries one claim takes at most; they are sent concurrently. */
        @WithDefault("50")
        int batchSize();

        /** A receiver that has not answered within this is counted as failed, and retried. */
        @WithDefault("10S")
        Duration timeout();

        /** Delay before the first retry; doubled after every failed attempt up to {@link #maxBackoff()}, then jittered. */
        @WithDefault("5S")
        Duration initialBackoff();

        @WithDefault("1H")
        Duration maxBackoff();

        /** A delivery is retried for this long after its event, then given up (failed). */
        @WithDefault("24H")
        Duration retryWindow();

        /** After a rotation the previous secret still signs, as a second signature, for this long. */
        @WithDefault("24H")
        Duration secretOverlap();
    }

    interface Changes {
        /**
         * How long the change feed keeps deletions (tombstones); a cursor older than this answers 410,
         * since deletions it has not seen may be gone.
         */
        @WithDefault("90D")
        Duration retention();
    }

    interface Listing {
        /**
         * Signs listing cursors (HMAC-SHA256). Unset, a random key made once per database is used,
         * so replicas sharing the database accept each other's cursors without configuration.
         */
        Optional<String> cursorKey();
    }

    interface TermCache {
        /** Serve term documents from memory; off, every read goes to PostgreSQL. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Memory the cached answers may take, estimated from their sizes; the least used go first.
         * Bounded by size, not count: one search page of 100 summaries weighs as much as a dozen documents.
         */
        @WithDefault("24M")
        MemorySize maxMemory();

        /**
         * The PostgreSQL channel on which every instance hears of term changes. Channels are
         * per database, so it is named after the schema: deployments sharing a database stay apart.
         */
        @WithDefault("${glossary.db.schema}_term_changes")
        String channel();
    }

    interface Db {
        /** The schema Flyway migrates and Hibernate validates. */
        @WithDefault("glossary")
        String schema();
    }

    /** The term helper's keys; the web layer's are common/HttpConfig (same prefix). */
    interface Http {
        /** How long clients and caches may reuse a term document without revalidating. */
        @WithDefault("60S")
        Duration termMaxAge();

        /**
         * How long a shared cache (a CDN) may still serve a term document it holds when the service
         * answers errors or cannot be reached (RFC 5861 stale-if-error); 0 leaves it out.
         */
        @WithDefault("1D")
        Duration termStaleIfError();
    }

    interface Newsletter {
        /** Shown by {@code GET /newsletter}, in mails and on subscription pages. */
        @WithDefault("AI Economy Pulse")
        String name();

        @WithDefault("Every Friday: the 3 AI data points that actually matter this week.")
        String tagline();

        /** Issue mails all replicas together send per second at most (GLOSSARY_NEWSLETTER_MAILS_PER_SECOND); 0 lifts the cap. */
        @WithDefault("50")
        int mailsPerSecond();

        /** How often each replica's issue sender looks for due mails ({@code off} disables it); read by the scheduler. */
        @WithDefault("1S")
        String sendEvery();

        /** Issue mails one claim takes at most. */
        @WithDefault("100")
        int batchSize();

        /**
         * SMTP transactions one replica runs at once for issues; kept below quarkus.mailer.max-pool-size
         * (10), so that subscription mails always find a connection.
         */
        @WithDefault("6")
        int concurrency();

        /** An issue mail still being sent this long after its claim belonged to a sender that died: given up, never resent. */
        @WithDefault("10M")
        Duration abandonedAfter();
    }

    interface Subscribers {
        /** How long a confirmation link works. */
        @WithDefault("48H")
        Duration confirmationLifetime();

        /** At most one confirmation mail per address within this interval. */
        @WithDefault("10M")
        Duration confirmationMailInterval();

        RateLimit rateLimit();

        interface RateLimit {
            /**
             * Subscribe requests are counted per client address (the TCP peer, or the forwarded address
             * when quarkus.http.proxy.* trusts the proxy) per fixed window, in PostgreSQL for all replicas.
             * Off for load tests; on in production.
             */
            @WithDefault("true")
            boolean enabled();

            /** Subscribe requests one client address may make per window. */
            @WithDefault("5")
            int requests();

            @WithDefault("1M")
            Duration window();
        }
    }

    interface Mail {
        /**
         * How often the outbox sender runs ({@code off} disables it); read by the scheduler. Every
         * second, so that a confirmation reaches the reader within a few seconds.
         */
        @WithDefault("1S")
        String sendEvery();

        /** Mails one run sends at most. */
        @WithDefault("50")
        int batchSize();

        /** Delay before the first retry; doubled after every failed attempt up to {@link #maxBackoff()}. */
        @WithDefault("10S")
        Duration initialBackoff();

        @WithDefault("1H")
        Duration maxBackoff();

        /** After this many failed attempts a mail is given up and logged. */
        @WithDefault("20")
        int maxAttempts();
    }
}

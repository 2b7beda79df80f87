package dev.glossary.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/**
 * Every knob of the service under {@code glossary.*}, each with its default here and nowhere else;
 * application.properties holds only the dev and test overrides. The README lists them with their env vars.
 */
@ConfigMapping(prefix = "glossary")
public interface GlossaryConfig {

    Db db();

    Http http();

    Admin admin();

    /**
     * Where clients reach this service; links in mails start with it. No default, so that no mail can
     * link to localhost: dev and test set one, and a prod start without GLOSSARY_PUBLIC_BASE_URL fails.
     */
    @WithName("public-base-url")
    String publicBaseUrl();

    Newsletter newsletter();

    Subscribers subscribers();

    Mail mail();

    Security security();

    Listing listing();

    Webhooks webhooks();

    Idempotency idempotency();

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

    interface Idempotency {
        /** How long an Idempotency-Key and its answer are kept for replay. */
        @WithDefault("24H")
        Duration keyLifetime();
    }

    interface Listing {
        /**
         * Signs listing cursors (HMAC-SHA256). Unset, a random key made once per database is used,
         * so replicas sharing the database accept each other's cursors without configuration.
         */
        Optional<String> cursorKey();
    }

    interface Security {
        /** Failed Basic logins one client address may make within the window before it gets 429. */
        @WithDefault("10")
        int loginFailuresAllowed();

        /** The window those failures are counted in. */
        @WithDefault("5M")
        Duration loginFailureWindow();
    }

    interface Db {
        /** The schema Flyway migrates and Hibernate validates. */
        @WithDefault("glossary")
        String schema();
    }

    interface Http {
        /**
         * Largest request body accepted; larger ones get 413 problem+json (HttpFailureHandler for a
         * declared length, BodySizeLimit for a chunked body). Below quarkus.http.limits.max-body-size.
         */
        @WithDefault("64K")
        MemorySize maxBodySize();

        /** What {@code Retry-After} advises when the database is unavailable. */
        @WithDefault("5S")
        Duration retryAfter();

        /**
         * On shutdown, how long before the end of quarkus.shutdown.delay the instance closes its
         * listening socket (common/StopAcceptingOnShutdown): from then on new connections are refused,
         * which a load balancer resends to another instance whatever the method, while requests
         * already received are still answered. The margin covers a timer that fires a little late.
         */
        @WithDefault("250MS")
        Duration stopAcceptingBeforeDelayEnds();
    }

    interface Admin {
        /** With {@link #password()}, creates this admin at start-up when no such user exists; no default. */
        Optional<String> username();

        /** No default: prod has no default credentials (dev sets admin/admin). */
        Optional<String> password();
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

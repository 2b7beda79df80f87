package dev.glossary.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every knob of the service under {@code glossary.*}; the README lists them with their env vars. */
@ConfigMapping(prefix = "glossary")
public interface GlossaryConfig {

    Db db();

    Http http();

    Admin admin();

    TermCache termCache();

    Security security();

    interface Security {
        /** Failed Basic logins one client address may make within the window before it gets 429. */
        @WithDefault("10")
        int loginFailuresAllowed();

        @WithDefault("5M")
        Duration loginFailureWindow();
    }

    interface TermCache {
        /** Serve term documents from memory; off, every read goes to PostgreSQL. */
        @WithDefault("true")
        boolean enabled();

        /** Documents and alias redirects kept at most; the least used go first. */
        @WithDefault("10000")
        long maxEntries();

        /** The PostgreSQL channel on which every instance hears of term changes. */
        @WithDefault("glossary_term_changes")
        String channel();
    }

    interface Db {
        /** The schema Flyway migrates and Hibernate validates. */
        @WithDefault("glossary")
        String schema();
    }

    interface Http {
        /** Largest request body accepted; larger ones get 413 problem+json. */
        @WithDefault("64K")
        MemorySize maxBodySize();

        /** How long clients and caches may reuse a term document without revalidating. */
        @WithDefault("60S")
        Duration termMaxAge();

        /** What {@code Retry-After} advises when the database is unavailable. */
        @WithDefault("5S")
        Duration retryAfter();
    }

    interface Admin {
        /** With {@link #password()}, creates this admin at start-up when no such user exists. */
        Optional<String> username();

        Optional<String> password();
    }
}

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

    /**
     * Where clients reach this service; links in mails start with it. No default, so that no mail can
     * link to localhost: dev and test set one, and a prod start without GLOSSARY_PUBLIC_BASE_URL fails.
     */
    @WithName("public-base-url")
    String publicBaseUrl();

    TermCache termCache();

    Listing listing();

    Changes changes();

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
}

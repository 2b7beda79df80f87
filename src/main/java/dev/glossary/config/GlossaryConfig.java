package dev.glossary.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/**
 * The root of {@code glossary.*}: what several features read (the public base URL, the schema) and the
 * listing cursors' key, which common/CursorSigner reads. Features type their own sections.
 */
@ConfigMapping(prefix = "glossary")
public interface GlossaryConfig {

    Db db();

    /** Where clients reach this service; links in mails start with it. No default: no mail may link to localhost. */
    @WithName("public-base-url")
    String publicBaseUrl();

    Listing listing();

    interface Listing {
        /**
         * Signs listing cursors (HMAC-SHA256). Unset, a random key made once per database is used,
         * so replicas sharing the database accept each other's cursors without configuration.
         */
        Optional<String> cursorKey();
    }

    interface Db {
        /** The schema Flyway migrates and Hibernate validates. */
        @WithDefault("glossary")
        String schema();
    }
}

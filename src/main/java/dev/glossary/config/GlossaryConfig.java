package dev.glossary.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The root of {@code glossary.*}: what several features read; features type their own sections. */
@ConfigMapping(prefix = "glossary")
public interface GlossaryConfig {

    Db db();

    /** Where clients reach this service; links in mails start with it. No default: no mail may link to localhost. */
    String publicBaseUrl();

    Listing listing();

    interface Listing {
        /** Signs listing cursors; unset, a random key kept in the database, which all replicas share. */
        Optional<String> cursorKey();
    }

    interface Db {
        /** The schema Flyway migrates and Hibernate validates. */
        @WithDefault("glossary")
        String schema();
    }
}

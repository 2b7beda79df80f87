package dev.glossary.term;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "glossary.term-cache")
public interface TermCacheConfig {

    /** Serve term reads from memory; off, every read goes to PostgreSQL. */
    @WithDefault("true")
    boolean enabled();

    /** Memory the cached answers may take, estimated from their sizes (a page of summaries weighs as much as a dozen documents). */
    @WithDefault("24M")
    MemorySize maxMemory();

    /** The channel every instance hears term changes on; channels are per database, hence named after the schema. */
    @WithDefault("${glossary.db.schema}_term_changes")
    String channel();
}

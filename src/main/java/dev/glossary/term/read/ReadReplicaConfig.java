package dev.glossary.term.read;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The optional streaming replica for public reads; its URL configures Quarkus's datasource "read" (application.properties). */
@ConfigMapping(prefix = "glossary.read-datasource")
public interface ReadReplicaConfig {

    /** Unset, every read goes to the primary. */
    Optional<String> jdbcUrl();

    /** Reads go to the replica only while its replay lag plus the age of that measurement stays under this. */
    @WithDefault("1S")
    Duration maxLag();

    /** How often each instance measures the replica's lag. */
    @WithDefault("200MS")
    Duration checkEvery();
}

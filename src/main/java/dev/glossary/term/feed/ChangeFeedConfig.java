package dev.glossary.term.feed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "glossary.changes")
public interface ChangeFeedConfig {

    /** How long the feed keeps deletions; an older cursor answers 410, since deletions it has not seen may be gone. */
    @WithDefault("90D")
    Duration retention();
}

package dev.glossary.mail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What every mail and subscription page shows of the newsletter (glossary.newsletter.name, .tagline). */
@ConfigMapping(prefix = "glossary.newsletter")
public interface Masthead {

    @WithDefault("AI Economy Pulse")
    String name();

    @WithDefault("Every Friday: the 3 AI data points that actually matter this week.")
    String tagline();
}

package dev.glossary.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long browsers and shared caches may reuse a public listing without revalidating
 * (glossary.http.max-age.*; 1 to 300 seconds). After that a revalidation costs a 304; docs/configuration.md
 * gives the reasons for each default.
 */
@ConfigMapping(prefix = "glossary.http.max-age")
public interface ListingCacheConfig {

    /** GET /terms in every form: as long as a term document (glossary.http.term-max-age), which a page summarises. */
    @WithDefault("60S")
    Duration terms();

    /** GET /letters: the counts move with the listings. */
    @WithDefault("60S")
    Duration letters();

    /** GET /suggestions: a reader who just saved a term types its name at once, so shorter. */
    @WithDefault("30S")
    Duration suggestions();

    /** GET /newsletter: changes once a week, when an issue is published; five minutes late is harmless. */
    @WithDefault("300S")
    Duration newsletter();

    /** GET /newsletter/issues: as /newsletter. */
    @WithDefault("300S")
    Duration newsletterIssues();

    /** GET /changes: partners poll the end of the feed; a short max-age lets a CDN merge their polls. */
    @WithDefault("5S")
    Duration changes();

    /** GET /terms/{slug}/data-points: grows when an issue is published, once a week; as /newsletter. */
    @WithDefault("300S")
    Duration termDataPoints();

    default Duration of(Listing.Path path) {
        return switch (path) {
            case TERMS -> terms();
            case LETTERS -> letters();
            case SUGGESTIONS -> suggestions();
            case NEWSLETTER -> newsletter();
            case NEWSLETTER_ISSUES -> newsletterIssues();
            case CHANGES -> changes();
            case TERM_DATA_POINTS -> termDataPoints();
        };
    }
}

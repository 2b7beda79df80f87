package dev.glossary.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a public listing's GET: {@link PublicListings} makes its 200 cacheable (ETag, 304, Cache-Control). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Listing {

    /** For the OpenAPI annotations of every listing. */
    String ETAG = "Strong tag of these bytes; send it back as If-None-Match to revalidate";
    String CACHE_CONTROL = "public, max-age=N: how long this answer may be reused without asking (docs/frontends.md)";
    String NOT_MODIFIED = "Unchanged since the If-None-Match tag: no body; keep using the copy you have";
    String IF_NONE_MATCH = "ETags of copies you hold (or *): 304 if one still matches";

    /** Which max-age of {@link ListingCacheConfig} applies. */
    Path value();

    enum Path {
        TERMS, LETTERS, SUGGESTIONS, NEWSLETTER, NEWSLETTER_ISSUES, CHANGES
    }
}

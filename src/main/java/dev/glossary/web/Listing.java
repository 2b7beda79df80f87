package dev.glossary.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public listing's GET: {@link PublicListings} makes its 200 cacheable (ETag, 304, Cache-Control), and
 * {@link OpenApiDocument} documents that on the operation its {@link Path} names.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Listing {

    /** Which max-age of {@link ListingCacheConfig} applies. */
    Path value();

    /** Each listing with the operationId of its GET. */
    enum Path {
        TERMS("listTerms"), LETTERS("listLetters"), SUGGESTIONS("suggestTerms"), NEWSLETTER("getNewsletter"),
        NEWSLETTER_ISSUES("listIssues"), CHANGES("listChanges"),
        TERM_DATA_POINTS("listTermDataPoints");

        public final String operationId;

        Path(String operationId) {
            this.operationId = operationId;
        }
    }
}

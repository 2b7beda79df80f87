package dev.glossary.term;

import dev.glossary.common.Slugs;
import dev.glossary.web.ProblemException;

/** The 404 of a slug no term has, for reads and writes alike. */
public final class UnknownTerm {

    private UnknownTerm() {
    }

    public static ProblemException of(String slug) {
        return ProblemException.notFound(Slugs.isValid(slug)
                ? "No term has the slug '" + slug + "'"
                : "No term has this slug; slugs are lower-case words of a-z and 0-9 joined by hyphens");
    }

    /** No slug or alias breaks the format, so such a one is unknown without asking PostgreSQL (which refuses NUL). */
    public static void unlessWellFormed(String slug) {
        if (!Slugs.isValid(slug)) {
            throw of(slug);
        }
    }
}

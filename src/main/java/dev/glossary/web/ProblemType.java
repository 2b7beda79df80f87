package dev.glossary.web;

import java.net.URI;
import java.util.Arrays;

/** The kinds of failure a client can see, each with a stable type URI documented for API users. */
public enum ProblemType {
    VALIDATION("validation", "Invalid request", 400),
    PAGE_TOO_DEEP("page-too-deep", "Page too deep", 400),
    MALFORMED_REQUEST("malformed-request", "Malformed request", 400),
    UNAUTHORIZED("unauthorized", "Authentication required", 401),
    FORBIDDEN("forbidden", "Forbidden", 403),
    NOT_FOUND("not-found", "Not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
    CONFLICT("conflict", "Conflict", 409),
    GONE("gone", "Gone", 410),
    PRECONDITION_FAILED("precondition-failed", "Precondition failed", 412),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    UNPROCESSABLE("unprocessable", "Unprocessable request", 422),
    TOO_MANY_REQUESTS("too-many-requests", "Too many requests", 429),
    INTERNAL("internal", "Internal error", 500),
    SERVICE_UNAVAILABLE("service-unavailable", "Service unavailable", 503),
    OVERLOADED("overloaded", "Overloaded", 503),
    GATEWAY_TIMEOUT("timeout", "Timed out", 504);

    private final URI uri;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.uri = URI.create("https://glossary.example/problems/" + slug);
        this.title = title;
        this.status = status;
    }

    public URI uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    /** The type for a status produced by the framework rather than by our own code. */
    public static ProblemType forStatus(int status) {
        // The first of a status is the general one (VALIDATION, not MALFORMED_REQUEST; not OVERLOADED).
        return Arrays.stream(values()).filter(type -> type.status == status).findFirst().orElse(status >= 500 ? INTERNAL : VALIDATION);
    }
}

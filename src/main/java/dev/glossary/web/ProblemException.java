package dev.glossary.web;

import java.time.Duration;
import java.util.List;

/** A failure the client caused or must know about; {@link ProblemMapper} alone turns it into an answer. */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final transient List<Problem.FieldError> errors;
    private final transient Duration retryAfter;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, null, null);
    }

    protected ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors, Duration retryAfter) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = errors;
        this.retryAfter = retryAfter;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(ProblemType.PRECONDITION_FAILED, detail);
    }

    public static ProblemException unprocessable(String detail) {
        return new ProblemException(ProblemType.UNPROCESSABLE, detail);
    }

    public static ProblemException gone(String detail) {
        return new ProblemException(ProblemType.GONE, detail);
    }

    public static ProblemException pageTooDeep(String detail) {
        return new ProblemException(ProblemType.PAGE_TOO_DEEP, detail);
    }

    public static ProblemException tooManyRequests(Duration retryAfter) {
        return new ProblemException(ProblemType.TOO_MANY_REQUESTS,
                "Too many requests; retry in " + retryAfter.toSeconds() + " s", null, retryAfter);
    }

    /** Shed load: the same answer as a full bulkhead's, retry advised in a second. */
    public static ProblemException overloaded(String detail) {
        return new ProblemException(ProblemType.OVERLOADED, detail, null, Duration.ofSeconds(1));
    }

    /** A single invalid field, reported like a bean-validation failure. */
    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, field + " " + message, List.of(new Problem.FieldError(field, message)), null);
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

package dev.glossary.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.glossary.config.GlossaryConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become {@code application/problem+json}. Nothing from an
 * exception reaches the client but the detail we wrote for it.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    /** Bodies the REST layer decodes itself, before any of our code sees them. */
    private static final Set<String> FORM_TYPES = Set.of(MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA);

    public static final String BASIC_CHALLENGE = "Basic realm=\"glossary\", charset=\"UTF-8\"";

    @Inject
    GlossaryConfig config;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Problem body = new Problem(e.type().uri(), e.type().title(), e.type().status(), e.getMessage(),
                path(uri), e.errors());
        Response.ResponseBuilder response = respond(body);
        if (e.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Math.max(1, e.retryAfter().toSeconds()));
        }
        return response.build();
    }

    /** A shed read: answered at once, so that a busy instance never makes a client wait for a time-out. */
    @ServerExceptionMapper
    public Response overloaded(BulkheadException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.OVERLOADED,
                "Too many expensive reads (searches, listing pages, bulk fetches) are running; retry shortly", path(uri)))
                .header(HttpHeaders.RETRY_AFTER, 1)
                .build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        String detail = errors.stream().map(err -> err.field() + " " + err.message())
                .reduce((a, b) -> a + "; " + b).orElse("Invalid request");
        return respond(Problem.invalid(detail, path(uri), errors)).build();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        if (e.getCause() instanceof ProblemException cause) {
            return problem(cause, uri); // raised while the body was streaming, e.g. over the size limit
        }
        return respond(Problem.of(ProblemType.MALFORMED_REQUEST, describe(e), path(uri))).build();
    }

    /** Declared apart so that it outranks quarkus-rest-jackson's own mapper for these. */
    @ServerExceptionMapper
    public Response jsonShape(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonUnknownField(UnrecognizedPropertyException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return challenge(uri, "Credentials are required (HTTP Basic)");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return challenge(uri, "The credentials are not valid");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.FORBIDDEN, "Your role does not allow this operation", path(uri)))
                .build();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException jsonError) {
            return json(jsonError, uri);
        }
        if (status >= 500) {
            return unexpected(e, uri);
        }
        ProblemType type = ProblemType.forStatus(status);
        Response.ResponseBuilder response = respond(Problem.of(type, frameworkDetail(type, uri), path(uri)));
        Object allow = e.getResponse().getHeaders().getFirst(HttpHeaders.ALLOW);
        if (allow != null) {
            response.header(HttpHeaders.ALLOW, allow);
        }
        return response.build();
    }

    /**
     * The REST layer answers a Content-Type it cannot parse, or a form body it cannot decode, with a bare
     * IllegalArgumentException; it reads both only when a request needs them, before our code runs.
     * Ours throws ProblemException for bad input, so any other one is a bug.
     */
    @ServerExceptionMapper
    public Response unreadableRequest(IllegalArgumentException e, UriInfo uri, HttpHeaders headers) {
        ProblemType type = unreadable(headers.getHeaderString(HttpHeaders.CONTENT_TYPE));
        if (type == null) {
            return unexpected(e, uri);
        }
        LOG.debugf(e, "Unreadable request on %s", path(uri));
        return respond(Problem.of(type, type == ProblemType.UNSUPPORTED_MEDIA_TYPE
                ? "The Content-Type header is not a media type"
                : "The request body is not valid form encoding", path(uri))).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (e instanceof ProblemException problem) {
            return problem(problem, uri);
        }
        PersistenceFailures.Kind kind = PersistenceFailures.classify(e);
        switch (kind) {
            case UNAVAILABLE -> {
                LOG.warnf("Database unavailable while serving %s: %s", path(uri), PersistenceFailures.summary(e));
                return respond(Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                        "The database is unavailable; retry later", path(uri)))
                        .header(HttpHeaders.RETRY_AFTER, config.http().retryAfter().toSeconds())
                        .build();
            }
            case CONFLICT -> {
                return respond(Problem.of(ProblemType.CONFLICT,
                        "The request conflicts with the current state of a resource", path(uri))).build();
            }
            case INVALID -> {
                return respond(Problem.of(ProblemType.VALIDATION,
                        "The request breaks a data rule", path(uri))).build();
            }
            default -> {
                String incident = UUID.randomUUID().toString();
                LOG.errorf(e, "Unexpected failure %s while serving %s", incident, path(uri));
                return respond(Problem.of(ProblemType.INTERNAL,
                        "Unexpected error; quote incident " + incident + " when reporting it", path(uri))).build();
            }
        }
    }

    /** What a request-parsing failure means given the request's Content-Type; null when it cannot be the request's fault. */
    static ProblemType unreadable(String contentType) {
        if (contentType == null) {
            return null;
        }
        MediaType type;
        try {
            type = MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            return ProblemType.UNSUPPORTED_MEDIA_TYPE;
        }
        String essence = (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
        return FORM_TYPES.contains(essence) ? ProblemType.MALFORMED_REQUEST : null;
    }

    private Response challenge(UriInfo uri, String detail) {
        return respond(Problem.of(ProblemType.UNAUTHORIZED, detail, path(uri)))
                .header(HttpHeaders.WWW_AUTHENTICATE, BASIC_CHALLENGE)
                .build();
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }

    private String frameworkDetail(ProblemType type, UriInfo uri) {
        return switch (type) {
            case NOT_FOUND -> "Nothing is served at " + path(uri);
            case METHOD_NOT_ALLOWED -> "This method is not allowed on " + path(uri);
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json";
            case NOT_ACCEPTABLE -> "This resource is available as application/json only";
            case PAYLOAD_TOO_LARGE -> BodySizeLimit.detail(config);
            default -> "The request is not valid";
        };
    }

    /** Names the offending field and the problem, never the Java types behind it. */
    static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'";
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            String field = jsonPath((JsonMappingException) e);
            return field.isEmpty() ? "The request body has the wrong shape" : field + " has the wrong type";
        }
        return "The request body is not valid JSON";
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** "create.request.name" becomes "name"; list elements keep their index: "aliases[2]". */
    private static String fieldName(ConstraintViolation<?> violation) {
        String parameter = null;
        StringBuilder field = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case PARAMETER -> parameter = node.getName();
                case PROPERTY -> field.append(field.isEmpty() ? "" : ".").append(node.getName());
                case CONTAINER_ELEMENT -> {
                    if (node.getIndex() != null) {
                        field.append('[').append(node.getIndex()).append(']');
                    }
                }
                default -> { }
            }
        }
        if (field.isEmpty()) {
            return parameter == null ? "request" : parameter;
        }
        return field.toString();
    }
}

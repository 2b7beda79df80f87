package dev.glossary.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.hibernate.StaleStateException;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where failures become problem+json; nothing of an exception reaches the client but our detail. */
@ApplicationScoped
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final Set<String> FORM_TYPES = Set.of(MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA);

    @Inject HttpConfig config;

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return answer(e.type(), e.getMessage(), request, e.errors(), HttpHeaders.RETRY_AFTER,
                e.retryAfter() == null ? null : Math.max(1, e.retryAfter().toSeconds()));
    }

    /** A shed read, answered at once so that a busy instance never makes a client wait for a time-out. */
    @ServerExceptionMapper
    public Response overloaded(BulkheadException e, HttpServerRequest request) {
        return problem(ProblemException.overloaded("Too many expensive reads (searches, listing pages, bulk fetches) are running;"
                + " retry shortly"), request);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, HttpServerRequest request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message)).toList();
        String detail = errors.isEmpty() ? "Invalid request"
                : errors.stream().map(err -> err.field() + " " + err.message()).collect(Collectors.joining("; "));
        return answer(ProblemType.VALIDATION, detail, request, errors, null, null);
    }

    /** The Jackson subtypes are named so that this outranks quarkus-rest-jackson's own mappers for them. */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class, UnrecognizedPropertyException.class})
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        return e.getCause() instanceof ProblemException cause ? problem(cause, request) // the body streamed in over the limit
                : answer(ProblemType.MALFORMED_REQUEST, describe(e), request, null, null, null);
    }

    /** A bad token is told nothing more than "not valid"; without credentials, both ways in are offered. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, HttpServerRequest request) {
        if (e instanceof UnauthorizedException) {
            // Basic last: clients that read one WWW-Authenticate field read the last, and people use Basic.
            Response anonymous = answer(ProblemType.UNAUTHORIZED, "Credentials are required (HTTP Basic, or an API token as Bearer)",
                    request, null, HttpHeaders.WWW_AUTHENTICATE, AuthorizationHeader.BEARER_CHALLENGE);
            return Response.fromResponse(anonymous).header(HttpHeaders.WWW_AUTHENTICATE, AuthorizationHeader.BASIC_CHALLENGE).build();
        }
        return bearer(request) ? answer(ProblemType.UNAUTHORIZED, "The token is not valid", request, null,
                HttpHeaders.WWW_AUTHENTICATE, AuthorizationHeader.INVALID_TOKEN_CHALLENGE)
                : answer(ProblemType.UNAUTHORIZED, "The credentials are not valid", request, null,
                HttpHeaders.WWW_AUTHENTICATE, AuthorizationHeader.BASIC_CHALLENGE);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return answer(ProblemType.FORBIDDEN, bearer(request) ? "The token's scopes do not allow this operation"
                : "Your role does not allow this operation", request, null, null, null);
    }

    private static boolean bearer(HttpServerRequest request) {
        return AuthorizationHeader.uses(request.getHeader(HttpHeaders.AUTHORIZATION), AuthorizationHeader.BEARER);
    }

    /** The REST layer's own refusals; a wrong method on a path that exists is a 405 whatever the router said. */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, request);
        } else if (e.getCause() instanceof ProblemException problem) {
            return problem(problem, request); // from a parameter converter (QueryParams)
        } else if (status >= 500) {
            return unexpected(e, request);
        }
        String allow = status == 404 || status == 405 ? HttpMethods.allowed(request.path(), request.method().name()) : null;
        allow = allow == null && status == 405 ? e.getResponse().getHeaderString(HttpHeaders.ALLOW) : allow;
        ProblemType type = allow != null ? ProblemType.METHOD_NOT_ALLOWED : ProblemType.forStatus(status);
        return answer(type, frameworkDetail(type, request.path()), request, null, HttpHeaders.ALLOW, allow);
    }

    /** The REST layer's bare IllegalArgumentException for a bad Content-Type or form body; any other is a bug. */
    @ServerExceptionMapper
    public Response unreadableRequest(IllegalArgumentException e, HttpServerRequest request) {
        ProblemType type = unreadable(request.getHeader(HttpHeaders.CONTENT_TYPE));
        return type == null ? unexpected(e, request) : answer(type, type == ProblemType.UNSUPPORTED_MEDIA_TYPE
                ? "The Content-Type header is not a media type" : "The request body is not valid form encoding", request, null, null, null);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, HttpServerRequest request) {
        ProblemType kind = classify(e);
        if (kind == ProblemType.SERVICE_UNAVAILABLE) {
            LOG.warnf("Database unavailable while serving %s: %s", request.path(), rootCause(e));
            return answer(kind, "The database is unavailable; retry later", request, null,
                    HttpHeaders.RETRY_AFTER, config.retryAfter().toSeconds());
        }
        if (kind != null) {
            return answer(kind, kind == ProblemType.CONFLICT ? "The request conflicts with the current state of a resource"
                    : "The request breaks a data rule", request, null, null, null);
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure %s while serving %s", incident, request.path());
        return answer(ProblemType.INTERNAL, "Unexpected error; quote incident " + incident + " when reporting it", request,
                null, null, null);
    }

    /** Failures before the REST layer (a declared body over the limit, a bad request line) get problem+json too. */
    void register(@Observes Router router) {
        router.route().order(RouteOrder.FAILURES_AND_BODY_SIZE).handler(context -> BodySizeLimit.rejectDeclared(context, config))
                .failureHandler(this::routeFailure);
    }

    private void routeFailure(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        int status = context.statusCode() > 0 ? context.statusCode() : 500;
        if (status >= 500 && context.failure() != null) {
            LOG.errorf(context.failure(), "Failure outside the REST layer on %s", context.request().path());
        }
        ProblemType type = ProblemType.forStatus(status);
        send(context, status, type, status == 413 ? BodySizeLimit.detail(config, context.request().path()) : type.title());
    }

    /** Ends a Vert.x exchange with a problem, for answers given before the REST layer is reached. */
    public static void send(RoutingContext context, int status, ProblemType type, String detail) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encodeToBuffer(Problem.of(type, detail, context.request().path(), null)));
    }

    /** A route's failed database read: the problem it raised (404, 406...), else the database is unavailable (503). */
    public void sendReadFailure(RoutingContext context, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ProblemException answer) {
            send(context, answer.type().status(), answer.type(), answer.getMessage());
            return;
        }
        LOG.warnf("Database unavailable while serving %s: %s", context.request().path(), cause.getMessage());
        context.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(config.retryAfter().toSeconds()));
        send(context, 503, ProblemType.SERVICE_UNAVAILABLE, "The database is unavailable; retry later");
    }

    /** What a request-parsing failure means given the request's Content-Type; null when it cannot be the request's fault. */
    static ProblemType unreadable(String contentType) {
        try {
            MediaType type = contentType == null ? null : MediaType.valueOf(contentType);
            return type != null && FORM_TYPES.contains((type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT))
                    ? ProblemType.MALFORMED_REQUEST : null;
        } catch (IllegalArgumentException e) {
            return ProblemType.UNSUPPORTED_MEDIA_TYPE;
        }
    }

    /** A database failure by SQLSTATE, in causes and suppressed ones (a commit cut by an outage); null for a bug. */
    static ProblemType classify(Throwable failure) {
        return classify(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static ProblemType classify(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return null;
        }
        ProblemType own = classifyOne(t);
        for (int i = 0; own == null && i < t.getSuppressed().length; i++) {
            own = classify(t.getSuppressed()[i], seen);
        }
        return own != null ? own : classify(t.getCause(), seen);
    }

    private static ProblemType classifyOne(Throwable t) {
        if (t instanceof SQLTransientConnectionException || t instanceof JDBCConnectionException) {
            return ProblemType.SERVICE_UNAVAILABLE;
        }
        if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
            return ProblemType.CONFLICT; // another request changed the row between our read and our write
        }
        if (!(t instanceof SQLException sql)) {
            return null;
        }
        String state = sql.getSQLState();
        if (state == null) { // Agroal's exhausted pool ("Sorry, acquisition timeout!") has no SQLSTATE
            return String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT).contains("acquisition timeout")
                    ? ProblemType.SERVICE_UNAVAILABLE : null;
        }
        if (state.matches("08...|53...|57...|40001|40P01|55P03")) { // connection, resources, shutdown, serialisation, lock
            return ProblemType.SERVICE_UNAVAILABLE;
        }
        if (state.equals("23505") || state.equals("23503")) {
            return ProblemType.CONFLICT;
        }
        return state.startsWith("23") || state.startsWith("22") ? ProblemType.VALIDATION : null;
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root instanceof SQLException sql ? " " + sql.getSQLState() : "");
    }

    private static Response answer(ProblemType type, String detail, HttpServerRequest request, List<Problem.FieldError> errors,
            String header, Object value) {
        Response.ResponseBuilder response = Response.status(type.status()).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(type, detail, request.path(), errors));
        return (value == null ? response : response.header(header, value)).build();
    }

    private String frameworkDetail(ProblemType type, String path) {
        return switch (type) {
            case NOT_FOUND -> "Nothing is served at " + path;
            case METHOD_NOT_ALLOWED -> methodNotAllowed(path);
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as "
                    + (BodySizeLimit.MAIL_REPORTS.equals(path) ? "message/rfc822" : "application/json");
            case NOT_ACCEPTABLE -> "This resource is available as application/json only";
            case PAYLOAD_TOO_LARGE -> BodySizeLimit.detail(config, path);
            default -> "The request is not valid";
        };
    }

    static String methodNotAllowed(String path) {
        return "This method is not allowed on " + path;
    }

    /** Names the offending field and the problem, never the Java types behind it. */
    static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'";
        }
        if (!(e instanceof MismatchedInputException mismatch)) { // InvalidFormatException is one too
            return "The request body is not valid JSON";
        }
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : mismatch.getPath()) {
            if (ref.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "The request body has the wrong shape" : field + " has the wrong type";
    }

    /** "create.request.name" becomes "name"; list elements keep their index: "aliases[2]". */
    private static String fieldName(Path path) {
        String parameter = null;
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case PARAMETER -> parameter = node.getName();
                case PROPERTY -> field.append(field.isEmpty() ? "" : ".").append(node.getName());
                case CONTAINER_ELEMENT -> field.append(node.getIndex() == null ? "" : "[" + node.getIndex() + "]");
                default -> { }
            }
        }
        return !field.isEmpty() ? field.toString() : parameter == null ? "request" : parameter;
    }
}

package dev.glossary.web;

import dev.glossary.common.Slugs;
import dev.glossary.config.GlossaryConfig;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.smallrye.config.SmallRyeConfig;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the OpenAPI document (docs/architecture/web.md) when {@code /q/openapi} is asked for, each time on a fresh
 * copy of the build's model. As a RUNTIME_STARTUP filter it made Quarkus complete the document and write it out as JSON
 * and YAML on every start (bench/README.md: about a quarter of the start-up main thread's work went to OpenAPI), for a
 * document few ever ask for. {@link HttpMethods} reads its paths from the build's document instead.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_PER_REQUEST)
public class OpenApiDocument implements OASFilter {

    private static final String SCHEMAS = "#/components/schemas/";
    /** The generic records by schema name; the longer first, as "XCursorPage" also ends in "Page". */
    private static final List<String> GENERIC = List.of("CursorPage", "Page");
    /** A property whose description starts so says when it is present: it is not required. */
    static final String OPTIONAL_MARK = "Present ";

    private static final Set<String> LISTINGS = Stream.of(Listing.Path.values()).map(path -> path.operationId)
            .collect(Collectors.toUnmodifiableSet());

    private final SmallRyeConfig settings = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
    private final HttpConfig config = settings.getConfigMapping(HttpConfig.class);
    private final String publicBaseUrl = settings.getConfigMapping(GlossaryConfig.class).publicBaseUrl().replaceAll("/+$", "");

    @Override
    public void filterOpenAPI(OpenAPI document) {
        document.setServers(List.of(OASFactory.createServer().url(publicBaseUrl)));
        if (document.getPaths() == null || document.getComponents() == null || document.getComponents().getSchemas() == null) {
            return;
        }
        document.getComponents().addSecurityScheme(ApiDocs.API_TOKEN, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("glo_ followed by 43 base64url characters")
                .description("An API token an admin created (POST /tokens); it may do what its scopes allow (docs/security.md)"));
        document.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            addSharedAnswers(method, operation);
            if (LISTINGS.contains(operation.getOperationId())) {
                documentCaching(operation);
            }
            typePathParameters(path, operation);
            // Under the basicAuth scheme, an operation that names no requirement is public: say so.
            if (operation.getSecurity() == null) {
                operation.setSecurity(new ArrayList<>());
            }
            if (operation.getCallbacks() != null) {
                operation.getCallbacks().forEach((name, callback) -> callback.getPathItems().values().forEach(sent ->
                        sent.getOperations().values().forEach(delivery -> {
                            delivery.setOperationId(delivery.getOperationId() == null ? name : delivery.getOperationId());
                            delivery.setSecurity(delivery.getSecurity() == null ? new ArrayList<>() : delivery.getSecurity());
                        })));
            }
        }));
        List<Operation> operations = document.getPaths().getPathItems().values().stream()
                .flatMap(path -> path.getOperations().values().stream()).toList();
        inlineScalars(document.getComponents());
        namePageSchemas(document, operations);
        mergePageOrCursorPage(document, operations);
        typeSchemas(document, operations);
        closeRequestBodies(document, operations);
    }

    /** What every {@link Listing} shares: its 200 and 304 carry ETag and Cache-Control; If-None-Match revalidates. */
    private static void documentCaching(Operation operation) {
        APIResponse ok = operation.getResponses() == null ? null : operation.getResponses().getAPIResponse("200");
        if (ok == null) {
            return;
        }
        APIResponse notModified = OASFactory.createAPIResponse()
                .description("Unchanged since the If-None-Match tag: no body; keep using the copy you have");
        for (APIResponse response : List.of(ok, notModified)) {
            response.addHeader("ETag", OASFactory.createHeader().schema(OASFactory.createSchema().addType(SchemaType.STRING))
                    .description("Tag of this answer, the same on every instance; send it back as If-None-Match to revalidate"));
            response.addHeader("Cache-Control", OASFactory.createHeader().schema(OASFactory.createSchema().addType(SchemaType.STRING))
                    .description("public, max-age=N: how long this answer may be reused without asking (docs/frontends.md)"));
        }
        operation.getResponses().addAPIResponse("304", notModified);
        operation.addParameter(OASFactory.createParameter().name("If-None-Match").in(Parameter.In.HEADER)
                .description("ETags of copies you hold (or *): 304 if one still matches")
                .schema(OASFactory.createSchema().addType(SchemaType.STRING)));
    }

    /** What every operation of the service may answer besides its own statuses (not callbacks: receivers answer those). */
    private void addSharedAnswers(PathItem.HttpMethod method, Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            return;
        }
        if (responses.getAPIResponses() != null) {
            responses.getAPIResponses().entrySet().stream().filter(status -> status.getKey().matches("[45]\\d\\d"))
                    .forEach(problem -> asProblem(problem.getValue()));
        }
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            addIfAbsent(responses, "401", "No or wrong credentials (HTTP Basic; or an unknown, malformed, expired or revoked"
                    + " API token, all answered alike)", ApiDocs.UNAUTHORIZED_EXAMPLE)
                    .addHeader("WWW-Authenticate", OASFactory.createHeader().schema(OASFactory.createSchema().addType(SchemaType.STRING))
                            .description("The schemes to retry with: Basic, and Bearer where the operation takes API tokens"));
            addIfAbsent(responses, "403", "The user's role, or the API token's scopes, do not allow this operation",
                    ApiDocs.FORBIDDEN_EXAMPLE);
            retryAfter(addIfAbsent(responses, "429", "Too many failed Basic logins from this address (LoginThrottle)", null));
        } else if (method != PathItem.HttpMethod.GET) {
            addIfAbsent(responses, "403", "A cross-origin write from an origin that is not allowed (CrossOriginRequests)", null);
        }
        retryAfter(addIfAbsent(responses, "503", "The database is unreachable, or the service sheds load", null));
        if (takesIdempotencyKey(operation)) {
            // Every idempotent write may answer these, whatever else its own 409 and 422 mean.
            appendToDescription(addIfAbsent(responses, "409", "A request with this Idempotency-Key is still running", null),
                    "; or a request with this Idempotency-Key is still running");
            appendToDescription(addIfAbsent(responses, "422", "This Idempotency-Key was used with a different request", null),
                    "; or this Idempotency-Key was used with a different request");
        }
        if (operation.getRequestBody() != null) {
            addIfAbsent(responses, "400", "Invalid body, malformed JSON or unknown field", ApiDocs.MALFORMED_EXAMPLE);
            addIfAbsent(responses, "413", "Body over " + BodySizeLimit.describe(config.maxBodySize().asLongValue()), null);
            addIfAbsent(responses, "415", "Body of an unsupported media type", null);
        }
    }

    private static boolean takesIdempotencyKey(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> IdempotentWrites.HEADER.equalsIgnoreCase(parameter.getName()));
    }

    private static void appendToDescription(APIResponse response, String more) {
        String description = response.getDescription();
        if (description != null && !description.toLowerCase(Locale.ROOT).contains("idempotency-key")) {
            response.setDescription(description + more);
        }
    }

    /**
     * Query integers with a default may be empty; path parameters in the order the path names them (JAX-RS reports them in another), each typed by its name:
     * {@code {id}} is a row id (resources parse it with {@link dev.glossary.common.PathIds}), {@code {slug}} and
     * {@code {other}} a term's slug or alias.
     */
    private static void typePathParameters(String path, Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        List<Parameter> parameters = new ArrayList<>(operation.getParameters());
        parameters.sort(Comparator.comparingInt(parameter -> parameter.getIn() == Parameter.In.PATH
                ? path.indexOf("{" + parameter.getName() + "}") : Integer.MAX_VALUE));
        // QueryParams reads an empty bounded integer as its default.
        parameters.stream().filter(parameter -> parameter.getIn() == Parameter.In.QUERY && parameter.getSchema() != null
                && parameter.getSchema().getDefaultValue() != null && parameter.getSchema().getType() != null
                && parameter.getSchema().getType().contains(SchemaType.INTEGER)).forEach(parameter -> parameter.setAllowEmptyValue(true));
        parameters.stream().filter(parameter -> parameter.getIn() == Parameter.In.PATH).forEach(parameter -> {
            if ("id".equals(parameter.getName())) {
                parameter.setSchema(OASFactory.createSchema().addType(SchemaType.INTEGER).format("int64").minimum(BigDecimal.ONE));
            } else if ("slug".equals(parameter.getName()) || "other".equals(parameter.getName())) {
                parameter.setSchema(OASFactory.createSchema().addType(SchemaType.STRING)
                        .pattern(Slugs.PATTERN).maxLength(Slugs.MAX_LENGTH));
            }
        });
        operation.setParameters(parameters);
    }

    /** Instant and UUID written in place (string, date-time or uuid), not as components generators make classes of. */
    private static void inlineScalars(Components components) {
        Map<String, Schema> schemas = components.getSchemas();
        Map<String, Schema> scalars = new HashMap<>();
        schemas.forEach((name, schema) -> {
            if (schema.getProperties() == null && schema.getFormat() != null && schema.getType() != null
                    && schema.getType().contains(SchemaType.STRING)) {
                scalars.put(SCHEMAS + name, schema);
            }
        });
        schemas.values().forEach(schema -> everyProperty(schema, property -> {
            List<Schema> references = parts(property).stream().filter(part -> scalars.containsKey(part.getRef())).toList();
            Schema scalar = scalars.get(property.getRef() != null ? property.getRef()
                    : references.size() == 1 ? references.get(0).getRef() : "");
            if (scalar != null) {
                boolean nullable = property.getType() != null && property.getType().contains(SchemaType.NULL);
                property.setRef(null);
                property.setAllOf(null);
                property.setAnyOf(null);
                property.setType(nullable ? List.of(SchemaType.STRING, SchemaType.NULL) : List.of(SchemaType.STRING));
                property.setFormat(scalar.getFormat());
            }
        }));
        scalars.keySet().forEach(ref -> components.removeSchema(ref.substring(SCHEMAS.length())));
    }

    /**
     * A listing answering a page or a cursor page ({@code anyOf [XPage, XCursorPage]}) documents one {@code XPage}
     * whose counts are present on page-number answers only: a generated client then keeps them typed.
     */
    private static void mergePageOrCursorPage(OpenAPI document, List<Operation> operations) {
        Map<String, Schema> schemas = document.getComponents().getSchemas();
        operations.forEach(operation -> responses(operation).forEach(response -> contentSchemas(response.getContent(), schema -> {
            List<String> refs = schema.getAnyOf() == null ? List.of()
                    : schema.getAnyOf().stream().map(part -> String.valueOf(part.getRef())).toList();
            if (refs.size() != 2 || !refs.get(0).endsWith("Page") || !refs.get(1).equals(refs.get(0).replaceAll("Page$", "CursorPage"))) {
                return;
            }
            Schema page = schemas.get(refs.get(0).substring(SCHEMAS.length()));
            Set<String> always = schemas.get(refs.get(1).substring(SCHEMAS.length())).getProperties().keySet();
            Map<String, Schema> properties = new LinkedHashMap<>(page.getProperties());
            properties.replaceAll((name, property) -> {
                if (always.contains(name) || String.valueOf(property.getDescription()).startsWith(OPTIONAL_MARK)) {
                    return property;
                }
                Schema copy = OASFactory.createSchema();
                copy.setAll(new LinkedHashMap<>(property.getAll()));
                return copy.description(OPTIONAL_MARK + "on page-number answers, not on cursor answers"
                        + (property.getDescription() == null ? "" : ". " + property.getDescription()));
            });
            page.setProperties(properties);
            schema.setAnyOf(null);
            schema.setType(null);
            schema.setRef(refs.get(0));
        })));
    }

    /** Every body this service reads refuses unknown fields (400), and says so. */
    private static void closeRequestBodies(OpenAPI document, List<Operation> operations) {
        Map<String, Schema> schemas = document.getComponents().getSchemas();
        operations.stream().filter(operation -> operation.getRequestBody() != null).forEach(operation ->
                contentSchemas(operation.getRequestBody().getContent(), schema -> {
                    Schema body = schema.getRef() == null ? schema : schemas.get(schema.getRef().substring(SCHEMAS.length()));
                    if (body != null && body.getProperties() != null) {
                        body.setAdditionalPropertiesBoolean(false);
                    }
                }));
    }

    /** Applies the action to every property of the schema, nested ones and array items' included. */
    private static void everyProperty(Schema schema, Consumer<Schema> action) {
        if (schema == null) {
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> {
                action.accept(property);
                everyProperty(property, action);
            });
        }
        if (schema.getItems() != null) {
            action.accept(schema.getItems());
            everyProperty(schema.getItems(), action);
        }
    }

    private static void asProblem(APIResponse response) {
        MediaType problem = response.getContent() == null ? null : response.getContent().getMediaType(Problem.MEDIA_TYPE);
        if (problem == null) {
            problem = OASFactory.createMediaType();
            response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, problem));
        }
        if (problem.getSchema() == null) {
            problem.setSchema(OASFactory.createSchema().ref(SCHEMAS + "Problem"));
        }
    }

    /** The response added, or the one the resource declared. */
    private static APIResponse addIfAbsent(APIResponses responses, String status, String description, String example) {
        if (responses.hasAPIResponse(status)) {
            return responses.getAPIResponse(status);
        }
        APIResponse response = OASFactory.createAPIResponse().description(description);
        asProblem(response);
        if (example != null) {
            response.getContent().getMediaType(Problem.MEDIA_TYPE)
                    .setExamples(Map.of("problem", OASFactory.createExample().value(new JsonObject(example).getMap())));
        }
        responses.addAPIResponse(status, response);
        return response;
    }

    private static void retryAfter(APIResponse response) {
        if (response.getHeaders() == null || !response.getHeaders().containsKey("Retry-After")) {
            response.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before retrying")
                    .schema(OASFactory.createSchema().addType(SchemaType.INTEGER)));
        }
    }

    /** {@code <Item>Page} (or {@code <Item>CursorPage}) named by a response: a common Page (or CursorPage) of {@code <Item>}. */
    private static void namePageSchemas(OpenAPI document, List<Operation> operations) {
        Map<String, Schema> schemas = document.getComponents().getSchemas();
        Set<String> named = new TreeSet<>(schemas.keySet());
        operations.forEach(operation -> responses(operation).forEach(response ->
                contentSchemas(response.getContent(), schema -> reach(schema, schemas, named))));
        for (String name : named) {
            GENERIC.stream().filter(generic -> name.endsWith(generic) && schemas.containsKey(generic)
                    && schemas.containsKey(name.substring(0, name.length() - generic.length()))).findFirst().ifPresent(generic -> {
                Schema page = OASFactory.createSchema();
                page.setAll(new LinkedHashMap<>(schemas.get(generic).getAll()));
                Map<String, Schema> properties = new LinkedHashMap<>(schemas.get(generic).getProperties());
                properties.put("items", OASFactory.createSchema().addType(SchemaType.ARRAY)
                        .items(OASFactory.createSchema().ref(SCHEMAS + name.substring(0, name.length() - generic.length()))));
                page.setProperties(properties);
                document.getComponents().addSchema(name, page);
            });
        }
    }

    /** Required properties, typed parameters and headers, nullable references, unused schemas dropped (web.md). */
    private static void typeSchemas(OpenAPI document, List<Operation> operations) {
        Map<String, Schema> schemas = document.getComponents().getSchemas();
        Set<String> fromResponses = new HashSet<>();
        Set<String> fromAnywhere = new HashSet<>();
        Consumer<Schema> used = schema -> reach(schema, schemas, fromAnywhere);
        for (Operation operation : operations) {
            if (operation.getRequestBody() != null) {
                contentSchemas(operation.getRequestBody().getContent(), used);
            }
            // Callbacks (webhook deliveries) document bodies that this service sends.
            if (operation.getCallbacks() != null) {
                operation.getCallbacks().values().forEach(callback -> callback.getPathItems().values()
                        .forEach(item -> item.getOperations().values().stream().filter(sent -> sent.getRequestBody() != null)
                                .forEach(sent -> contentSchemas(sent.getRequestBody().getContent(), used))));
            }
            if (operation.getParameters() != null) {
                operation.getParameters().forEach(parameter -> {
                    parameter.setSchema(parameter.getSchema() == null ? OASFactory.createSchema() : parameter.getSchema());
                    if (parameter.getSchema().getType() == null && parameter.getSchema().getRef() == null) {
                        parameter.getSchema().addType(SchemaType.STRING);
                    }
                    used.accept(parameter.getSchema());
                });
            }
            for (APIResponse response : responses(operation)) {
                if (response.getHeaders() != null) {
                    response.getHeaders().forEach((name, header) -> {
                        if (header.getRef() == null && header.getSchema() == null) {
                            header.setSchema(OASFactory.createSchema()
                                    .addType("Retry-After".equalsIgnoreCase(name) ? SchemaType.INTEGER : SchemaType.STRING));
                        }
                    });
                }
                contentSchemas(response.getContent(), schema -> reach(schema, schemas, fromResponses));
            }
        }
        fromAnywhere.addAll(fromResponses);
        List.copyOf(schemas.keySet()).stream().filter(name -> !fromAnywhere.contains(name))
                .forEach(document.getComponents()::removeSchema);
        fromResponses.stream().map(schemas::get).filter(schema -> schema != null && schema.getProperties() != null)
                .forEach(schema -> {
                    List<String> required = schema.getProperties().entrySet().stream().filter(property ->
                            !String.valueOf(property.getValue().getDescription()).startsWith(OPTIONAL_MARK)).map(Map.Entry::getKey).toList();
                    schema.setRequired(required.isEmpty() ? null : required);
                });
        schemas.values().forEach(OpenApiDocument::typeNullableReferences);
    }

    /** A nullable reference becomes an object that is the reference or null: 3.0 readers ignore nullable beside allOf. */
    private static void typeNullableReferences(Schema schema) {
        if (schema == null) {
            return;
        }
        if (schema.getProperties() != null) {
            Map<String, Schema> properties = new LinkedHashMap<>(schema.getProperties());
            properties.replaceAll((name, property) -> {
                List<Schema> references = parts(property).stream().filter(part -> part.getRef() != null).toList();
                if (references.size() != 1 || property.getType() != null && property.getType().contains(SchemaType.OBJECT)) {
                    return property;
                }
                Schema onlyNull = OASFactory.createSchema().type(List.of(SchemaType.OBJECT, SchemaType.NULL))
                        .enumeration(Collections.singletonList(null));
                return OASFactory.createSchema().type(List.of(SchemaType.OBJECT, SchemaType.NULL))
                        .description(property.getDescription()).anyOf(List.of(references.get(0), onlyNull));
            });
            schema.setProperties(properties);
            properties.values().forEach(OpenApiDocument::typeNullableReferences);
        }
        typeNullableReferences(schema.getItems());
    }

    /** Adds the component schemas this schema uses, directly or through others. */
    private static void reach(Schema schema, Map<String, Schema> schemas, Set<String> names) {
        if (schema == null) {
            return;
        }
        String ref = schema.getRef();
        if (ref != null && ref.startsWith(SCHEMAS) && names.add(ref.substring(SCHEMAS.length()))) {
            reach(schemas.get(ref.substring(SCHEMAS.length())), schemas, names);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> reach(property, schemas, names));
        }
        reach(schema.getItems(), schemas, names);
        parts(schema).forEach(part -> reach(part, schemas, names));
    }

    private static List<Schema> parts(Schema schema) {
        return Stream.of(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())
                .filter(Objects::nonNull).flatMap(List::stream).toList();
    }

    private static List<APIResponse> responses(Operation operation) {
        return operation.getResponses() == null || operation.getResponses().getAPIResponses() == null
                ? List.of() : List.copyOf(operation.getResponses().getAPIResponses().values());
    }

    private static void contentSchemas(Content content, Consumer<Schema> action) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().stream().map(MediaType::getSchema).filter(Objects::nonNull).forEach(action);
        }
    }
}

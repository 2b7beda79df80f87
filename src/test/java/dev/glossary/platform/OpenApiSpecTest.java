package dev.glossary.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.glossary.web.OpenApiDocuments;
import io.quarkus.arc.Arc;
import io.quarkus.smallrye.openapi.runtime.OpenApiConstants;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.openapi.runtime.io.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a generated client needs from the served document, checked rule by rule so that a new
 * operation or record cannot bring back an untyped or all-optional spec:
 * <ol>
 * <li>every property of a schema a response uses is required, unless its description says when it is
 *     present ("Present ..."): clients then type fields as always there;
 * <li>every parameter and every response header has a schema with a type;
 * <li>every component schema is referenced, and has a type (a nullable one too);
 * <li>every example of a response validates against that response's schema.
 * </ol>
 */
@QuarkusTest
class OpenApiSpecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMAS = "#/components/schemas/";

    private static String spec;
    private static JsonNode document;

    @BeforeEach
    void fetch() throws IOException {
        if (spec != null) {
            return;
        }
        spec = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        document = JSON.readTree(spec);
        Files.writeString(Path.of("target", "openapi.json"), spec); // to read when a rule fails
    }

    @Test
    void shouldRequireEveryResponsePropertyThatIsAlwaysPresent() {
        List<String> optional = new ArrayList<>();
        for (String name : responseSchemas()) {
            JsonNode schema = document.path("components").path("schemas").path(name);
            Set<String> required = new HashSet<>();
            schema.path("required").forEach(field -> required.add(field.asText()));
            schema.path("properties").fields().forEachRemaining(property -> {
                boolean documentedOptional = property.getValue().path("description").asText().startsWith("Present ");
                if (!required.contains(property.getKey()) && !documentedOptional) {
                    optional.add(name + "." + property.getKey());
                }
            });
        }
        assertEquals(List.of(), optional, "response properties neither required nor documented as sometimes absent");
    }

    @Test
    void shouldTypeEveryParameterAndResponseHeader() {
        List<String> untyped = new ArrayList<>();
        forEachOperation((where, operation) -> {
            operation.path("parameters").forEach(parameter -> {
                if (!typed(parameter.path("schema"))) {
                    untyped.add(where + " parameter " + parameter.path("name").asText());
                }
            });
            operation.path("responses").fields().forEachRemaining(response ->
                    response.getValue().path("headers").fields().forEachRemaining(header -> {
                        if (!typed(header.getValue().path("schema"))) {
                            untyped.add(where + " " + response.getKey() + " header " + header.getKey());
                        }
                    }));
        });
        assertEquals(List.of(), untyped, "parameters and headers a generated client would type as unknown");
    }

    @Test
    void shouldReferenceAndTypeEveryComponentSchema() {
        Set<String> referenced = new TreeSet<>();
        collectRefs(document.path("paths"), referenced);
        boolean grew = true;
        while (grew) { // schemas referenced only from referenced schemas count too
            int before = referenced.size();
            for (String name : List.copyOf(referenced)) {
                collectRefs(document.path("components").path("schemas").path(name), referenced);
            }
            grew = referenced.size() > before;
        }
        List<String> problems = new ArrayList<>();
        document.path("components").path("schemas").fields().forEachRemaining(schema -> {
            if (!referenced.contains(schema.getKey())) {
                problems.add(schema.getKey() + " is not referenced");
            }
            untypedIn(schema.getKey(), schema.getValue(), problems);
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldGiveExamplesThatValidateAgainstTheirSchemas() {
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec).build();
        List<String> invalid = new ArrayList<>();
        forEachOperation((where, operation) -> {
            String[] methodAndPath = where.split(" ", 2);
            String concretePath = methodAndPath[1].replaceAll("\\{[^}]+}", "x");
            operation.path("responses").fields().forEachRemaining(response -> {
                if (!response.getKey().matches("\\d{3}")) {
                    return;
                }
                response.getValue().path("content").fields().forEachRemaining(media -> {
                    List<JsonNode> examples = new ArrayList<>();
                    if (media.getValue().has("example")) {
                        examples.add(media.getValue().get("example"));
                    }
                    media.getValue().path("examples").forEach(example -> examples.add(example.path("value")));
                    for (JsonNode example : examples) {
                        String body = example.isTextual() ? example.asText() : example.toString();
                        SimpleResponse answer = SimpleResponse.Builder.status(Integer.parseInt(response.getKey()))
                                .withContentType(media.getKey()).withBody(body).build();
                        validator.validateResponse(concretePath, Request.Method.valueOf(methodAndPath[0]), answer)
                                .getMessages().stream()
                                .filter(message -> message.getKey().startsWith("validation.response.body"))
                                .forEach(message -> invalid.add(where + " " + response.getKey() + ": " + message.getMessage()));
                    }
                });
            });
        });
        assertEquals(List.of(), invalid, "examples that contradict their schemas");
    }

    /** The 400 examples show a field the operation actually has. */
    @Test
    void shouldShowValidationExamplesAboutTheOperationsOwnFields() {
        List<String> foreign = new ArrayList<>();
        forEachOperation((where, operation) -> {
            Set<String> fields = new HashSet<>();
            operation.path("parameters").forEach(parameter -> fields.add(parameter.path("name").asText()));
            JsonNode body = operation.path("requestBody").path("content").path("application/json").path("schema");
            String ref = body.path("$ref").asText();
            if (ref.startsWith(SCHEMAS)) {
                document.path("components").path("schemas").path(ref.substring(SCHEMAS.length())).path("properties")
                        .fieldNames().forEachRemaining(fields::add);
            }
            operation.path("responses").path("400").path("content").forEach(media ->
                    media.path("examples").forEach(example -> example.path("value").path("errors").forEach(error -> {
                        if (!fields.contains(error.path("field").asText())) {
                            foreign.add(where + " shows an error of '" + error.path("field").asText() + "'");
                        }
                    })));
        });
        assertEquals(List.of(), foreign);
    }

    @Test
    void shouldServeTheSameCompletedDocumentOnEveryRequestAsJsonAndYaml() throws IOException {
        // OpenApiDocument completes the document per request (not at start-up), on a fresh copy of the build's model.
        assertEquals(spec, given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        String yaml = given().get("/q/openapi").then().statusCode(200).extract().asString();
        JsonNode fromYaml = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        assertEquals(document.at("/components/securitySchemes/apiToken"), fromYaml.at("/components/securitySchemes/apiToken"));
        assertEquals(document.path("servers"), fromYaml.path("servers"));
        assertEquals(document.at("/paths").size(), fromYaml.at("/paths").size());
        // Completed once per format, then kept (web/OpenApiDocuments): the same bytes, not a new document per request.
        OpenApiDocumentService service = Arc.container().instance(OpenApiDocumentService.class).get();
        assertTrue(service instanceof OpenApiDocuments, service.getClass().getName());
        assertSame(service.getDocument(OpenApiConstants.DEFAULT_DOCUMENT_NAME, Format.JSON),
                service.getDocument(OpenApiConstants.DEFAULT_DOCUMENT_NAME, Format.JSON));
    }

    @Test
    void shouldServeThePublicBaseUrlAsTheOnlyServer() {
        assertEquals(1, document.path("servers").size());
        assertEquals("http://localhost:8080", document.at("/servers/0/url").asText()); // %test.glossary.public-base-url
    }

    @Test
    void shouldMarkEveryPublicOperationWithAnEmptySecurityRequirement() {
        List<String> unmarked = new ArrayList<>();
        forEachOperation((where, operation) -> {
            JsonNode security = operation.path("security");
            // basicAuth first; apiToken beside it where tokens are taken (either will do).
            boolean secured = security.path(0).has("basicAuth") && security.path(0).size() == 1 && (security.size() == 1
                    || security.size() == 2 && security.path(1).has("apiToken") && security.path(1).size() == 1);
            if (!security.isArray() || !(security.isEmpty() || secured)) {
                unmarked.add(where);
            }
        });
        assertEquals(List.of(), unmarked, "operations that are neither public (security: []) nor basicAuth (or apiToken)");
        assertTrue(document.at("/paths/~1terms/get/security").isEmpty());
        assertTrue(document.at("/paths/~1terms/post/security/0").has("basicAuth"));
        assertTrue(document.at("/paths/~1terms/post/security/1").has("apiToken"));
        assertEquals(1, document.at("/paths/~1tokens/post/security").size(), "no token makes tokens");
        assertEquals("bearer", document.at("/components/securitySchemes/apiToken/scheme").asText());
    }

    @Test
    void shouldNameEveryOperationAndCallbackOperationUniquely() {
        List<String> ids = new ArrayList<>();
        List<String> unnamed = new ArrayList<>();
        forEachOperation((where, operation) -> {
            named(where, operation, ids, unnamed);
            operation.path("callbacks").fields().forEachRemaining(callback -> callback.getValue().fields().forEachRemaining(url ->
                    url.getValue().fields().forEachRemaining(sent ->
                            named(where + " callback " + callback.getKey(), sent.getValue(), ids, unnamed))));
        });
        assertEquals(List.of(), unnamed);
        assertEquals(ids.size(), new HashSet<>(ids).size(), "duplicate operationIds in " + ids);
        assertTrue(ids.containsAll(List.of("termEvent", "issueEvent")), "callback operationIds in " + ids);
    }

    @Test
    void shouldListPathParametersInPathOrder() {
        List<String> misordered = new ArrayList<>();
        forEachOperation((where, operation) -> {
            List<String> declared = new ArrayList<>();
            operation.path("parameters").forEach(parameter -> {
                if ("path".equals(parameter.path("in").asText())) {
                    declared.add(parameter.path("name").asText());
                }
            });
            List<String> inPath = new ArrayList<>();
            Matcher names = Pattern.compile("\\{([^}]+)}").matcher(where);
            while (names.find()) {
                inPath.add(names.group(1));
            }
            if (!declared.equals(inPath)) {
                misordered.add(where + " declares " + declared);
            }
        });
        assertEquals(List.of(), misordered);
    }

    @Test
    void shouldTypeEveryIdAsInt64() {
        List<String> untyped = new ArrayList<>();
        forEachOperation((where, operation) -> operation.path("parameters").forEach(parameter -> {
            if ("id".equals(parameter.path("name").asText()) && !int64(parameter.path("schema"))) {
                untyped.add(where + " parameter id");
            }
        }));
        document.path("components").path("schemas").fields().forEachRemaining(schema -> {
            JsonNode id = schema.getValue().path("properties").path("id");
            boolean uuid = "uuid".equals(id.path("format").asText());
            boolean message = schema.getKey().equals("WebhookDelivery"); // its id is the webhook-id header, msg_...
            if (!id.isMissingNode() && !uuid && !message && !int64(id)) {
                untyped.add(schema.getKey() + ".id");
            }
        });
        assertEquals(List.of(), untyped);
    }

    @Test
    void shouldPutTheWebhookEventsEnumOnTheItems() {
        JsonNode events = document.at("/components/schemas/WebhookRequest/properties/events");
        assertEquals("array", events.path("type").asText());
        assertFalse(events.has("enum"));
        JsonNode items = events.path("items");
        JsonNode item = items.has("$ref") ? document.at(items.path("$ref").asText().substring(1)) : items;
        assertEquals("string", item.path("type").asText());
        assertEquals(4, item.path("enum").size());
    }

    @Test
    void shouldCloseEveryRequestBodyToUnknownFields() {
        List<String> open = new ArrayList<>();
        forEachOperation((where, operation) -> operation.path("requestBody").path("content").forEach(media -> {
            JsonNode schema = media.path("schema");
            JsonNode body = schema.has("$ref") ? document.at(schema.path("$ref").asText().substring(1)) : schema;
            if (body.has("properties") && !body.path("additionalProperties").isBoolean()
                    || body.path("additionalProperties").asBoolean(false)) {
                open.add(where);
            }
        }));
        assertEquals(List.of(), open, "request bodies that do not say additionalProperties: false");
    }

    @Test
    void shouldDescribeTheTermListingAsOnePageSchemaWithTypedOptionalCounts() {
        JsonNode schema = document.at("/paths/~1terms/get/responses/200/content/application~1json/schema");
        assertEquals(SCHEMAS + "TermSummaryPage", schema.path("$ref").asText());
        JsonNode page = document.at("/components/schemas/TermSummaryPage");
        Set<String> required = new TreeSet<>();
        page.path("required").forEach(field -> required.add(field.asText()));
        assertEquals(Set.of("items", "size"), required);
        assertEquals("integer", page.at("/properties/totalItems/type").asText());
        assertEquals("int64", page.at("/properties/totalItems/format").asText());
        assertTrue(page.at("/properties/nextCursor/nullable").asBoolean());
        assertTrue(document.at("/components/schemas/TermSummaryCursorPage").isMissingNode());
    }

    private static void named(String where, JsonNode operation, List<String> ids, List<String> unnamed) {
        if (operation.path("operationId").asText().isEmpty()) {
            unnamed.add(where);
        } else {
            ids.add(operation.path("operationId").asText());
        }
    }

    private static boolean int64(JsonNode schema) {
        return "integer".equals(schema.path("type").asText()) && "int64".equals(schema.path("format").asText());
    }

    private static Set<String> responseSchemas() {
        Set<String> names = new TreeSet<>();
        forEachOperation((where, operation) -> collectRefs(operation.path("responses"), names));
        boolean grew = true;
        while (grew) {
            int before = names.size();
            for (String name : List.copyOf(names)) {
                collectRefs(document.path("components").path("schemas").path(name), names);
            }
            grew = names.size() > before;
        }
        return names;
    }

    private interface OperationVisitor {
        void visit(String where, JsonNode operation);
    }

    private static void forEachOperation(OperationVisitor visitor) {
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(method.getKey())) {
                visitor.visit(method.getKey().toUpperCase() + " " + path.getKey(), method.getValue());
            }
        }));
    }

    private static void collectRefs(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            String ref = node.path("$ref").asText("");
            if (ref.startsWith(SCHEMAS)) {
                into.add(ref.substring(SCHEMAS.length()));
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                collectRefs(fields.next().getValue(), into);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, into));
        }
    }

    /** A type of its own, or a $ref (whose target is checked in its own right). */
    private static boolean typed(JsonNode schema) {
        return schema.has("type") || schema.has("$ref")
                || (!schema.has("nullable") && (schema.has("anyOf") || schema.has("oneOf")));
    }

    private static void untypedIn(String where, JsonNode schema, List<String> problems) {
        if (!typed(schema)) {
            problems.add(where + " has no type");
        }
        schema.path("properties").fields().forEachRemaining(property ->
                untypedIn(where + "." + property.getKey(), property.getValue(), problems));
        if (schema.has("items")) {
            untypedIn(where + "[]", schema.get("items"), problems);
        }
    }
}

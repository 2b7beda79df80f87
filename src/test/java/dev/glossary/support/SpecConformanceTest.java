package dev.glossary.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks every rest-assured test runs through {@link SpecConformance}: a lie of the spec or the server fails. */
class SpecConformanceTest {

    private static final String SPEC = """
            {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/things": {
              "get": {"parameters": [{"name": "size", "in": "query", "allowEmptyValue": true, "schema": {"type": "integer", "default": 20}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}},
              "post": {"requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object",
                  "additionalProperties": false, "properties": {"name": {"type": "string"}}}}}},
                "responses": {"201": {"description": "made"}, "400": {"description": "refused"}}}}},
             "components": {"schemas": {"Thing": {"type": "object", "required": ["id"], "properties": {
               "id": {"type": "integer", "format": "int64"}, "at": {"type": "string", "format": "date-time", "nullable": true}}}}}}""";

    private final OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(SPEC).build();

    @Test
    void shouldAcceptAnAnswerTheSchemaDescribes() {
        assertEquals(List.of(), problems(get(), json(200, "{\"id\": 3, \"at\": null}")));
    }

    @Test
    void shouldTakeAnEmptyValueWhereTheDocumentAllowsIt() {
        Request emptySize = SimpleRequest.Builder.get("/things").withQueryParam("size", "").build();
        assertEquals(List.of(), problems(emptySize, json(200, "{\"id\": 3}")));
    }

    @Test
    void shouldReportAnAnswerWhoseFieldTheSchemaMistypes() {
        List<String> problems = problems(get(), json(200, "{\"id\": \"3\", \"at\": {\"epochSecond\": 1}}"));
        assertEquals(2, problems.size(), problems.toString());
    }

    @Test
    void shouldReportAStatusTheDocumentDoesNotList() {
        assertTrue(problems(get(), json(500, "{}")).get(0).startsWith("validation.response.status.unknown"));
    }

    @Test
    void shouldReportAnAcceptedRequestTheSchemaRefuses() {
        Request unknownField = SimpleRequest.Builder.post("/things").withContentType("application/json")
                .withBody("{\"name\": \"x\", \"colour\": \"red\"}").build();
        assertTrue(problems(unknownField, SimpleResponse.Builder.status(201).build()).get(0)
                .startsWith("validation.request.body.schema.additionalProperties"));
        assertEquals(List.of(), problems(unknownField, SimpleResponse.Builder.status(400).build()));
    }

    @Test
    void shouldLeavePathsAndMethodsOutsideTheDocumentAlone() {
        assertEquals(List.of(), problems(SimpleRequest.Builder.get("/q/health").build(), json(200, "[]")));
        assertEquals(List.of(), problems(SimpleRequest.Builder.options("/things").build(), SimpleResponse.Builder.status(204).build()));
    }

    private List<String> problems(Request request, SimpleResponse response) {
        return SpecConformance.problems(validator, request, response);
    }

    private static Request get() {
        return SimpleRequest.Builder.get("/things").build();
    }

    private static SimpleResponse json(int status, String body) {
        return SimpleResponse.Builder.status(status).withContentType("application/json").withBody(body).build();
    }
}

package dev.glossary.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the problems every operation of a kind can answer, so that resources declare only
 * what is particular to them: secured operations can answer 401 and 403, operations with a body
 * 400, 413 and 415. A response an operation declares itself is left as it is. Then types the whole
 * document for generated clients ({@link TypedSchemas}).
 */
public class StandardProblemResponses implements OASFilter {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void filterOpenAPI(OpenAPI document) {
        TypedSchemas.apply(document);
    }

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            return operation;
        }
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            addIfAbsent(responses, "401", "No or wrong credentials (HTTP Basic)", ApiDocs.UNAUTHORIZED_EXAMPLE);
            addIfAbsent(responses, "403", "The user's role does not allow this operation", ApiDocs.FORBIDDEN_EXAMPLE);
        }
        if (operation.getRequestBody() != null) {
            addIfAbsent(responses, "400", "Invalid body, malformed JSON or unknown field", ApiDocs.MALFORMED_EXAMPLE);
            addIfAbsent(responses, "413", "Body over 64 KiB", null);
            addIfAbsent(responses, "415", "Body of an unsupported media type", null);
        }
        return operation;
    }

    private static Object parse(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ApiDocs examples are JSON", e);
        }
    }

    private static void addIfAbsent(APIResponses responses, String status, String description, String example) {
        if (responses.hasAPIResponse(status)) {
            return;
        }
        MediaType problem = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF));
        if (example != null) {
            Example value = OASFactory.createExample().value(parse(example));
            problem.setExamples(Map.of("problem", value));
        }
        Content content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, problem);
        APIResponse response = OASFactory.createAPIResponse().description(description).content(content);
        responses.addAPIResponse(status, response);
    }
}

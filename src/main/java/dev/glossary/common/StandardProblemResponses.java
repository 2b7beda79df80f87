package dev.glossary.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glossary.config.GlossaryConfig;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.smallrye.config.SmallRyeConfig;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
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
 * what is particular to them:
 * <ul>
 * <li>every 4xx and 5xx answer is {@code application/problem+json} of the Problem schema: a resource
 *     declares its description, and its examples when it has some;
 * <li>secured operations can answer 401 and 403, operations with a body 400, 413 and 415.
 * </ul>
 * A response an operation declares itself keeps its description and examples. Then gives every
 * listing its page schema ({@link PageSchemas}) and types the whole document for generated clients
 * ({@link TypedSchemas}). Runs at start-up, so that the body-size limit it states is the one configured.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class StandardProblemResponses implements OASFilter {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GlossaryConfig config;

    public StandardProblemResponses() {
        this.config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(GlossaryConfig.class);
    }

    @Override
    public void filterOpenAPI(OpenAPI document) {
        PageSchemas.apply(document);
        TypedSchemas.apply(document);
    }

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            return operation;
        }
        if (responses.getAPIResponses() != null) {
            responses.getAPIResponses().forEach((status, response) -> {
                if (status.matches("[45]\\d\\d")) {
                    asProblem(response);
                }
            });
        }
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            addIfAbsent(responses, "401", "No or wrong credentials (HTTP Basic)", ApiDocs.UNAUTHORIZED_EXAMPLE);
            addIfAbsent(responses, "403", "The user's role does not allow this operation", ApiDocs.FORBIDDEN_EXAMPLE);
        }
        if (operation.getRequestBody() != null) {
            addIfAbsent(responses, "400", "Invalid body, malformed JSON or unknown field", ApiDocs.MALFORMED_EXAMPLE);
            addIfAbsent(responses, "413", "Body over " + BodySizeLimit.describe(config), null);
            addIfAbsent(responses, "415", "Body of an unsupported media type", null);
        }
        return operation;
    }

    /** The problem+json content with the Problem schema, keeping the examples the resource gave. */
    private static void asProblem(APIResponse response) {
        MediaType problem = response.getContent() == null ? null : response.getContent().getMediaType(Problem.MEDIA_TYPE);
        if (problem == null) {
            problem = OASFactory.createMediaType();
            response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, problem));
        }
        if (problem.getSchema() == null) {
            problem.setSchema(OASFactory.createSchema().ref(PROBLEM_REF));
        }
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
        APIResponse response = OASFactory.createAPIResponse().description(description);
        asProblem(response);
        if (example != null) {
            Example value = OASFactory.createExample().value(parse(example));
            response.getContent().getMediaType(Problem.MEDIA_TYPE).setExamples(Map.of("problem", value));
        }
        responses.addAPIResponse(status, response);
    }
}

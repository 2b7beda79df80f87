package dev.glossary.term.read;

import static dev.glossary.web.ApiDocs.JSON;
import static dev.glossary.web.ApiDocs.JSON_LD;
import static dev.glossary.web.ApiDocs.PROBLEM;

import dev.glossary.web.ApiDocs;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/** Describes {@link TermDocumentRoute}, a Vert.x route that the REST annotations cannot reach. */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class TermDocumentDocs implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI document) {
        PathItem path = document.getPaths().getPathItem("/terms/{slug}");
        if (path == null) {
            path = OASFactory.createPathItem();
            document.getPaths().addPathItem("/terms/{slug}", path);
        }
        path.setGET(OASFactory.createOperation().operationId("getTerm").addTag("Terms")
                .summary("Get a term by its slug, as JSON or as schema.org JSON-LD; an alias redirects to the slug")
                .addParameter(OASFactory.createParameter().name("slug").in(Parameter.In.PATH).required(true)
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)))
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("200", response("The term: JSON by default; a schema.org DefinedTerm when Accept "
                                + "prefers application/ld+json (higher q-value; on a tie the more specifically named type, then JSON)")
                                .addHeader("ETag", header("Strong validator of this representation; the two "
                                        + "representations never share one"))
                                .addHeader("Cache-Control", header("public, max-age and stale-if-error, in seconds"))
                                .content(OASFactory.createContent()
                                        .addMediaType(JSON, OASFactory.createMediaType().schema(ref("Term")))
                                        .addMediaType(JSON_LD, OASFactory.createMediaType().schema(ref("DefinedTerm"))
                                                .addExample("defined term", OASFactory.createExample().value(json(ApiDocs.DEFINED_TERM_EXAMPLE))))))
                        .addAPIResponse("301", response("The slug is an alias")
                                .addHeader("Location", header("/terms/{canonical slug}")))
                        .addAPIResponse("304", response("If-None-Match matched the ETag of the representation "
                                + "negotiated: the cached copy is current"))
                        .addAPIResponse("404", problem("No term has this slug or alias", "unknown", ApiDocs.NOT_FOUND_EXAMPLE))
                        .addAPIResponse("406", problem("Accept allows neither application/json nor application/ld+json",
                                "not acceptable", ApiDocs.TERM_NOT_ACCEPTABLE_EXAMPLE))));
    }

    private static APIResponse response(String description) {
        return OASFactory.createAPIResponse().description(description);
    }

    private static APIResponse problem(String description, String name, String example) {
        return response(description).content(OASFactory.createContent().addMediaType(PROBLEM,
                OASFactory.createMediaType().addExample(name, OASFactory.createExample().value(json(example)))));
    }

    /** An example as the JSON it shows, not as a string holding it. */
    private static Object json(String example) {
        return new JsonObject(example).getMap();
    }

    private static Header header(String description) {
        return OASFactory.createHeader().description(description).schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }

    private static Schema ref(String name) {
        return OASFactory.createSchema().ref("#/components/schemas/" + name);
    }
}

package dev.glossary.term.search;

import static dev.glossary.web.ApiDocs.JSON;
import static dev.glossary.web.ApiDocs.PROBLEM;
import dev.glossary.term.TermSummary;
import dev.glossary.term.read.TermReadResource;
import dev.glossary.web.ApiDocs;
import dev.glossary.web.Listing;
import dev.glossary.web.ProblemException;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


/** The A–Z index and type-ahead that glossary pages are navigated with. */
@Path("/")
@Produces(JSON)
@Tag(name = "Terms")
public class TermBrowseResource {

    static final int MAX_SUGGESTIONS = 20;

    @Inject TermListingReads reads;

    @GET
    @Path("letters")
    @Listing(Listing.Path.LETTERS)
    @Operation(operationId = "listLetters", summary = "Count terms per initial: A-Z, then # for the rest")
    @APIResponse(responseCode = "200", description = "All 27 letters, counts may be 0",
            content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = LetterCount.class)))
    @APIResponse(responseCode = "406", description = "Accept allows no application/json")
    public List<LetterCount> letters(@Context HttpHeaders headers) {
        return reads.letters(TermReadResource.anonymous(headers));
    }

    @GET
    @Path("suggestions")
    @Listing(Listing.Path.SUGGESTIONS)
    @Operation(operationId = "suggestTerms",
            summary = "Type-ahead: names starting with q, then names with a word starting with q")
    @APIResponse(responseCode = "200", description = "Matching terms, best first",
            content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = TermSummary.class)))
    @APIResponse(responseCode = "400", description = "q missing or too long, or limit out of range",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "invalid", value = ApiDocs.SUGGESTIONS_EXAMPLE)))
    public List<TermSummary> suggestions(
            @Parameter(description = "What the reader has typed so far", required = true, example = "fin",
                    schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = TermFilter.MAX_QUERY_LENGTH, pattern = "\\S"))
            @QueryParam("q") String q,
            @Parameter(description = "How many suggestions")
            @QueryParam("limit") @DefaultValue("10") @Min(1) @Max(MAX_SUGGESTIONS) int limit) {
        String query = TermFilter.searchText(q, "q");
        if (query == null) {
            throw ProblemException.invalidField("q", "must not be blank");
        }
        return reads.suggest(query, limit);
    }
}

package dev.glossary.term.search;

import static dev.glossary.web.ApiDocs.JSON;
import static dev.glossary.web.ApiDocs.PROBLEM;
import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.term.TermSummary;
import dev.glossary.term.read.TermReadResource;
import dev.glossary.web.ApiDocs;
import dev.glossary.web.Links;
import dev.glossary.web.Listing;
import dev.glossary.web.PageParams;
import dev.glossary.web.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


/** GET /terms: the A-Z listing by page or cursor, letter filter, bulk fetch and search. */
@Path("/terms")
@Produces(JSON)
@Tag(name = "Terms")
public class TermListResource {

    @Inject TermListingReads reads;

    @GET
    @Listing(Listing.Path.TERMS)
    @Operation(operationId = "listTerms", summary = "List, filter, bulk-fetch or search terms, one page at a time")
    @APIResponse(responseCode = "200",
            description = "A page of term summaries; with cursor, the next terms of a walk and no counts",
            headers = @Header(name = "Link", description = "first, prev, next and last pages (RFC 8288); "
                    + "a cursor walk links next only"),
            content = @Content(mediaType = JSON, schema = @Schema(
                    anyOf = {TermSummaryPage.class, TermSummaryCursorPage.class})))
    @APIResponse(responseCode = "400", description = "A parameter is out of range or unknown, a cursor is not "
            + "valid for this request, or the page lies deeper than 10,000 items (type page-too-deep)",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "invalid", value = ApiDocs.PAGE_EXAMPLE)))
    @APIResponse(responseCode = "503", description = "Too many searches or listing pages are running: shed "
            + "at once (type overloaded); retry after the given seconds",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "overloaded", value = ApiDocs.OVERLOADED_EXAMPLE)))
    public Response list(
            @BeanParam PageParams paging,
            @Parameter(description = "Continue a walk from the nextCursor of an earlier answer. Not with q, slug "
                    + "or page; letter and sort, when given, must be those the cursor was made for")
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Full-text search over name, short definition and description; tolerates typos; "
                    + "blank is no search", example = "fine tunning", schema = @Schema(type = SchemaType.STRING, maxLength = TermFilter.MAX_QUERY_LENGTH))
            @QueryParam("q") String q,
            @Parameter(description = "A-Z, or # for names starting with anything else", schema = @Schema(pattern = "^[A-Za-z#]$"))
            @QueryParam("letter") String letter,
            @Parameter(description = "Bulk fetch: repeat for up to 100 slugs; unknown and malformed slugs are skipped",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = String.class, maxItems = TermFilter.MAX_BULK_SLUGS))
            @QueryParam("slug") List<String> slugs,
            @Parameter(description = "name (default without q), -updatedAt, or relevance (default with q)",
                    schema = @Schema(enumeration = {"name", "-updatedAt", "relevance"}))
            @QueryParam("sort") String sort,
            @Context UriInfo uri, @Context HttpHeaders headers) {
        String query = TermFilter.searchText(q, "q");
        boolean anonymous = TermReadResource.anonymous(headers);
        if (cursor == null || cursor.isEmpty()) {
            PageRequest page = TermListingReads.withinDepth(paging.toRequest());
            Page<TermSummary> result = reads.list(TermFilter.of(query, letter, slugs, sort), page, anonymous);
            return Links.pageResponse(uri, result, TermListingReads.MAX_PAGE_DEPTH);
        }
        // A cursor walk takes neither a search nor a page number.
        if (query != null || (slugs != null && !slugs.isEmpty())) {
            throw ProblemException.invalidField("cursor", "cannot be combined with q or slug");
        }
        if (paging.pageGiven()) {
            throw ProblemException.invalidField("page", "cannot be combined with cursor");
        }
        return Links.cursorResponse(uri, reads.walk(cursor, letter, sort, paging.toRequest().size(), anonymous));
    }

    /** Names the page types of the listing; the OpenAPI filter makes them Page and CursorPage of TermSummary. */
    @Schema(name = "TermSummaryPage")
    interface TermSummaryPage {
    }

    @Schema(name = "TermSummaryCursorPage")
    interface TermSummaryCursorPage {
    }
}

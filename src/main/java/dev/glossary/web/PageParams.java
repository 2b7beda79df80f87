package dev.glossary.web;

import dev.glossary.common.PageRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The paging query parameters every listing takes; their bounds are checked by {@link QueryParams}. */
public class PageParams {

    @Parameter(description = "Page number, from 0")
    @QueryParam("page")
    @DefaultValue("0")
    @Min(0)
    @Max(PageRequest.MAX_PAGE)
    int page;

    @Parameter(description = "Items per page")
    @QueryParam("size")
    @DefaultValue("" + PageRequest.DEFAULT_SIZE)
    @Min(1)
    @Max(PageRequest.MAX_SIZE)
    int size;

    @Context
    UriInfo uri;

    /** Whether the client asked for a page number (which a cursor walk does not take). */
    public boolean pageGiven() {
        return uri.getQueryParameters().containsKey("page");
    }

    public PageRequest toRequest() {
        return new PageRequest(page, size);
    }
}

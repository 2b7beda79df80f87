package dev.glossary.common;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The paging query parameters every listing takes, read as text (see {@link PageRequest#parse}). */
public class PageParams {

    @Parameter(description = "Page number, from 0",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
    @QueryParam("page")
    String page;

    @Parameter(description = "Items per page",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
    @QueryParam("size")
    String size;

    /** Whether the client asked for a page number (which a cursor walk does not take). */
    public boolean pageGiven() {
        return page != null;
    }

    public PageRequest toRequest() {
        return PageRequest.parse(page, size);
    }
}

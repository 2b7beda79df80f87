package dev.glossary.term.search;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;

/** GET /terms bounds its page numbers by depth (page-too-deep), which the shared paging parameters cannot say. */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class TermListDocs implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI document) {
        PathItem terms = document.getPaths() == null ? null : document.getPaths().getPathItem("/terms");
        if (terms == null || terms.getGET() == null || terms.getGET().getParameters() == null) {
            return;
        }
        terms.getGET().getParameters().stream().filter(parameter -> "page".equals(parameter.getName())).forEach(page -> {
            page.setDescription("Page number, from 0. page * size + size may not exceed " + TermListingReads.MAX_PAGE_DEPTH
                    + " (else 400 page-too-deep: walk on with cursor), so with size 1 the last page is "
                    + (TermListingReads.MAX_PAGE_DEPTH - 1));
            page.getSchema().setMaximum(BigDecimal.valueOf(TermListingReads.MAX_PAGE_DEPTH - 1));
        });
    }
}

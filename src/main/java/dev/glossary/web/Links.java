package dev.glossary.web;

import dev.glossary.common.CursorPage;
import dev.glossary.common.Page;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;

/** The RFC 8288 {@code Link} header of a page: first, prev, next and last, as they apply. */
public final class Links {

    private Links() {
    }

    public static Response pageResponse(UriInfo uri, Page<?> page) {
        return pageResponse(uri, page, Long.MAX_VALUE);
    }

    /** For a listing whose page numbers reach {@code maxItemsDeep} items at most: next goes on with the cursor. */
    public static Response pageResponse(UriInfo uri, Page<?> page, long maxItemsDeep) {
        return Response.ok(page).header("Link", forPage(uri, page, maxItemsDeep)).build();
    }

    public static Response cursorResponse(UriInfo uri, CursorPage<?> page) {
        return Response.ok(page).header("Link", page.nextCursor() == null ? null : nextLink(uri, page.nextCursor())).build();
    }

    private static String forPage(UriInfo uri, Page<?> page, long maxItemsDeep) {
        List<String> links = new ArrayList<>(4);
        int last = Math.max(page.totalPages() - 1, 0);
        long deepest = maxItemsDeep / page.size() - 1;
        links.add(link(uri, 0, page.size(), "first"));
        if (page.page() > 0) {
            links.add(link(uri, Math.min(page.page() - 1, last), page.size(), "prev"));
        }
        if (page.page() < last) {
            if (page.page() + 1 <= deepest) {
                links.add(link(uri, page.page() + 1, page.size(), "next"));
            } else if (page.nextCursor() != null && page.nextCursor().isPresent()) {
                links.add(nextLink(uri, page.nextCursor().get()));
            }
        }
        if (last <= deepest) {
            links.add(link(uri, last, page.size(), "last"));
        }
        return String.join(", ", links);
    }

    private static String link(UriInfo uri, int page, int size, String rel) {
        return "<" + uri.getRequestUriBuilder().replaceQueryParam("page", page).replaceQueryParam("size", size).build()
                + ">; rel=\"" + rel + "\"";
    }

    public static String nextLink(UriInfo uri, String cursor) {
        return "<" + uri.getRequestUriBuilder().replaceQueryParam("page").replaceQueryParam("cursor", cursor).build() + ">; rel=\"next\"";
    }
}

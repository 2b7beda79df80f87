package dev.glossary.common;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;

/** The RFC 8288 {@code Link} header of a page: first, prev, next and last, as they apply. */
public final class Links {

    private Links() {
    }

    /** 200 with the page as body and its Link header. */
    public static Response pageResponse(UriInfo uri, Page<?> page) {
        return Response.ok(page).header("Link", forPage(uri, page)).build();
    }

    public static String forPage(UriInfo uri, Page<?> page) {
        List<String> links = new ArrayList<>(4);
        int last = Math.max(page.totalPages() - 1, 0);
        links.add(link(uri, 0, page.size(), "first"));
        if (page.page() > 0) {
            links.add(link(uri, Math.min(page.page() - 1, last), page.size(), "prev"));
        }
        if (page.page() < last) {
            links.add(link(uri, page.page() + 1, page.size(), "next"));
        }
        links.add(link(uri, last, page.size(), "last"));
        return String.join(", ", links);
    }

    private static String link(UriInfo uri, int page, int size, String rel) {
        String target = uri.getRequestUriBuilder()
                .replaceQueryParam("page", page)
                .replaceQueryParam("size", size)
                .build().toString();
        return "<" + target + ">; rel=\"" + rel + "\"";
    }
}

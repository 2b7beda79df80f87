package dev.glossary.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a listing; {@code nextCursor}: Java null leaves it out, {@code Optional.empty()} writes JSON null. */
@Schema(name = "Page")
public record Page<T>(
        List<T> items,
        @Schema(example = "0") int page,
        @Schema(example = "20") int size,
        @Schema(example = "57") long totalItems,
        @Schema(example = "3") int totalPages,
        @Schema(description = "false when totalItems is an estimate (term searches matching over 10,000 terms); "
                + "other listings always count exactly") boolean totalItemsExact,
        @Schema(nullable = true, description = "Present on the term listing unless q or slug is given: pass it as "
                + "cursor to walk on after this page; null on the last page")
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<String> nextCursor) {

    public static <T> Page<T> of(List<T> items, PageRequest request, long totalItems) {
        return of(items, request, totalItems, true);
    }

    public static <T> Page<T> of(List<T> items, PageRequest request, long totalItems, boolean exact) {
        int totalPages = (int) ((totalItems + request.size() - 1) / request.size());
        return new Page<>(items, request.page(), request.size(), totalItems, totalPages, exact, null);
    }

    /** The page of a listing of {@code totalItems}, querying its items only when it is not past the end. */
    public static <T> Page<T> counted(PageRequest request, long totalItems, Supplier<List<T>> items) {
        return of(request.offset() < totalItems ? items.get() : List.of(), request, totalItems);
    }

    /** This page, saying where a cursor walk would continue after it (null: nowhere, it is the last). */
    public Page<T> withNextCursor(String cursor) {
        return new Page<>(items, page, size, totalItems, totalPages, totalItemsExact, Optional.ofNullable(cursor));
    }

    public boolean hasNext() {
        return (long) page * size + items.size() < totalItems;
    }
}

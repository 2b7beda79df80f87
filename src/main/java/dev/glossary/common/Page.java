package dev.glossary.common;

import java.util.List;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a listing, with what a client needs to page through the rest. */
@Schema(name = "Page")
public record Page<T>(
        List<T> items,
        @Schema(example = "0") int page,
        @Schema(example = "20") int size,
        @Schema(example = "57") long totalItems,
        @Schema(example = "3") int totalPages) {

    public static <T> Page<T> of(List<T> items, PageRequest request, long totalItems) {
        int totalPages = (int) ((totalItems + request.size() - 1) / request.size());
        return new Page<>(items, request.page(), request.size(), totalItems, totalPages);
    }

    /** The page of a listing of {@code totalItems}, querying its items only when it is not past the end. */
    public static <T> Page<T> counted(PageRequest request, long totalItems, Supplier<List<T>> items) {
        return of(request.offset() < totalItems ? items.get() : List.of(), request, totalItems);
    }
}

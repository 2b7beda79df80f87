package dev.glossary.common;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a cursor walk: no counts, only where to go on (null on the last page). */
@Schema(name = "CursorPage")
public record CursorPage<T>(
        List<T> items,
        @Schema(example = "20") int size,
        @Schema(nullable = true, description = "Pass as cursor for the next items; null on the last page") String nextCursor) {
}

package dev.glossary.term.feed;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The shape of a GET /changes answer, for the OpenAPI document. */
@Schema(name = "ChangeFeedPage", description = "The next changes of the feed")
public record ChangeFeedPage(
        List<TermChange> changes,
        @Schema(description = "Pass as cursor to read on, also after the end: it then returns the changes committed "
                + "since. Never null", example = "ZmVlZDo0Mjo1") String nextCursor,
        @Schema(description = "Whether more changes follow now; false once the end is reached", example = "false") boolean hasMore) {
}

package dev.glossary.term.search;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "LetterCount")
public record LetterCount(@Schema(example = "A") String letter, @Schema(example = "3") long count) {

    /** The initials of the A-Z index, in its order: # holds names starting with anything else. */
    static final List<String> INITIALS = List.of("A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
            "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "#");
}

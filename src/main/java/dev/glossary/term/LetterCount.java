package dev.glossary.term;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "LetterCount")
public record LetterCount(@Schema(example = "A") String letter, @Schema(example = "3") long count) {
}

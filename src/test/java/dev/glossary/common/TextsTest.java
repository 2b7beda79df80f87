package dev.glossary.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void shouldTreatBlankAsAbsent() {
        assertNull(Texts.blankToNull(null));
        assertNull(Texts.blankToNull(" \t\u2003"));
    }

    @Test
    void shouldStripWhatItKeeps() {
        assertEquals("launch post", Texts.blankToNull("  launch post\n"));
    }
}

package dev.glossary.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class VaryHeadersTest {

    @Test
    void shouldAddOriginAndAcceptWhenNothingVaries() {
        assertEquals("Origin, Accept", VaryHeaders.merge(List.of()));
    }

    @Test
    void shouldMergeWithAVaryAlreadySetWithoutRepeatingAField() {
        assertEquals("accept-encoding, origin, Accept", VaryHeaders.merge(List.of("accept-encoding, origin")));
        assertEquals("Accept-Encoding, Origin, Accept", VaryHeaders.merge(List.of("Accept-Encoding", "Origin,Origin")));
    }

    @Test
    void shouldKeepAVaryOfEverything() {
        assertEquals("*", VaryHeaders.merge(List.of("*")));
    }
}

package dev.glossary.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class VaryHeadersTest {

    @Test
    void shouldAddOriginAndAcceptWhenNothingVaries() {
        assertEquals("Origin, Accept", ResponseHeaders.vary(List.of()));
    }

    @Test
    void shouldMergeWithAVaryAlreadySetWithoutRepeatingAField() {
        assertEquals("accept-encoding, origin, Accept", ResponseHeaders.vary(List.of("accept-encoding, origin")));
        assertEquals("Accept-Encoding, Origin, Accept", ResponseHeaders.vary(List.of("Accept-Encoding", "Origin,Origin")));
    }

    @Test
    void shouldKeepAVaryOfEverything() {
        assertEquals("*", ResponseHeaders.vary(List.of("*")));
    }
}

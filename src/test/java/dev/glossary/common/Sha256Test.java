package dev.glossary.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void shouldMatchTheFips180TestVector() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HexFormat.of().formatHex(Sha256.of("abc")));
    }

    @Test
    void shouldHashTextAsItsUtf8Bytes() {
        assertArrayEquals(Sha256.of("Zürich".getBytes(StandardCharsets.UTF_8)), Sha256.of("Zürich"));
    }
}

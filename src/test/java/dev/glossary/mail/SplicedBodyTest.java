package dev.glossary.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SplicedBodyTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void shouldWriteTheTokenOverEveryStandInAcrossSoftLineBreaks() {
        SplicedBody body = SplicedBody.of("b", "x=3DSTAN=\r\nDIN\r\n<a href=\"STANDIN\">\r\n.\r\n", "STANDIN");

        assertTrue(body.fits("ab.-cd_"));
        assertArrayEquals(ascii("H: v\r\n\r\nx=3Dab.-=\r\ncd_\r\n<a href=\"ab.-cd_\">\r\n.\r\n"),
                body.after(ascii("H: v\r\n\r\n"), "ab.-cd_"));
    }

    @Test
    void shouldRefuseADotWhereTheStandInBeganALine() {
        SplicedBody body = SplicedBody.of("b", "x STAN=\r\nDIN\r\n.\r\n", "STANDIN");

        assertTrue(body.fits("ab.c-d_"), "a dot within a line");
        assertFalse(body.fits("abcd.e_"), "a dot first on a line would be stuffed");
    }

    @Test
    void shouldProbeWithEveryKindOfCharacterThatFitsTheLayout() {
        SplicedBody body = SplicedBody.of("b", "x STANDIN S=\r\nTANDIN\r\n.\r\n", "STANDIN");

        String probe = body.probe();

        assertTrue(body.fits(probe), probe);
        assertEquals("axB-c_9", probe, "a letter where the second occurrence puts a dot first on a line");
    }

    @Test
    void shouldRefuseATokenOfAnotherLengthOrWithCharactersEncodingDifferently() {
        SplicedBody body = SplicedBody.of("b", "STANDIN\r\n.\r\n", "STANDIN");

        assertFalse(body.fits("abcdef"));
        assertFalse(body.fits("abcdefgh"));
        assertFalse(body.fits("abc=efg"));
        assertFalse(body.fits("abc efg"));
        assertFalse(body.fits("abc\u00e9efg"));
    }

    @Test
    void shouldHaveNothingToSpliceWithoutTheStandInOrOutsideAscii() {
        assertNull(SplicedBody.of("b", "no token here\r\n.\r\n", "STANDIN"));
        assertNull(SplicedBody.of("b", "STANDIN caf\u00e9\r\n.\r\n", "STANDIN"));
    }
}

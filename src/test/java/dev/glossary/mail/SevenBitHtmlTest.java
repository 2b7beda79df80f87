package dev.glossary.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SevenBitHtmlTest {

    @Test
    void shouldWriteCharactersOutsideAsciiAsCharacterReferences() {
        assertEquals("<p>AI Economy Pulse &#8212; 42&#8364; &#128200;</p>", SevenBitHtml.of("<p>AI Economy Pulse — 42€ 📈</p>"));
    }

    @Test
    void shouldTurnLineBreaksIntoSpaces() {
        assertEquals("<h1>A</h1> <p>B</p>  <p>C</p>", SevenBitHtml.of("<h1>A</h1>\n<p>B</p>\r\n<p>C</p>"));
    }

    @Test
    void shouldKeepEveryLineUnderTheSmtpLimit() {
        String html = "<p>" + "word ".repeat(2000) + "</p>";

        String folded = SevenBitHtml.of(html);

        assertTrue(Arrays.stream(folded.split("\n")).allMatch(line -> line.length() <= 998), "lines of at most 998");
        assertEquals(html, folded.replace('\n', ' '), "only spaces become line breaks");
    }
}

package dev.glossary.term.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cursor's payload format, without the application: what goes in comes out, nothing else parses. */
class TermCursorPayloadTest {

    @Test
    void shouldReadBackACursorByName() {
        TermCursor cursor = new TermCursor(TermSort.NAME, "F", "fine-tuning", 42);
        assertEquals(Optional.of(cursor), TermCursor.parse(cursor.payload()));
    }

    @Test
    void shouldReadBackAKeyHoldingTheSeparator() {
        TermCursor cursor = new TermCursor(TermSort.NAME, null, "two\nlines", 7);
        assertEquals(Optional.of(cursor), TermCursor.parse(cursor.payload()));
    }

    @Test
    void shouldReadBackACursorByUpdateTime() {
        TermCursor cursor = new TermCursor(TermSort.UPDATED_DESC, null, "1764403200000000", 9);
        assertEquals(Optional.of(cursor), TermCursor.parse(cursor.payload()));
    }

    @Test
    void shouldRefuseAnotherVersion() {
        String payload = new TermCursor(TermSort.NAME, null, "a", 1).payload().replaceFirst("^t1", "t2");
        assertTrue(TermCursor.parse(payload).isEmpty());
    }

    @Test
    void shouldRefuseAnUpdateTimeThatIsNotANumber() {
        String payload = new TermCursor(TermSort.UPDATED_DESC, null, "yesterday", 1).payload();
        assertTrue(TermCursor.parse(payload).isEmpty());
    }

    @Test
    void shouldRefuseMissingParts() {
        assertTrue(TermCursor.parse("t1\nname").isEmpty());
        assertTrue(TermCursor.parse("").isEmpty());
    }

    @Test
    void shouldRefuseAnUnknownSort() {
        assertTrue(TermCursor.parse("t1\nrandom\n\n1\nkey").isEmpty());
    }
}

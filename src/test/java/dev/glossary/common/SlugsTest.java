package dev.glossary.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Slug rules are pure string work: checked here without starting the application. */
class SlugsTest {

    @Test
    void shouldFoldAccentsAndPunctuationIntoHyphens() {
        assertEquals("kunstliche-intelligenz-ki", Slugs.fromName("Künstliche Intelligenz (KI)"));
    }

    @Test
    void shouldSpellOutLettersWithoutADecomposition() {
        assertEquals("strasse-aesir-oresund-lodz", Slugs.fromName("Straße Æsir Øresund Łódź"));
    }

    @Test
    void shouldTrimHyphensAtBothEnds() {
        assertEquals("gpt-4", Slugs.fromName("  --GPT 4!--  "));
    }

    @Test
    void shouldAnswerEmptyWhenNoLatinLetterIsLeft() {
        assertEquals("", Slugs.fromName("人工知能"));
    }

    @Test
    void shouldCutALongNameToTheMaximumWithoutATrailingHyphen() {
        String name = "a".repeat(Slugs.MAX_LENGTH - 1) + " b";
        String slug = Slugs.fromName(name);
        assertEquals("a".repeat(Slugs.MAX_LENGTH - 1), slug);
        assertTrue(Slugs.isValid(slug));
    }

    @Test
    void shouldAcceptLowerCaseWordsJoinedBySingleHyphens() {
        assertTrue(Slugs.isValid("retrieval-augmented-generation"));
        assertTrue(Slugs.isValid("gpt-4"));
    }

    @Test
    void shouldRefuseMalformedSlugs() {
        for (String slug : new String[] {"", "-a", "a-", "a--b", "A", "a_b", "a b", "é", null}) {
            assertFalse(Slugs.isValid(slug), String.valueOf(slug));
        }
    }

    @Test
    void shouldRefuseASlugOverTheMaximumLength() {
        assertTrue(Slugs.isValid("a".repeat(Slugs.MAX_LENGTH)));
        assertFalse(Slugs.isValid("a".repeat(Slugs.MAX_LENGTH + 1)));
    }
}

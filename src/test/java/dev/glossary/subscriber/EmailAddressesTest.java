package dev.glossary.subscriber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Address rules are pure string work: checked here without starting the application. */
class EmailAddressesTest {

    @Test
    void shouldAcceptAnOrdinaryAddress() {
        assertTrue(EmailAddresses.problem("ada.lovelace+ai@example.org").isEmpty());
    }

    @Test
    void shouldLeaveBlankInputToNotBlank() {
        assertTrue(EmailAddresses.problem("  ").isEmpty());
        assertTrue(EmailAddresses.problem(null).isEmpty());
    }

    @Test
    void shouldRefuseLineBreaks() {
        assertEquals(Optional.of("must not contain line breaks"), EmailAddresses.problem("a@example.org\r\nBcc: x@y.z"));
    }

    @Test
    void shouldRefuseInnerSpaces() {
        assertEquals(Optional.of("must not contain spaces"), EmailAddresses.problem("ada lovelace@example.org"));
    }

    @Test
    void shouldRefuseAnAddressWithoutAnAt() {
        assertEquals(Optional.of("must be an address like name@example.org"), EmailAddresses.problem("example.org"));
    }

    @Test
    void shouldRefuseADomainWithoutADot() {
        assertEquals(Optional.of("must have a domain with a dot, like example.org"), EmailAddresses.problem("ada@localhost"));
    }

    @Test
    void shouldRefuseALocalPartOverSixtyFourCharacters() {
        assertEquals(Optional.of("must have at most 64 characters before the @"),
                EmailAddresses.problem("a".repeat(65) + "@example.org"));
    }

    @Test
    void shouldRefuseAnAddressOverTheRfc5321Length() {
        String address = "a@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + "." + "e".repeat(70) + ".org";
        assertEquals(Optional.of("must be at most 254 characters"), EmailAddresses.problem(address));
    }

    @Test
    void shouldRefuseDotsOutOfPlace() {
        assertEquals(Optional.of("must be an address like name@example.org"), EmailAddresses.problem("ada..l@example.org"));
        assertEquals(Optional.of("must be an address like name@example.org"), EmailAddresses.problem("ada@example..org"));
    }

    @Test
    void shouldStoreOneFormPerMailbox() {
        assertEquals("ada@example.org", EmailAddresses.normalise("  Ada@Example.ORG "));
    }
}

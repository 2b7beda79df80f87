package dev.glossary.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The sender reads quarkus.mailer.* as the application resolves it: with the test profile's mock
 * mailer that is the only reason to leave issue mails to the mailer. (A property the mailer does not
 * have, read as quarkus.mailer.proxy.host, resolved to a named mailer "proxy"'s default host, and
 * silently sent every issue mail through the mailer.)
 */
@QuarkusTest
class PipelinedSmtpConfigTest {

    @Inject PipelinedSmtp smtp;

    @Test
    void shouldLeaveIssueMailsToTheMailerOnlyForTheMockMailer() {
        assertEquals("the mock mailer", smtp.mailerOnly());
    }
}

package dev.glossary.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glossary.mail.MailReportParser.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailReportParserTest {

    private static final String TOKEN = "i2s.1a.0123456789abcdef0123";

    @Test
    void shouldTakeAPermanentStatusAsAHardBounce() {
        assertEquals(Verdict.HARD_BOUNCE, MailReportParser.recipient("failed", "5.1.1"));
    }

    @Test
    void shouldTakeATemporaryStatusAsASoftBounceEvenWhenTheMtaGaveUp() {
        assertEquals(Verdict.SOFT_BOUNCE, MailReportParser.recipient("failed", "4.4.7"));
        assertEquals(Verdict.SOFT_BOUNCE, MailReportParser.recipient("Delayed", "4.2.2 (mailbox full)"));
    }

    @Test
    void shouldTakeDeliveredOrRelayedAsNoBounce() {
        assertEquals(Verdict.OTHER, MailReportParser.recipient("delivered", "2.0.0"));
        assertEquals(Verdict.OTHER, MailReportParser.recipient("relayed", "2.0.0"));
        assertEquals(Verdict.OTHER, MailReportParser.recipient(null, null));
    }

    @Test
    void shouldLetTheWorstRecipientDecideAndReadHeaderNamesInAnyCase() {
        var parsed = parse("""
                To: BOUNCES+%s@bounces.example
                Content-Type: MULTIPART/REPORT; REPORT-TYPE=DELIVERY-STATUS; boundary=b

                --b
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mta.example

                Final-Recipient: rfc822; a@example.org
                Action: delayed
                Status: 4.2.2

                Final-Recipient: rfc822; b@example.org
                action: FAILED
                status: 5.2.1
                --b--
                """.formatted(TOKEN.toUpperCase()));

        assertEquals(Verdict.HARD_BOUNCE, parsed.verdict());
        assertEquals(List.of(TOKEN.toUpperCase()), parsed.tokens(), "verified (case-insensitively) later, not here");
    }

    @Test
    void shouldFindOurHeaderInTheReturnedMailOfAComplaint() {
        var parsed = parse("""
                Content-Type: multipart/report; report-type="feedback-report"; boundary=b

                --b
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                --b
                Content-Type: message/rfc822

                X-Glossary-Mail:
                 %s
                Subject: an issue

                text
                --b--
                """.formatted(TOKEN));

        assertEquals(Verdict.COMPLAINT, parsed.verdict());
        assertEquals(List.of(TOKEN), parsed.tokens(), "also when folded onto the next line");
    }

    @Test
    void shouldTakeAMailWithoutHeadersAsUnparsed() {
        assertEquals(Verdict.UNPARSED, MailReportParser.parse("\r\n\r\njust text".getBytes(StandardCharsets.US_ASCII)).verdict());
        assertEquals(Verdict.UNPARSED, MailReportParser.parse(new byte[0]).verdict());
    }

    private static MailReportParser.Parsed parse(String mail) {
        return MailReportParser.parse(mail.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }
}

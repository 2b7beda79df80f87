package dev.glossary.subscriber;

import static dev.glossary.support.TestUsers.asAdmin;

import dev.glossary.mail.MailTokens;
import io.quarkus.mailer.Mail;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Reports as the mail system sends them back (src/test/resources/mail-reports), and their POST to /mail/reports. */
public final class MailReports {

    public static final String RFC822 = "message/rfc822";

    private MailReports() {
    }

    /** The token a mail we sent carries in its own header (and its VERP envelope sender). */
    public static String token(Mail mail) {
        return Objects.requireNonNull(mail.getHeaders().get(MailTokens.HEADER), "no token header").get(0);
    }

    /** A sample report about the mail with this token to this recipient, with CRLF line ends as on the wire. */
    public static String fill(String resource, String token, String recipient) {
        try (InputStream in = Objects.requireNonNull(MailReports.class.getResourceAsStream("/mail-reports/" + resource))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n")
                    .replace("{{TOKEN}}", token).replace("{{RECIPIENT}}", recipient);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Response report(String mail) {
        return report(mail.getBytes(StandardCharsets.UTF_8));
    }

    public static Response report(byte[] mail) {
        return asAdmin().contentType(RFC822).body(mail).post("/mail/reports");
    }
}

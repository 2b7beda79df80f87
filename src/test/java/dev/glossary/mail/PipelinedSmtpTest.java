package dev.glossary.mail;

import static dev.glossary.support.RawSmtpServer.readLine;
import static dev.glossary.support.RawSmtpServer.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.RawSmtpServer;
import io.quarkus.mailer.Mail;
import io.vertx.core.Vertx;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pipelined sender against a scripted SMTP server: what goes over the wire, and what a refusal or a drop does. */
class PipelinedSmtpTest {

    private Vertx vertx;
    private Scripted server;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (server != null) {
            server.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldPipelineTheEnvelopeAndReuseTheConnectionWithoutAReset() throws Exception {
        server = Scripted.start(true);
        PipelinedSmtp smtp = sender(server.port(), 1);

        for (int i = 0; i < 3; i++) {
            smtp.send(mail("reader-" + i + "@example.org")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        assertEquals(1, server.connections.get(), "one pooled connection");
        assertEquals(3, server.messages.size());
        assertFalse(server.commands.stream().anyMatch(command -> command.startsWith("RSET")), "no RSET between mails");
        assertTrue(server.pipelinedGroups.get() >= 3, "MAIL, RCPT and DATA arrived in one read: " + server.pipelinedGroups.get());
        String message = server.messages.get(2);
        assertTrue(message.contains("To: reader-2@example.org"), message);
        assertTrue(message.contains("Message-ID: <issue-1.2@glossary.test>"), message);
        assertTrue(message.contains("\r\n.leading dot"), "dot-stuffed on the wire, one dot again at the server: " + message);
        assertTrue(server.commands.contains("MAIL FROM:<bounces+x@bounces.glossary.test>"), server.commands.toString());
    }

    @Test
    void shouldSendTheNextEnvelopeBeforeTheLastMessagesReply() throws Exception {
        server = Scripted.start(true);
        server.messageReplyDelayMillis = 200;
        PipelinedSmtp smtp = sender(server.port(), 1);

        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sends.add(smtp.send(mail("reader-" + i + "@example.org")).toCompletableFuture());
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertEquals(3, server.messages.size());
        assertEquals(1, server.connections.get());
        assertEquals(2, server.envelopesBeforeMessageReply.get(), "one round trip per mail: the second and third envelopes came early");
    }

    @Test
    void shouldKeepTheNextMailWhenTheMessageBeforeItIsRefused() throws Exception {
        server = Scripted.start(true);
        server.messageReplyDelayMillis = 100;
        server.refusedAtData.add("refused@example.org");
        PipelinedSmtp smtp = sender(server.port(), 1);

        CompletableFuture<Void> refused = smtp.send(mail("refused@example.org")).toCompletableFuture();
        CompletableFuture<Void> next = smtp.send(mail("next@example.org")).toCompletableFuture();

        ExecutionException failure = assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
        next.get(10, TimeUnit.SECONDS);
        assertTrue(failure.getCause().getMessage().contains("554"), failure.getCause().getMessage());
        assertEquals(1, server.envelopesBeforeMessageReply.get(), "the next envelope followed the refused message");
        assertEquals(1, server.messages.size());
        assertTrue(server.messages.get(0).contains("To: next@example.org"));
        assertEquals(1, server.connections.get());
    }

    @Test
    void shouldLetAMailAwaitingItsReplyEndBeforeQuittingAtShutdown() throws Exception {
        server = Scripted.start(true);
        server.messageReplyDelayMillis = 300;
        PipelinedSmtp smtp = sender(server.port(), 1);

        CompletableFuture<Void> sent = smtp.send(mail("last@example.org")).toCompletableFuture();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.messagesRead.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        smtp.stop(null); // its connection is idle in the pool, the reply still to come

        sent.get(10, TimeUnit.SECONDS);
        assertEquals(1, server.messages.size());
        long quitDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.commands.contains("QUIT") && System.nanoTime() < quitDeadline) {
            Thread.sleep(5);
        }
        assertTrue(server.commands.contains("QUIT"), server.commands.toString());
    }

    @Test
    void shouldFailBothMailsInFlightWhenTheConnectionDrops() throws Exception {
        server = Scripted.start(true);
        server.dropAtData.add("drop@example.org");
        server.messageReplyDelayMillis = 100;
        PipelinedSmtp smtp = sender(server.port(), 1);

        CompletableFuture<Void> dropped = smtp.send(mail("drop@example.org")).toCompletableFuture();
        CompletableFuture<Void> following = smtp.send(mail("following@example.org")).toCompletableFuture();

        assertThrows(ExecutionException.class, () -> dropped.get(10, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> following.get(10, TimeUnit.SECONDS));
        smtp.send(mail("here@example.org")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(List.of(true), server.messages.stream().map(message -> message.contains("To: here@example.org")).toList());
        assertEquals(2, server.connections.get());
    }

    @Test
    void shouldSendCommandByCommandWhenTheServerDoesNotPipeline() throws Exception {
        server = Scripted.start(false);
        PipelinedSmtp smtp = sender(server.port(), 2);

        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sends.add(smtp.send(mail("reader-" + i + "@example.org")).toCompletableFuture());
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertEquals(10, server.messages.size());
        assertTrue(server.connections.get() <= 2, "at most the pool's size: " + server.connections.get());
        assertEquals(0, server.pipelinedGroups.get());
    }

    @Test
    void shouldNotPipelineWhenTheMailerIsToldNotTo() throws Exception {
        server = Scripted.start(true);
        PipelinedSmtp smtp = sender(server.port(), 1);
        smtp.pipeliningAllowed = false;

        smtp.send(mail("here@example.org")).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(1, server.messages.size());
        assertEquals(0, server.pipelinedGroups.get());
    }

    @Test
    void shouldFailARefusedRecipientAndGoOnOnTheSameConnection() throws Exception {
        server = Scripted.start(true);
        server.refused.add("gone@example.org");
        PipelinedSmtp smtp = sender(server.port(), 1);

        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> smtp.send(mail("gone@example.org")).toCompletableFuture().get(10, TimeUnit.SECONDS));
        smtp.send(mail("here@example.org")).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertInstanceOf(PipelinedSmtp.Refused.class, refused.getCause());
        assertTrue(refused.getCause().getMessage().contains("550"), refused.getCause().getMessage());
        assertEquals(1, server.messages.size());
        assertEquals(1, server.connections.get(), "reset, not reconnected");
        assertTrue(server.commands.contains("RSET"));
    }

    @Test
    void shouldFailAMailWhoseConnectionDroppedAndSendTheNextOnANewOne() throws Exception {
        server = Scripted.start(true);
        server.dropAtData.add("drop@example.org");
        PipelinedSmtp smtp = sender(server.port(), 1);

        assertThrows(ExecutionException.class,
                () -> smtp.send(mail("drop@example.org")).toCompletableFuture().get(10, TimeUnit.SECONDS));
        smtp.send(mail("here@example.org")).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(2, server.connections.get());
        assertTrue(server.messages.stream().anyMatch(message -> message.contains("To: here@example.org")));
    }

    @Test
    void shouldTimeOutAServerThatNeverAnswers() throws Exception {
        server = Scripted.start(true);
        server.silentAtData.add("slow@example.org");
        PipelinedSmtp smtp = sender(server.port(), 1);
        smtp.timeout = Duration.ofMillis(500);

        ExecutionException timedOut = assertThrows(ExecutionException.class,
                () -> smtp.send(mail("slow@example.org")).toCompletableFuture().get(10, TimeUnit.SECONDS));
        smtp.send(mail("here@example.org")).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertTrue(timedOut.getCause().getMessage().contains("timed out"), timedOut.getCause().getMessage());
        assertEquals(2, server.connections.get(), "the silent session is not reused");
    }

    @Test
    void shouldLogInWithPlainWhenAUserIsSet() throws Exception {
        server = Scripted.start(true);
        server.auth = true;
        PipelinedSmtp smtp = sender(server.port(), 1);
        smtp.username = Optional.of("bulk");
        smtp.password = Optional.of("s3cret");

        smtp.send(mail("here@example.org")).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertTrue(server.commands.contains("AUTH PLAIN " + Base64.getEncoder().encodeToString(
                "\0bulk\0s3cret".getBytes(StandardCharsets.UTF_8))), server.commands.toString());
    }

    @Test
    void shouldRefuseToSendInTheClearWhenStartTlsIsRequiredAndNotOffered() throws Exception {
        server = Scripted.start(true);
        PipelinedSmtp smtp = sender(server.port(), 1);
        smtp.startTls = "REQUIRED";

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> smtp.send(mail("here@example.org")).toCompletableFuture().get(10, TimeUnit.SECONDS));

        assertTrue(failed.getCause().getMessage().contains("STARTTLS"), failed.getCause().getMessage());
        assertTrue(server.messages.isEmpty());
    }

    @Test
    void shouldStartTlsWhenTheServerOffersIt(@org.junit.jupiter.api.io.TempDir Path scratch) throws Exception {
        server = Scripted.start(true);
        server.tls = selfSigned(scratch);
        PipelinedSmtp smtp = sender(server.port(), 1);
        smtp.trustAll = Optional.of(true); // the test's own certificate

        smtp.send(mail("here@example.org")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        smtp.send(mail("again@example.org")).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(2, server.messages.size());
        assertTrue(server.securedMessages.get() == 2, "both mails went over TLS");
        assertEquals(2, server.commands.stream().filter(command -> command.startsWith("EHLO")).count(), "EHLO again after STARTTLS");
    }

    @Test
    void shouldSignWithTheMailersDkimSettingsCoveringTheUnsubscribeHeaders() throws Exception {
        server = Scripted.start(true);
        PipelinedSmtp smtp = sender(server.port(), 1);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        smtp.dkim = true;
        smtp.dkimPrivateKey = Optional.of(Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded()));
        smtp.dkimSdid = Optional.of("glossary.test");
        smtp.dkimSelector = Optional.of("unit");
        smtp.dkimHeaderCanon = Optional.of("relaxed");
        smtp.dkimBodyCanon = Optional.of("relaxed");
        // As application.properties sets them.
        smtp.dkimSignedHeaders = Optional.of(List.of("From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID",
                "MIME-Version", "Content-Type", "List-Unsubscribe", "List-Unsubscribe-Post"));
        smtp.startSigning();

        smtp.send(mail("reader@example.org").addHeader("List-Unsubscribe", "<https://glossary.test/u?t=abc>")
                .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")).toCompletableFuture().get(10, TimeUnit.SECONDS);

        String message = server.messages.get(0);
        String headers = message.split("\r\n\r\n", 2)[0].replaceAll("\r\n[ \t]+", " ");
        Matcher signature = Pattern.compile("(?m)^DKIM-Signature: (.*)$").matcher(headers);
        assertTrue(signature.find(), "no DKIM-Signature header:\n" + headers);
        Map<String, String> tags = new HashMap<>();
        for (String tag : signature.group(1).split(";")) {
            String[] nameAndValue = tag.trim().split("=", 2);
            tags.put(nameAndValue[0], nameAndValue.length > 1 ? nameAndValue[1].replaceAll("\\s", "") : "");
        }
        assertEquals("rsa-sha256", tags.get("a"));
        assertEquals("relaxed/relaxed", tags.get("c"));
        assertEquals("glossary.test", tags.get("d"));
        assertEquals("unit", tags.get("s"));
        List<String> signed = Arrays.stream(tags.get("h").split(":")).map(name -> name.toLowerCase(Locale.ROOT)).toList();
        assertTrue(signed.containsAll(List.of("from", "to", "subject", "date", "message-id", "list-unsubscribe",
                "list-unsubscribe-post")), "h=" + tags.get("h"));
        for (String name : List.of("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post")) {
            assertTrue(headers.matches("(?s)(.*\r\n)?" + name + ": .*"), "signed, so present: " + name + "\n" + headers);
        }
        assertFalse(tags.get("b").isEmpty(), "a signature");
        assertTrue(message.contains("\r\n.leading dot"), message);
    }

    /** The DKIM signer hashes the layout the mailer's client writes: the closing delimiter included, no blank line added. */
    @Test
    void shouldLayTheMessageOutAsTheMailersClientWritesIt() {
        io.vertx.ext.mail.MailMessage message = new io.vertx.ext.mail.MailMessage().setFrom("a@glossary.test")
                .setTo("b@example.org").setSubject("s").setText("one\ntwo").setHtml("<p>one</p>");
        io.vertx.ext.mail.mailencoder.EncodedPart part = new io.vertx.ext.mail.mailencoder.MailEncoder(message, "host.test").encodeMail();

        String data = PipelinedSmtp.forData(part).toString(StandardCharsets.UTF_8);
        assertTrue(data.endsWith("\r\n.\r\n"), data);
        String wire = data.substring(0, data.length() - ".\r\n".length());

        String boundary = part.boundary();
        assertTrue(wire.contains("\r\n\r\n--" + boundary + "\r\n"), wire);
        assertTrue(wire.endsWith("\r\n--" + boundary + "--\r\n"), wire);
        assertEquals(2, wire.split("--" + boundary + "\r\n", -1).length - 1, wire);
        assertFalse(wire.contains("\r\n\r\n--" + boundary + "--"), "no blank line before the closing delimiter: " + wire);
        assertFalse(wire.replace("\r\n", "").contains("\n"), "CRLF line ends only: " + wire);
    }

    /** A bulk mail's headers set by the sender itself: the same message as MailEncoder makes, header order, Date and boundary aside. */
    @Test
    void shouldEncodeABulkMailAsTheMailEncoderDoes() throws Exception {
        server = Scripted.start(true);
        PipelinedSmtp smtp = sender(server.port(), 1);
        Mail mail = mail("reader@example.org").setSubject("Drei Zahlen: Größe und Maß")
                .addHeader("List-Unsubscribe", "<https://glossary.test/u?t=abc>");

        smtp.send(mail).toCompletableFuture().get(10, TimeUnit.SECONDS);

        io.vertx.core.MultiMap ownHeaders = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
        mail.getHeaders().forEach(ownHeaders::add);
        io.vertx.ext.mail.MailMessage reference = new io.vertx.ext.mail.MailMessage().setFrom(smtp.defaultFrom.get())
                .setTo(mail.getTo()).setSubject(mail.getSubject()).setText(mail.getText()).setHtml(mail.getHtml())
                .setHeaders(ownHeaders);
        io.vertx.ext.mail.mailencoder.EncodedPart expected =
                new io.vertx.ext.mail.mailencoder.MailEncoder(reference, "sender.glossary.test").encodeMail();
        String expectedData = PipelinedSmtp.forData(expected).toString(StandardCharsets.UTF_8);
        String expectedMessage = expectedData.substring(0, expectedData.length() - ".\r\n".length()).replace("\r\n..", "\r\n.");
        String sent = server.messages.get(0);
        assertTrue(sent.matches("(?s).*\r\nDate: \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4} \\(.+\\)\r\n.*"), sent);
        assertEquals(comparable(expectedMessage, expected.boundary()), comparable(sent, boundaryOf(sent)));
    }

    /**
     * Readers of one shared rendering get one encoding of its body with their own token spliced in:
     * the same message as encoding each reader's text and HTML, even where quoted-printable breaks the
     * link across lines.
     */
    @Test
    void shouldSpliceEachReadersTokenIntoOneEncodingOfASharedRendering() throws Exception {
        server = Scripted.start(true);
        PipelinedSmtp smtp = sender(server.port(), 1);
        String standInToken = "QQQQQQQQQQwwwwwwwwww123456";
        SubscriptionLinks.Shared rendering = rendering(standInToken);
        List<String> tokens = List.of("i1.2s.0123456789abcdef0123", "i1.zz.fedcba9876543210fedc", "A-b_C-d_E-f_G-h_I-j_K-l_Mn");
        List<SharedMail> spliced = tokens.stream().map(token -> sharedMail(rendering, token)).toList();
        List<Mail> encodedOneByOne = spliced.stream().map(PipelinedSmtpTest::copyOf).toList();

        for (Mail mail : spliced) {
            smtp.send(mail).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        for (Mail mail : encodedOneByOne) {
            smtp.send(mail).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        for (int i = 0; i < tokens.size(); i++) {
            String sent = server.messages.get(i);
            String reference = server.messages.get(tokens.size() + i);
            assertEquals(comparable(reference, boundaryOf(reference)), comparable(sent, boundaryOf(sent)));
            String textPart = sent.substring(sent.indexOf("quoted-printable"), sent.indexOf("text/html"));
            assertFalse(textPart.contains(tokens.get(i)), "the text's link is broken across lines: " + textPart);
            assertTrue(textPart.replace("=\r\n", "").contains(tokens.get(i)), textPart);
        }
        assertEquals(1, server.messages.subList(0, tokens.size()).stream().map(PipelinedSmtpTest::boundaryOf).distinct().count(),
                "one encoding for all readers");
        assertEquals(tokens.size(), server.messages.subList(tokens.size(), 2 * tokens.size()).stream()
                .map(PipelinedSmtpTest::boundaryOf).distinct().count(), "each mail encoded on its own");
    }

    /** Two issues sent at once alternate their mails: each keeps its one encoding. */
    @Test
    void shouldKeepEachRenderingsEncodingWhenTwoIssuesAlternate() throws Exception {
        server = Scripted.start(true);
        PipelinedSmtp smtp = sender(server.port(), 1);
        SubscriptionLinks.Shared first = rendering("QQQQQQQQQQwwwwwwwwww123456");
        SubscriptionLinks.Shared second = rendering("RRRRRRRRRRxxxxxxxxxx654321");

        for (SubscriptionLinks.Shared rendering : List.of(first, second, first, second)) {
            smtp.send(sharedMail(rendering, "i1.2s.0123456789abcdef0123")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        List<String> boundaries = server.messages.stream().map(PipelinedSmtpTest::boundaryOf).toList();
        assertEquals(boundaries.get(0), boundaries.get(2));
        assertEquals(boundaries.get(1), boundaries.get(3));
        assertNotEquals(boundaries.get(0), boundaries.get(1));
    }

    @Test
    void shouldEncodeOnItsOwnAMailWhoseTokenCannotBeSpliced() throws Exception {
        server = Scripted.start(true);
        PipelinedSmtp smtp = sender(server.port(), 1);
        SubscriptionLinks.Shared rendering = rendering("QQQQQQQQQQwwwwwwwwww123456");
        SharedMail fits = sharedMail(rendering, "i1.2s.0123456789abcdef0123");
        SharedMail longer = sharedMail(rendering, "i1.2s.0123456789abcdef01234");
        SharedMail odd = sharedMail(rendering, "i1~2s~0123456789abcdef0123");

        for (Mail mail : List.of(fits, longer, odd)) {
            smtp.send(mail).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        assertEquals(3, server.messages.stream().map(PipelinedSmtpTest::boundaryOf).distinct().count());
        for (int i = 1; i < 3; i++) {
            String sent = server.messages.get(i);
            Mail mail = List.of(fits, longer, odd).get(i);
            String html = sent.substring(sent.indexOf("text/html"));
            assertTrue(html.contains("href=\"https://glossary.test/subscribers/unsubscribe?token=" + ((SharedMail) mail).token() + "\""), sent);
        }
    }

    /** A text made quoted-printable by its accents, whose long line breaks inside the link, and a 7-bit HTML part. */
    private static SubscriptionLinks.Shared rendering(String standInToken) {
        String standIn = "https://glossary.test/subscribers/unsubscribe?token=" + standInToken;
        return new SubscriptionLinks.Shared("Gr\u00f6\u00dfe und Ma\u00df\n.A dot first.\n\u00c4 " + standIn + "\nBye.\n",
                "<p>Caf&#233;</p>\n<p><a href=\"" + standIn + "\">Unsubscribe</a></p>", standIn, standInToken);
    }

    private static SharedMail sharedMail(SubscriptionLinks.Shared rendering, String token) {
        String link = "https://glossary.test/subscribers/unsubscribe?token=" + token;
        SharedMail mail = new SharedMail("reader@example.org", "Three numbers", rendering, token, link);
        mail.addHeader("Message-ID", "<issue-1.2@glossary.test>").addHeader("List-Unsubscribe", "<" + link + ">")
                .setBounceAddress("bounces+" + token + "@bounces.glossary.test");
        return mail;
    }

    private static Mail copyOf(SharedMail mail) {
        Mail copy = Mail.withText(mail.getTo().get(0), mail.getSubject(), mail.getText()).setHtml(mail.getHtml())
                .setBounceAddress(mail.getBounceAddress());
        mail.getHeaders().forEach((name, values) -> copy.addHeader(name, values.toArray(String[]::new)));
        return copy;
    }

    /** Header lines sorted, Date dropped, the boundary named alike: what differs between two encodings of one mail. */
    private static String comparable(String message, String boundary) {
        String[] headersAndBody = message.replace(boundary, "BOUNDARY").split("\r\n\r\n", 2);
        String headers = headersAndBody[0].lines().filter(line -> !line.startsWith("Date: ")).sorted()
                .collect(java.util.stream.Collectors.joining("\n"));
        return headers + "\n\n" + headersAndBody[1];
    }

    private static String boundaryOf(String message) {
        Matcher boundary = Pattern.compile("boundary=\"([^\"]+)\"").matcher(message);
        assertTrue(boundary.find(), message);
        return boundary.group(1);
    }

    /** The envelope's shortcut for bare addresses reads every address as Vert.x's parser does. */
    @Test
    void shouldReadEnvelopeAddressesAsTheMailersParserDoes() {
        for (String address : List.of("reader@example.org", "bounces+i1.2.abc@bounces.glossary.test",
                "Reader <reader@example.org>", "reader@example.org (Reader)", "<reader@example.org>", "rëader@exämple.org",
                "a@b@c", "x.y+z@sub.example.org")) {
            assertEquals(new io.vertx.ext.mail.mailencoder.EmailAddress(address).getEmail(), PipelinedSmtp.envelope(address),
                    address);
        }
        for (String invalid : List.of("reader", "@example.org", "reader@", "rea der@example.org", "a,b@example.org")) {
            assertThrows(IllegalArgumentException.class, () -> PipelinedSmtp.envelope(invalid), invalid);
        }
    }

    @Test
    void shouldLeaveToTheMailerWhatItDoesNotDo() {
        PipelinedSmtp smtp = sender(25, 1);
        assertTrue(smtp.usable());
        PipelinedSmtp signing = sender(25, 1);
        signing.dkim = true;
        assertTrue(signing.usable(), "it signs with quarkus.mailer.dkim.* itself");
        PipelinedSmtp mock = sender(25, 1);
        mock.mock = true;
        assertFalse(mock.usable());
        PipelinedSmtp tlsFromTheStart = sender(25, 1);
        tlsFromTheStart.tls = Optional.of(true);
        assertFalse(tlsFromTheStart.usable());
        PipelinedSmtp xoauth = sender(25, 1);
        xoauth.authMethods = Optional.of("XOAUTH2");
        assertFalse(xoauth.usable());
        PipelinedSmtp plainOnly = sender(25, 1);
        plainOnly.authMethods = Optional.of("PLAIN LOGIN");
        assertTrue(plainOnly.usable());
        PipelinedSmtp off = sender(25, 1);
        off.enabled = false;
        assertFalse(off.usable());
    }

    private PipelinedSmtp sender(int port, int poolSize) {
        PipelinedSmtp smtp = new PipelinedSmtp();
        smtp.vertx = vertx;
        smtp.enabled = true;
        smtp.tls = Optional.empty();
        smtp.tlsConfiguration = Optional.empty();
        smtp.truststore = Optional.empty();
        smtp.approvedRecipients = Optional.empty();
        smtp.authMethods = Optional.empty();
        smtp.pipeliningAllowed = true;
        smtp.host = "127.0.0.1";
        smtp.port = Optional.of(port);
        smtp.startTls = "OPTIONAL";
        smtp.trustAll = Optional.empty();
        smtp.login = "NONE";
        smtp.username = Optional.empty();
        smtp.password = Optional.empty();
        smtp.ownHostName = Optional.of("sender.glossary.test");
        smtp.defaultFrom = Optional.of("AI Economy Pulse <newsletter@glossary.test>");
        smtp.defaultBounce = Optional.empty();
        smtp.timeout = Duration.ofSeconds(5);
        smtp.keepAliveTimeout = Duration.ofMinutes(5);
        smtp.poolSize = poolSize;
        smtp.dkimPrivateKey = Optional.empty();
        smtp.dkimPrivateKeyPath = Optional.empty();
        smtp.dkimAuid = Optional.empty();
        smtp.dkimSelector = Optional.empty();
        smtp.dkimSdid = Optional.empty();
        smtp.dkimHeaderCanon = Optional.empty();
        smtp.dkimBodyCanon = Optional.empty();
        smtp.dkimBodyLimit = OptionalInt.empty();
        smtp.dkimTimestamp = Optional.empty();
        smtp.dkimExpireTime = OptionalLong.empty();
        smtp.dkimSignedHeaders = Optional.empty();
        return smtp;
    }

    private static Mail mail(String to) {
        return Mail.withText(to, "Three numbers", "Hello.\n.leading dot\nBye.")
                .setHtml("<p>Hello</p>")
                .setBounceAddress("bounces+x@bounces.glossary.test")
                .addHeader("Message-ID", "<issue-1." + to.charAt(to.indexOf('@') - 1) + "@glossary.test>");
    }

    private static SSLContext selfSigned(Path scratch) throws Exception {
        Path store = scratch.resolve("smtp.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-keypass", "changeit", "-ext", "SAN=ip:127.0.0.1,dns:localhost").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }

    /** An SMTP server on 127.0.0.1, one thread per session, replying line by line as a pipelining server may. */
    static final class Scripted implements AutoCloseable {
        final List<String> commands = new CopyOnWriteArrayList<>();
        final List<String> messages = new CopyOnWriteArrayList<>();
        final Set<String> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final Set<String> dropAtData = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final Set<String> silentAtData = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final Set<String> refusedAtData = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** How long each message's reply is held back; and how often the next envelope came meanwhile. */
        volatile long messageReplyDelayMillis;
        final AtomicInteger envelopesBeforeMessageReply = new AtomicInteger();
        final AtomicInteger messagesRead = new AtomicInteger();
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger pipelinedGroups = new AtomicInteger();
        final AtomicInteger securedMessages = new AtomicInteger();
        volatile boolean auth;
        volatile SSLContext tls;
        private final boolean pipelining;
        private final ServerSocket socket;
        private final ExecutorService sessions = Executors.newCachedThreadPool();

        private Scripted(ServerSocket socket, boolean pipelining) {
            this.socket = socket;
            this.pipelining = pipelining;
        }

        static Scripted start(boolean pipelining) throws IOException {
            Scripted server = new Scripted(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), pipelining);
            server.sessions.submit(server::accept);
            return server;
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            sessions.shutdownNow();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    connections.incrementAndGet();
                    sessions.submit(() -> converse(client));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void converse(Socket client) {
            Socket current = client;
            try {
                InputStream in = new BufferedInputStream(current.getInputStream());
                OutputStream out = current.getOutputStream();
                reply(out, "220 scripted.test ESMTP");
                String recipient = null;
                boolean secured = false;
                String line;
                while ((line = readLine(in)) != null) {
                    commands.add(line);
                    String upper = line.toUpperCase(Locale.ROOT);
                    if (upper.startsWith("MAIL") && in.available() > 0) {
                        pipelinedGroups.incrementAndGet(); // the rest of the group was already there
                    }
                    if (upper.startsWith("EHLO")) {
                        StringBuilder ehlo = new StringBuilder("250-scripted.test\r\n");
                        if (pipelining) {
                            ehlo.append("250-PIPELINING\r\n");
                        }
                        if (tls != null && !secured) {
                            ehlo.append("250-STARTTLS\r\n");
                        }
                        if (auth) {
                            ehlo.append("250-AUTH LOGIN PLAIN\r\n");
                        }
                        reply(out, ehlo.append("250 8BITMIME").toString());
                    } else if (upper.equals("STARTTLS") && tls != null) {
                        reply(out, "220 go ahead");
                        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(current, "127.0.0.1", current.getPort(), true);
                        ssl.setUseClientMode(false);
                        ssl.startHandshake();
                        current = ssl;
                        in = new BufferedInputStream(ssl.getInputStream());
                        out = ssl.getOutputStream();
                        secured = true;
                    } else if (upper.startsWith("AUTH PLAIN")) {
                        reply(out, "235 2.7.0 Authentication successful");
                    } else if (upper.startsWith("RCPT")) {
                        recipient = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                        reply(out, refused.contains(recipient) ? "550 5.1.1 no such user" : "250 OK");
                    } else if (upper.equals("DATA")) {
                        if (recipient == null || refused.contains(recipient)) {
                            reply(out, "554 5.5.1 no valid recipients");
                            continue;
                        }
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        String message = readData(in);
                        messagesRead.incrementAndGet();
                        if (dropAtData.remove(recipient)) {
                            current.close();
                            return;
                        }
                        if (silentAtData.remove(recipient)) {
                            while (readLine(in) != null) {
                                // never answers; the client gives up and closes
                            }
                            return;
                        }
                        if (messageReplyDelayMillis > 0) {
                            Thread.sleep(messageReplyDelayMillis);
                            if (in.available() > 0) {
                                envelopesBeforeMessageReply.incrementAndGet();
                            }
                        }
                        if (refusedAtData.remove(recipient)) {
                            reply(out, "554 5.7.1 message refused");
                            continue;
                        }
                        messages.add(message);
                        if (secured) {
                            securedMessages.incrementAndGet();
                        }
                        reply(out, "250 OK queued");
                    } else if (upper.equals("RSET")) {
                        recipient = null;
                        reply(out, "250 OK");
                    } else if (upper.equals("QUIT")) {
                        reply(out, "221 Bye");
                        return;
                    } else {
                        reply(out, "250 OK");
                    }
                }
            } catch (IOException dropped) {
                // the client went away
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    current.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }

        /** Up to the line holding only ".", dot-unstuffed, with CRLFs. */
        private static String readData(InputStream in) throws IOException {
            return new String(RawSmtpServer.readData(in), StandardCharsets.UTF_8);
        }
    }
}

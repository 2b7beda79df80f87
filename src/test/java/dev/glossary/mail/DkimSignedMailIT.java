package dev.glossary.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.LocalResources;
import dev.glossary.support.PackagedInstance;
import dev.glossary.support.ProxiedInstances;
import dev.glossary.support.RawSmtpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar with only the four DKIM variables an operator sets, mailing through a real SMTP
 * server; its mails are checked by Debian's dkimpy (python3-dkim under /usr/bin/python3), not by
 * anything of ours. Runs where the build is told that verifier is there (GLOSSARY_IT_DKIM set:
 * .ci/run installs it and sets it; pom.xml, profile dkim-it). Confirmation mails go through the
 * mailer, issue mails through PipelinedSmtp: both signers' mails must verify.
 */
class DkimSignedMailIT {

    private static final String DOMAIN = "glossary.example";
    private static final String SELECTOR = "it2026";
    private static final List<String> MUST_BE_SIGNED = List.of("from", "to", "subject", "date", "message-id",
            "list-unsubscribe", "list-unsubscribe-post");
    private static final Duration MAIL_LIMIT = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path scratch;
    private static String publicKey;
    private static RawSmtpServer smtp;
    private static ProxiedInstances instances;
    private static PackagedInstance instance;

    @BeforeAll
    static void startSigningInstance() throws Exception {
        scratch = Files.createTempDirectory("glossary-dkim-it");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        // As docs/newsletter.md makes it: PKCS#8, base64 in 64-character lines, no BEGIN/END lines.
        Path privateKey = scratch.resolve("dkim.key");
        Files.writeString(privateKey, Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded()) + "\n");
        publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        Path verifier = scratch.resolve("verify.py");
        try (InputStream script = DkimSignedMailIT.class.getResourceAsStream("/dkim/verify.py")) {
            Files.copy(script, verifier);
        }
        smtp = RawSmtpServer.start();
        instances = ProxiedInstances.onANewDatabase();
        instance = instances.start("127.0.0.1", Map.of(
                "QUARKUS_MAILER_HOST", "127.0.0.1",
                "QUARKUS_MAILER_PORT", String.valueOf(smtp.port()),
                "QUARKUS_MAILER_DKIM_ENABLED", "true",
                "QUARKUS_MAILER_DKIM_SDID", DOMAIN,
                "QUARKUS_MAILER_DKIM_SELECTOR", SELECTOR,
                "QUARKUS_MAILER_DKIM_PRIVATE_KEY_PATH", privateKey.toString(),
                // Its log too in a file of ours: which sender the issue mails went through.
                "QUARKUS_LOG_FILE_ENABLED", "true",
                "QUARKUS_LOG_FILE_PATH", scratch.resolve("instance.log").toString()));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable started : new AutoCloseable[] {instance, smtp}) {
            if (started != null) {
                started.close();
            }
        }
        if (instances != null) {
            instances.dropDatabase();
        }
        LocalResources.deleteTree(scratch);
    }

    @Test
    void shouldSignTheConfirmationMailSoThatDkimpyVerifiesIt() throws Exception {
        String reader = newReader();
        subscribe(reader);

        byte[] confirmation = smtp.await(mail -> addressedTo(mail, reader), MAIL_LIMIT);

        assertSignedAndVerified(confirmation);
    }

    @Test
    void shouldSignTheIssueMailSoThatDkimpyVerifiesIt() throws Exception {
        String reader = newReader();
        subscribe(reader);
        confirm(smtp.await(mail -> addressedTo(mail, reader), MAIL_LIMIT));
        String issue = jsonField(editor("/newsletter/issues",
                "{\"title\":\"Signed issue\",\"summary\":\"Three numbers.\",\"url\":\"https://example.org/signed\"}", 201), "id");

        editor("/newsletter/issues/" + issue + "/send", "", 202);
        byte[] issueMail = smtp.await(mail -> addressedTo(mail, reader) && mail.contains("Message-ID: <issue-" + issue + "."),
                MAIL_LIMIT);

        assertSignedAndVerified(issueMail);
        String log = Files.readString(scratch.resolve("instance.log"));
        assertTrue(log.contains("Issue mails go out through the pipelined SMTP sender, DKIM-signed"),
                "issue mails must be signed by the pipelined sender, not left to the mailer:\n" + log);
    }

    /** The verifier must be able to say no: a signed header changed on the way fails it. */
    @Test
    void shouldFailVerificationOnceASignedHeaderIsAltered() throws Exception {
        String reader = newReader();
        subscribe(reader);
        String mail = new String(smtp.await(text -> addressedTo(text, reader), MAIL_LIMIT), StandardCharsets.ISO_8859_1);
        String altered = mail.replaceFirst("(?m)^List-Unsubscribe: <[^>]*>", "List-Unsubscribe: <https://attacker.example/u>");
        assertFalse(altered.equals(mail), "the mail has no List-Unsubscribe header to alter");

        Verification verification = verify(altered.getBytes(StandardCharsets.ISO_8859_1));

        assertEquals(1, verification.exitCode(), verification.output());
        assertTrue(verification.output().contains("verified=false"), verification.output());
    }

    private static void assertSignedAndVerified(byte[] mail) throws Exception {
        String headers = new String(mail, StandardCharsets.ISO_8859_1).split("\r\n\r\n", 2)[0];
        assertTrue(headers.matches("(?s)(.*\r\n)?Date: .*"), "no Date header:\n" + headers);
        assertTrue(headers.matches("(?s)(.*\r\n)?Message-ID: <.*"), "no Message-ID header:\n" + headers);

        Verification verification = verify(mail);
        System.out.println("dkimpy on " + headers.lines().filter(line -> line.startsWith("Message-ID:")).findFirst()
                .orElse("?") + ":\n" + verification.output()); // the evidence, in the build's log

        assertEquals(0, verification.exitCode(), verification.output() + "\n" + headers);
        assertTrue(verification.output().contains("a=rsa-sha256"), verification.output());
        assertTrue(verification.output().contains("d=" + DOMAIN), verification.output());
        assertTrue(verification.output().contains("s=" + SELECTOR), verification.output());
        Matcher signed = Pattern.compile("(?m)^h=(.*)$").matcher(verification.output());
        assertTrue(signed.find(), verification.output());
        List<String> signedHeaders = Arrays.stream(signed.group(1).split(":"))
                .map(name -> name.toLowerCase(Locale.ROOT)).toList();
        assertTrue(signedHeaders.containsAll(MUST_BE_SIGNED), "signed: " + signedHeaders);
    }

    private record Verification(int exitCode, String output) {
    }

    private static Verification verify(byte[] mail) throws IOException, InterruptedException {
        Path file = Files.createTempFile(scratch, "mail", ".eml");
        Files.write(file, mail);
        Process process = new ProcessBuilder("/usr/bin/python3", scratch.resolve("verify.py").toString(), file.toString(),
                SELECTOR + "._domainkey." + DOMAIN, publicKey).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the verifier did not finish");
        return new Verification(process.exitValue(), output);
    }

    private static String newReader() {
        return "reader-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    private static boolean addressedTo(String mail, String reader) {
        return mail.contains("\r\nTo: " + reader + "\r\n");
    }

    private static void subscribe(String reader) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/subscribers"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + reader + "\"}")), 202);
    }

    /** Confirms with the token the confirmation mail carries, as the reader's click on its page would. */
    private static void confirm(byte[] confirmation) throws IOException, InterruptedException {
        Matcher token = Pattern.compile("/subscribers/confirm\\?token=([A-Za-z0-9_-]+)")
                .matcher(new String(confirmation, StandardCharsets.ISO_8859_1));
        assertTrue(token.find(), "no confirmation link in the mail");
        send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/subscribers/confirm"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token.group(1) + "\"}")), 200);
    }

    private static String editor(String path, String body, int expected) throws IOException, InterruptedException {
        String credentials = Base64.getEncoder().encodeToString(
                (ProxiedInstances.EDITOR + ":" + ProxiedInstances.EDITOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + path))
                .header("Authorization", "Basic " + credentials);
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(body)), expected);
    }

    private static String send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), response.body());
        return response.body();
    }

    private static String jsonField(String json, String field) {
        Matcher value = Pattern.compile("\"" + field + "\"\\s*:\\s*\"?([^\",}]+)").matcher(json);
        assertTrue(value.find(), json);
        return value.group(1);
    }
}

package dev.glossary.mail;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DKIM key the signer cannot use stops the start with a message naming the setting and what is
 * wrong (never the key itself); a key made as docs/newsletter.md says passes.
 */
class DkimKeyTest {

    private static Vertx vertx;
    private static PrivateKey key;

    @TempDir Path scratch;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair().getPrivate();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void shouldAcceptAKeyFileMadeAsTheDocsSay() throws Exception {
        Path file = write("dkim.key", lines(key.getEncoded()));

        assertDoesNotThrow(() -> DkimKey.check(Optional.empty(), Optional.of(file.toString()), vertx));
    }

    @Test
    void shouldRefuseAKeyFileThatIsMissing() {
        String missing = scratch.resolve("nowhere.key").toString();

        String message = refusal(Optional.empty(), Optional.of(missing));

        assertTrue(message.startsWith(DkimKey.PATH + ": cannot read " + missing), message);
    }

    @Test
    void shouldRefuseAKeyThatIsNotBase64() {
        String message = refusal(Optional.of(lines(key.getEncoded()).replace('A', '*')), Optional.empty());

        assertTrue(message.startsWith(DkimKey.INLINE + " is not base64"), message);
    }

    @Test
    void shouldRefuseAPemKeyWithItsBeginAndEndLines() throws Exception {
        Path file = write("dkim.pem", "-----BEGIN PRIVATE KEY-----\n" + lines(key.getEncoded()) + "-----END PRIVATE KEY-----\n");

        String message = refusal(Optional.empty(), Optional.of(file.toString()));

        assertTrue(message.startsWith(DkimKey.PATH + " is PEM, with BEGIN/END lines"), message);
    }

    @Test
    void shouldRefuseAPkcs1Key() throws Exception {
        Path file = write("dkim.pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n");

        String message = refusal(Optional.empty(), Optional.of(file.toString()));

        assertTrue(message.startsWith(DkimKey.PATH + " is a PKCS#1 PEM key"), message);
    }

    @Test
    void shouldRefuseBase64ThatIsNotAnRsaKeyInPkcs8() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        String ecKey = lines(ec.generateKeyPair().getPrivate().getEncoded());

        String message = refusal(Optional.of(ecKey), Optional.empty());

        assertTrue(message.startsWith(DkimKey.INLINE + " is base64, but not an RSA private key in PKCS#8"), message);
    }

    @Test
    void shouldRefuseAnRsaKeyShorterThanVerifiersAccept() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(512);

        String message = refusal(Optional.of(lines(generator.generateKeyPair().getPrivate().getEncoded())), Optional.empty());

        assertTrue(message.startsWith(DkimKey.INLINE + " is a 512-bit RSA key"), message);
    }

    @Test
    void shouldRefuseDkimWithoutAKey() {
        String message = refusal(Optional.empty(), Optional.empty());

        assertTrue(message.contains("no key is set"), message);
    }

    @Test
    void shouldStopSigningSetUpWhenTheSelectorIsMissing() {
        PipelinedSmtp smtp = signing(Optional.of("glossary.test"), Optional.empty(), Optional.empty());

        ConfigurationException refused = assertThrows(ConfigurationException.class, smtp::startSigning);

        assertTrue(refused.getMessage().contains("quarkus.mailer.dkim.selector is not set"), refused.getMessage());
    }

    @Test
    void shouldStopSigningSetUpWhenTheAuidIsOutsideTheSigningDomain() {
        PipelinedSmtp smtp = signing(Optional.of("glossary.test"), Optional.of("pulse"), Optional.of("news@elsewhere.example"));

        ConfigurationException refused = assertThrows(ConfigurationException.class, smtp::startSigning);

        assertTrue(refused.getMessage().startsWith("quarkus.mailer.dkim.* cannot be used to sign: Identity domain mismatch"),
                refused.getMessage());
    }

    private String refusal(Optional<String> inline, Optional<String> path) {
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> DkimKey.check(inline, path, vertx));
        String base64Key = Base64.getEncoder().encodeToString(key.getEncoded());
        assertFalse(refused.getMessage().contains(base64Key.substring(40, 80)), "the message must not carry the key");
        assertTrue(refused.getCause() == null, "no stack of causes for Quarkus to print");
        return refused.getMessage();
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(scratch.resolve(name), content, StandardCharsets.US_ASCII);
    }

    /** As `openssl pkcs8 -topk8 -nocrypt | grep -v -- -----` writes it: base64 in 64-character lines. */
    private static String lines(byte[] der) {
        return Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) + "\n";
    }

    private static PipelinedSmtp signing(Optional<String> sdid, Optional<String> selector, Optional<String> auid) {
        PipelinedSmtp smtp = new PipelinedSmtp();
        smtp.vertx = vertx;
        smtp.dkim = true;
        smtp.dkimPrivateKey = Optional.of(lines(key.getEncoded()));
        smtp.dkimPrivateKeyPath = Optional.empty();
        smtp.dkimSdid = sdid;
        smtp.dkimSelector = selector;
        smtp.dkimAuid = auid;
        smtp.dkimHeaderCanon = Optional.empty();
        smtp.dkimBodyCanon = Optional.empty();
        smtp.dkimBodyLimit = OptionalInt.empty();
        smtp.dkimTimestamp = Optional.empty();
        smtp.dkimExpireTime = OptionalLong.empty();
        smtp.dkimSignedHeaders = Optional.of(List.of("From", "To", "Subject"));
        return smtp;
    }
}

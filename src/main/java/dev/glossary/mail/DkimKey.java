package dev.glossary.mail;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystemException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * The DKIM key of quarkus.mailer.dkim.*, read as Vert.x's signer reads it (the inline key first, else
 * the file through Vert.x's file system), and checked so that what is wrong with it is said in words an
 * operator can act on. The signer itself says "Failed to init the Signature", or throws a bare
 * IllegalArgumentException for a character that is not base64, and the mailer's client, built lazily,
 * would then fail again on every send.
 */
final class DkimKey {

    static final String INLINE = "quarkus.mailer.dkim.private-key (QUARKUS_MAILER_DKIM_PRIVATE_KEY)";
    static final String PATH = "quarkus.mailer.dkim.private-key-path (QUARKUS_MAILER_DKIM_PRIVATE_KEY_PATH)";
    /** RFC 8301 3.2: verifiers must not accept signatures by shorter RSA keys. */
    static final int MIN_BITS = 1024;
    private static final String HOW = "; the mailer reads an RSA key in PKCS#8, base64, without the PEM BEGIN/END lines"
            + " (docs/newsletter.md, \"Signed mail (DKIM)\")";

    private DkimKey() {
    }

    /** Throws a ConfigurationException naming the setting and what is wrong, unless the key is one the signer can use. */
    static void check(Optional<String> inline, Optional<String> path, Vertx vertx) {
        String setting = inline.isPresent() ? INLINE : PATH;
        String text = inline.orElseGet(() -> read(path.orElseThrow(() -> new ConfigurationException(
                "DKIM is on (quarkus.mailer.dkim.enabled) and no key is set: set " + PATH + " or " + INLINE)), vertx));
        if (text.contains("-----BEGIN")) {
            String kind = text.contains("BEGIN RSA PRIVATE KEY") ? "a PKCS#1 PEM key (BEGIN RSA PRIVATE KEY)"
                    : text.contains("BEGIN ENCRYPTED PRIVATE KEY") ? "an encrypted PEM key"
                    : "PEM, with BEGIN/END lines";
            throw new ConfigurationException(setting + " is " + kind + HOW);
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(text.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(setting + " is not base64 (" + e.getMessage() + ")" + HOW);
        }
        if (der.length == 0) {
            throw new ConfigurationException(setting + " is empty" + HOW);
        }
        RSAPrivateKey key;
        try {
            key = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (InvalidKeySpecException | ClassCastException e) {
            throw new ConfigurationException(setting + " is base64, but not an RSA private key in PKCS#8" + HOW);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no RSA", e);
        }
        int bits = key.getModulus().bitLength();
        if (bits < MIN_BITS) {
            throw new ConfigurationException(setting + " is a " + bits + "-bit RSA key; verifiers ignore signatures by keys under "
                    + MIN_BITS + " bits (RFC 8301): make a 2048-bit one (docs/newsletter.md, \"Signed mail (DKIM)\")");
        }
    }

    private static String read(String path, Vertx vertx) {
        try {
            return vertx.fileSystem().readFileBlocking(path).toString();
        } catch (FileSystemException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigurationException(PATH + ": cannot read " + path + " (" + cause.getClass().getSimpleName()
                    + (cause.getMessage() != null && !cause.getMessage().equals(path) ? ": " + cause.getMessage() : "") + ")");
        }
    }
}

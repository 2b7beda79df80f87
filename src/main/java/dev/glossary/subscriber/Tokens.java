package dev.glossary.subscriber;

import dev.glossary.common.Sha256;
import java.security.SecureRandom;
import java.util.Base64;

/** Link tokens: 256 random bits, base64url; only their SHA-256 is stored, so a database leak reveals no link. */
final class Tokens {

    static final int RANDOM_BYTES = 32;
    /** Longer input cannot be a token; refused before hashing. */
    static final int MAX_LENGTH = 100;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] hash(String token) {
        return Sha256.of(token);
    }
}

package dev.glossary.security.token;

import dev.glossary.common.Sha256;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** {@code glo_} + 256 random bits in base64url: a secret too long to guess, so one SHA-256 stores it safely (no bcrypt). */
final class ApiTokenSecrets {

    static final String PREFIX = "glo_";
    private static final int KEY_BYTES = 32;
    /** What {@link #newSecret()} makes; anything else is refused before it is hashed or looked up. */
    private static final Pattern SHAPE = Pattern.compile(PREFIX + "[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiTokenSecrets() {
    }

    static String newSecret() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    static boolean wellFormed(String secret) {
        return SHAPE.matcher(secret).matches();
    }

    static byte[] hash(String secret) {
        return Sha256.of(secret);
    }
}

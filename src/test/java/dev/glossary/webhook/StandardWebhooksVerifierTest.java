package dev.glossary.webhook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The test receiver's verifier against signatures made once by the official `standardwebhooks` npm
 * package (1.1.1, {@code new Webhook(secret).sign(id, new Date(ts * 1000), payload)}), kept as fixed
 * vectors: if the verifier agrees with them, it checks what the specification means.
 */
class StandardWebhooksVerifierTest {

    /** The secret is base64 of the bytes 0..31, the shape this service hands out. */
    private static final String SECRET = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String ID = "msg_2f7d9c1e-6a4b-4c1a-9f3e-0b5d8e7a6c21";
    private static final long TIMESTAMP = 1_795_000_000L;
    private static final String PAYLOAD = "{\"type\":\"term.updated\",\"timestamp\":\"2026-11-17T08:26:40Z\",\"data\":"
            + "{\"id\":\"0b7e3c52-8f1d-4e6a-9c2b-5a4d3e2f1a0b\",\"slug\":\"transfer-learning\",\"revision\":3,\"seq\":42}}";
    private static final String SIGNATURE = "v1,wXcKD55ZDJnqGsbZM7Ajm6gPDeHVnKax/reUQUFU4yQ=";

    /** The npm package's own README secret (24 key bytes), a second vector. */
    private static final String README_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String README_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long README_TIMESTAMP = 1_614_265_330L;
    private static final String README_PAYLOAD = "{\"type\":\"term.updated\",\"timestamp\":\"2021-02-25T15:02:10Z\","
            + "\"data\":{\"id\":\"9b2f\",\"slug\":\"transfer-learning\",\"revision\":3,\"seq\":42}}";
    private static final String README_SIGNATURE = "v1,qO/QlBztMxh8VgSLnGXnwKbQiPn16oIuA3GXf6C3t3E=";

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldAcceptTheSignaturesOfTheOfficialPackage() {
        assertTrue(new StandardWebhooksVerifier(SECRET).verify(ID, String.valueOf(TIMESTAMP), SIGNATURE, bytes(PAYLOAD), TIMESTAMP));
        assertTrue(new StandardWebhooksVerifier(README_SECRET).verify(README_ID, String.valueOf(README_TIMESTAMP),
                README_SIGNATURE, bytes(README_PAYLOAD), README_TIMESTAMP + 60));
    }

    @Test
    void shouldAcceptAMatchingSignatureAmongSeveral() {
        String header = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + SIGNATURE;
        assertTrue(new StandardWebhooksVerifier(SECRET).verify(ID, String.valueOf(TIMESTAMP), header, bytes(PAYLOAD), TIMESTAMP));
    }

    @Test
    void shouldRefuseAReserialisedBodyAnotherIdOrTimestampOrKey() {
        StandardWebhooksVerifier verifier = new StandardWebhooksVerifier(SECRET);
        String reformatted = PAYLOAD.replace(",\"", ", \"");
        assertFalse(verifier.verify(ID, String.valueOf(TIMESTAMP), SIGNATURE, bytes(reformatted), TIMESTAMP));
        assertFalse(verifier.verify(ID + "x", String.valueOf(TIMESTAMP), SIGNATURE, bytes(PAYLOAD), TIMESTAMP));
        assertFalse(verifier.verify(ID, String.valueOf(TIMESTAMP + 1), SIGNATURE, bytes(PAYLOAD), TIMESTAMP));
        assertFalse(new StandardWebhooksVerifier(README_SECRET).verify(ID, String.valueOf(TIMESTAMP), SIGNATURE,
                bytes(PAYLOAD), TIMESTAMP));
        assertFalse(verifier.verify(ID, String.valueOf(TIMESTAMP), "v2," + SIGNATURE.substring(3), bytes(PAYLOAD), TIMESTAMP));
    }

    @Test
    void shouldRefuseAStaleTimestamp() {
        assertFalse(new StandardWebhooksVerifier(SECRET).verify(ID, String.valueOf(TIMESTAMP), SIGNATURE, bytes(PAYLOAD),
                TIMESTAMP + StandardWebhooksVerifier.TOLERANCE_SECONDS + 1));
    }
}

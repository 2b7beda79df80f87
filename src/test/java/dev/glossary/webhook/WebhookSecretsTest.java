package dev.glossary.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSecretsTest {

    @Test
    void shouldSignLikeTheOfficialPackage() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        // The vector StandardWebhooksVerifierTest holds, made by the npm package.
        String payload = "{\"type\":\"term.updated\",\"timestamp\":\"2026-11-17T08:26:40Z\",\"data\":"
                + "{\"id\":\"0b7e3c52-8f1d-4e6a-9c2b-5a4d3e2f1a0b\",\"slug\":\"transfer-learning\",\"revision\":3,\"seq\":42}}";
        assertEquals("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", WebhookSecrets.shown(key));
        assertEquals("v1,wXcKD55ZDJnqGsbZM7Ajm6gPDeHVnKax/reUQUFU4yQ=", WebhookSecrets.signature(key,
                "msg_2f7d9c1e-6a4b-4c1a-9f3e-0b5d8e7a6c21", 1_795_000_000L, payload.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldMakeSecretsOf32RandomBytes() {
        String secret = WebhookSecrets.shown(WebhookSecrets.newKey());
        assertTrue(secret.startsWith("whsec_"));
        assertEquals(32, Base64.getDecoder().decode(secret.substring(6)).length);
        assertTrue(!secret.equals(WebhookSecrets.shown(WebhookSecrets.newKey())));
    }
}

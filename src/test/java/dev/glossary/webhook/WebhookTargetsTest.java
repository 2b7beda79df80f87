package dev.glossary.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.web.ProblemException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSRF guard with private targets refused, as in production. */
class WebhookTargetsTest {

    private final WebhookTargets guard = new WebhookTargets(false);

    @Test
    void shouldRefusePrivateLoopbackLinkLocalAndUniqueLocalTargetsAtCreation() {
        for (String url : List.of("http://127.0.0.1/hook", "http://127.1.2.3:8080/", "http://localhost/hook",
                "http://10.1.2.3/", "http://172.16.0.1/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data",
                "http://0.0.0.0/", "http://100.64.0.1/", "http://[::1]/", "http://[fd00::1]/", "http://[fe80::1]/",
                "http://[::ffff:127.0.0.1]/", "http://[::]/", "http://224.0.0.1/", "http://255.255.255.255/",
                "http://[64:ff9b::a00:1]/")) {
            ProblemException refused = assertThrows(ProblemException.class, () -> guard.checkAtCreation(url), url);
            assertEquals(400, refused.type().status(), url);
        }
    }

    @Test
    void shouldAcceptAPublicAddress() {
        WebhookTargets.Target target = guard.checkAtCreation("https://93.184.215.14/hooks?via=glossary");
        assertEquals(443, target.port());
        assertTrue(target.https());
        assertEquals("/hooks?via=glossary", target.pathAndQuery());
        assertEquals(80, guard.checkAtCreation("http://[2606:4700::1111]/").port());
    }

    @Test
    void shouldRefuseANameThatResolvesToLoopbackAtDelivery() {
        // As if the name resolved to a public address at creation and to 127.0.0.1 now.
        WebhookTargets.Target target = WebhookTargets.Target.parse("http://localhost:8080/hook");
        assertThrows(WebhookTargets.Refused.class, () -> guard.addressForDelivery(target));
    }

    @Test
    void shouldLetEveryTargetThroughWhenPrivateTargetsAreAllowed() throws Exception {
        WebhookTargets lenient = new WebhookTargets(true);
        lenient.checkAtCreation("http://127.0.0.1:9/hook");
        assertTrue(lenient.addressForDelivery(WebhookTargets.Target.parse("http://localhost:9/")).isLoopbackAddress());
    }

    @Test
    void shouldTellPublicFromNonPublicAddresses() throws UnknownHostException {
        assertTrue(WebhookTargets.isPublic(InetAddress.getByName("93.184.215.14")));
        assertTrue(WebhookTargets.isPublic(InetAddress.getByName("2606:4700::1111")));
        assertFalse(WebhookTargets.isPublic(InetAddress.getByName("198.18.0.1")));
        assertFalse(WebhookTargets.isPublic(InetAddress.getByName("192.0.0.8")));
        assertFalse(WebhookTargets.isPublic(InetAddress.getByName("::a00:1")));
    }
}

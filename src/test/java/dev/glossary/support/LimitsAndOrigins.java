package dev.glossary.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One profile for every test that needs a limit switched on and low, CORS origins configured, or the
 * webhook SSRF guard on as in production, so that the application boots once for all of them. The test client is a trusted proxy: a test that
 * spends a limit sends its own {@code X-Forwarded-For} address, so that it spends no other test's.
 */
public class LimitsAndOrigins implements QuarkusTestProfile {

    public static final int SUBSCRIBE_LIMIT = 3;
    public static final int LOGIN_FAILURES_ALLOWED = 3;
    public static final String ALLOWED_ORIGIN = "https://app.example";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.cors.origins", ALLOWED_ORIGIN + ",https://partner.example",
                "glossary.subscribers.rate-limit.enabled", "true",
                "glossary.subscribers.rate-limit.requests", String.valueOf(SUBSCRIBE_LIMIT),
                // A long window, so that no test straddles two windows.
                "glossary.subscribers.rate-limit.window", "1H",
                "glossary.security.login-failures-allowed", String.valueOf(LOGIN_FAILURES_ALLOWED),
                "glossary.security.login-failure-window", "2M",
                "quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true",
                "quarkus.http.proxy.trusted-proxies", "127.0.0.1,::1",
                "glossary.webhooks.allow-private-targets", "false");
    }

    /** An address in 10.0.0.0/8 that no other test of this run is likely to use, for X-Forwarded-For. */
    public static String randomClientAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }
}

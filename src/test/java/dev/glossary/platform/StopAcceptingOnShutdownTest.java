package dev.glossary.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The end of the shutdown delay as a load balancer sees it. Its own profile: the test closes the
 * listener of the application it runs against, so no other test may share that application.
 */
@QuarkusTest
@TestProfile(StopAcceptingOnShutdownTest.ShortDelay.class)
class StopAcceptingOnShutdownTest {

    private static final long DELAY_MILLIS = 1_000;

    public static class ShortDelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.shutdown.delay", DELAY_MILLIS + "MS",
                    "glossary.http.stop-accepting-before-delay-ends", "200MS");
        }
    }

    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdownDelay;

    @Test
    void shouldRefuseNewConnectionsButAnswerAcceptedOnesWhenTheDelayEnds() throws Exception {
        given().get("/q/health/live").then().statusCode(200);
        try (Socket accepted = connect()) {
            long started = System.nanoTime();
            shutdownDelay.fire(new ShutdownDelayInitiatedEvent());

            long refusedAfter = millisUntilRefused(started, DELAY_MILLIS + 5_000);
            assertTrue(refusedAfter >= DELAY_MILLIS - 200 - 50, "refused too early: " + refusedAfter + " ms");

            OutputStream out = accepted.getOutputStream();
            out.write("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(accepted.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 200 OK", statusLine);
        }
    }

    private static long millisUntilRefused(long started, long patienceMillis) throws Exception {
        while (true) {
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            try (Socket ignored = connect()) {
                assertTrue(elapsed < patienceMillis, "still accepting connections after " + elapsed + " ms");
            } catch (ConnectException refused) {
                return elapsed;
            }
            Thread.sleep(20);
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("localhost", RestAssured.port), 2_000);
        socket.setSoTimeout(5_000);
        return socket;
    }
}

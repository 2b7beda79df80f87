package dev.glossary.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RequestIdsTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void shouldEchoTheCallersRequestId() {
        given().header("X-Request-Id", "nginx-4f1c2a").get("/terms")
                .then().statusCode(200).header("X-Request-Id", "nginx-4f1c2a");
    }

    @Test
    void shouldMakeARequestIdWhenTheCallerSendsNone() {
        given().get("/terms").then().statusCode(200).header("X-Request-Id", matchesPattern(UUID));
    }

    @Test
    void shouldCarryTheRequestIdOnErrorAnswers() {
        given().header("X-Request-Id", "lost-term").get("/terms/no-such-term-anywhere")
                .then().statusCode(404).header("X-Request-Id", "lost-term");
    }

    @Test
    void shouldReplaceAnOverLongRequestId() {
        String overLong = "a".repeat(RequestIds.MAX_LENGTH + 1);
        given().header("X-Request-Id", overLong).get("/terms")
                .then().statusCode(200).header("X-Request-Id", matchesPattern(UUID));
    }

    @Test
    void shouldReplaceARequestIdWithSpacesOrControlCharacters() {
        given().header("X-Request-Id", "two words").get("/terms")
                .then().statusCode(200).header("X-Request-Id", not(equalTo("two words")));
        assertEquals(36, RequestIds.accepted("line\u0001break").length());
        assertEquals(36, RequestIds.accepted("").length());
        assertEquals(36, RequestIds.accepted("caf\u00e9").length());
    }

    @Test
    void shouldLogEachLineOfARequestWithItsIdOnTheEventLoopAndOnWorkers() {
        Map<String, String> idByMessage = new ConcurrentHashMap<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord ext && record.getLoggerName().equals(RequestIdLogProbe.class.getName())) {
                    idByMessage.put(ext.getFormattedMessage(), String.valueOf(ext.getMdc(RequestIds.MDC_KEY)));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            given().header("X-Request-Id", "probe-1").get(RequestIdLogProbe.PATH).then().statusCode(200);
            given().header("X-Request-Id", "probe-2").get(RequestIdLogProbe.PATH).then().statusCode(200);
        } finally {
            root.removeHandler(capture);
        }
        for (String line : List.of("probe on the event loop", "probe on a worker")) {
            assertEquals("probe-2", idByMessage.get(line), line);
        }
    }
}

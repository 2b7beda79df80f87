package dev.glossary.term.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.PackagedInstance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances on one fresh database: once a write has returned from one, the other
 * serves the new document within the notification's delivery time, never the cached old one.
 */
class TwoInstancesCoherenceIT {

    private static final String ADMIN_JDBC = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String DB_USER = "postgres";
    private static final String DB_PASSWORD = "postgres";
    private static final String EDITOR = "it-admin";
    private static final String EDITOR_PASSWORD = "it-password";
    private static final Duration DELIVERY_BOUND = Duration.ofSeconds(1);
    private static final int WRITES = 20;
    private static final String SLUG = "chatgpt";

    private static final String DATABASE = "glossary_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static PackagedInstance first;
    private static PackagedInstance second;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        sql("CREATE DATABASE " + DATABASE);
        Map<String, String> environment = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE,
                "QUARKUS_DATASOURCE_USERNAME", DB_USER,
                "QUARKUS_DATASOURCE_PASSWORD", DB_PASSWORD,
                "GLOSSARY_ADMIN_USERNAME", EDITOR,
                "GLOSSARY_ADMIN_PASSWORD", EDITOR_PASSWORD,
                "GLOSSARY_PUBLIC_BASE_URL", "http://127.0.0.1");
        first = PackagedInstance.start(environment);
        second = PackagedInstance.start(environment);
    }

    @AfterAll
    static void stopAndDropTheDatabase() throws Exception {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        sql("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    @Test
    void shouldNeverServeAStaleTermFromTheOtherInstanceAfterAWriteReturns() throws Exception {
        long slowestMillis = 0;
        for (int i = 0; i < WRITES; i++) {
            PackagedInstance writer = i % 2 == 0 ? first : second;
            PackagedInstance reader = i % 2 == 0 ? second : first;
            get(reader, SLUG);
            get(reader, SLUG); // surely cached now
            String definition = "Edition " + i + " of the ChatGPT definition";
            assertEquals(200, put(writer, SLUG, definition));
            slowestMillis = Math.max(slowestMillis, millisUntilServed(reader, SLUG, definition));
        }
        assertTrue(slowestMillis <= DELIVERY_BOUND.toMillis(),
                "the other instance served a stale term for " + slowestMillis + " ms");
    }

    private static long millisUntilServed(PackagedInstance reader, String slug, String definition) throws Exception {
        Instant start = Instant.now();
        Instant deadline = start.plus(DELIVERY_BOUND.multipliedBy(5));
        while (Instant.now().isBefore(deadline)) {
            if (get(reader, slug).contains(definition)) {
                return Duration.between(start, Instant.now()).toMillis();
            }
            Thread.sleep(10);
        }
        return Duration.between(start, Instant.now()).toMillis();
    }

    private static String get(PackagedInstance instance, String slug) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/terms/" + slug)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private static int put(PackagedInstance instance, String slug, String shortDefinition) throws Exception {
        String body = "{\"name\":\"ChatGPT\",\"shortDefinition\":\"" + shortDefinition + "\",\"relatedSlugs\":[\"transfer-learning\"]}";
        String credentials = Base64.getEncoder().encodeToString(
                (EDITOR + ":" + EDITOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/terms/" + slug))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Basic " + credentials)
                        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void sql(String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(ADMIN_JDBC, DB_USER, DB_PASSWORD);
             Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}

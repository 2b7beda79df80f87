package dev.glossary.security.token;

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
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two packaged instances on one fresh database: a token revoked on one is refused by the other at once. */
class TokenRevocationIT {

    private static final String ADMIN_JDBC = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String DB_USER = "postgres";
    private static final String DB_PASSWORD = "postgres";
    private static final String ADMIN = "it-admin";
    private static final String ADMIN_PASSWORD = "it-password";

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
                "GLOSSARY_ADMIN_USERNAME", ADMIN,
                "GLOSSARY_ADMIN_PASSWORD", ADMIN_PASSWORD,
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
    void shouldRefuseATokenOnTheOtherInstanceRightAfterItsRevocation() throws Exception {
        HttpResponse<String> created = send(first, "POST", "/tokens", basic(),
                "{\"name\":\"it-script\",\"scopes\":[\"webhooks:admin\"]}");
        assertEquals(201, created.statusCode());
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created.body());
        Matcher secret = Pattern.compile("\"token\":\"(glo_[^\"]+)\"").matcher(created.body());
        assertTrue(id.find() && secret.find(), created.body());
        String bearer = "Bearer " + secret.group(1);
        assertEquals(200, send(second, "GET", "/webhooks", bearer, null).statusCode());

        assertEquals(204, send(first, "DELETE", "/tokens/" + id.group(1), basic(), null).statusCode());

        HttpResponse<String> refused = send(second, "GET", "/webhooks", bearer, null);
        assertEquals(401, refused.statusCode());
        assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(PackagedInstance instance, String method, String path, String authorization,
            String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + path))
                .header("Authorization", authorization)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void sql(String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(ADMIN_JDBC, DB_USER, DB_PASSWORD);
             Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}

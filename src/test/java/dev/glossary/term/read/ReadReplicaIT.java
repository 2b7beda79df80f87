package dev.glossary.term.read;

import static dev.glossary.support.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.LocalResources;
import dev.glossary.support.PackagedInstance;
import dev.glossary.support.StreamingReplica;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances on a fresh database of the local primary, reading from a real streaming
 * replica of it (GLOSSARY_READ_DATASOURCE_JDBC_URL) whose replay the tests pause, and which they
 * stop. Which database answered a read is told by each instance's glossary_term_reads_total.
 */
class ReadReplicaIT {

    private static final String ADMIN_JDBC = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String DB_USER = "postgres";
    private static final String DB_PASSWORD = "postgres";
    private static final String EDITOR = "it-admin";
    private static final String EDITOR_PASSWORD = "it-password";
    private static final Duration MAX_LAG = Duration.ofSeconds(1);
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    /** A committed write is searchable on every instance within this (issue 23). */
    private static final Duration FRESH = Duration.ofSeconds(1);

    private static final String DATABASE = "glossary_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static StreamingReplica replica;
    private static PackagedInstance first;
    /** Bound an hour: it reads the replica however far behind, unless a change it heard says otherwise. */
    private static PackagedInstance tolerant;

    @BeforeAll
    static void startReplicaAndTwoInstances() throws Exception {
        sql("CREATE DATABASE " + DATABASE);
        replica = StreamingReplica.start();
        Map<String, String> environment = new HashMap<>(Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE,
                "QUARKUS_DATASOURCE_USERNAME", DB_USER,
                "QUARKUS_DATASOURCE_PASSWORD", DB_PASSWORD,
                "GLOSSARY_READ_DATASOURCE_JDBC_URL", replica.jdbcUrl(DATABASE),
                "GLOSSARY_READ_DATASOURCE_MAX_LAG", MAX_LAG.toMillis() + "ms",
                "GLOSSARY_ADMIN_USERNAME", EDITOR,
                "GLOSSARY_ADMIN_PASSWORD", EDITOR_PASSWORD,
                "GLOSSARY_PUBLIC_BASE_URL", "http://127.0.0.1"));
        first = PackagedInstance.start(environment);
        environment.put("GLOSSARY_READ_DATASOURCE_MAX_LAG", "1h");
        tolerant = PackagedInstance.start(environment);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable started : new AutoCloseable[] {first, tolerant, replica}) {
            if (started != null) {
                started.close();
            }
        }
        sql("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    @AfterEach
    void replicaRunningAndReplaying() throws Exception {
        try {
            replica.resumeReplay();
        } catch (SQLException stopped) {
            replica.startAgain();
        }
    }

    @Test
    void shouldAnswerAnonymousListingsFromTheReplica() throws Exception {
        await(() -> listingWentTo(first, "replica"), PATIENCE, "a listing on the replica");
    }

    @Test
    void shouldFindANewTermWithinASecondOnAnInstanceReadingALaggingReplica() throws Exception {
        await(() -> listingWentTo(tolerant, "replica"), PATIENCE, "a listing on the replica");
        replica.pauseReplay();
        String word = "lagfind" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "q");
        String slug = create(first, word + " Spectrum");
        // The search index follows the primary's change feed, whatever the replica has replayed.
        await(() -> searchFinds(tolerant, word, slug), FRESH, "the new term in the other instance's search");
    }

    @Test
    void shouldReadThePrimaryOnceTheReplicaLagsBeyondTheBound() throws Exception {
        await(() -> listingWentTo(first, "replica"), PATIENCE, "a listing on the replica");
        replica.pauseReplay();
        sql(DATABASE, "CREATE TABLE lag_marker (); DROP TABLE lag_marker"); // WAL, but no term change
        await(() -> listingWentTo(first, "primary"), PATIENCE, "reads to move to the primary beyond the 1 s bound");
        assertTrue(listingWentTo(tolerant, "replica"), "an instance whose bound is an hour still reads the replica");
        replica.resumeReplay();
        await(() -> listingWentTo(first, "replica"), PATIENCE, "reads to return once the replica caught up");
    }

    @Test
    void shouldNotCacheAnOlderDocumentFromALaggingReplicaAfterAChange() throws Exception {
        String slug = create(first, "Cached " + UUID.randomUUID().toString().substring(0, 8));
        await(() -> get(tolerant, "/terms/" + slug).contains(slug), PATIENCE, "the new term on the other instance");
        get(tolerant, "/terms/" + slug); // cached there now
        replica.pauseReplay();
        String definition = "Edited while the replica lags " + UUID.randomUUID();
        assertEquals(200, status(send(first, "/terms/" + slug, "PUT",
                "{\"name\":\"Cached edit " + slug + "\",\"shortDefinition\":\"" + definition + "\"}")));
        await(() -> get(tolerant, "/terms/" + slug).contains(definition), PATIENCE, "the other instance to serve the edit");
        Thread.sleep(500);
        assertTrue(get(tolerant, "/terms/" + slug).contains(definition), "the edit stays served, not the replica's copy");
    }

    @Test
    void shouldLetAnEditorReadTheirWriteWhileTheReplicaLags() throws Exception {
        replica.pauseReplay();
        String slug = create(first, "Lagging " + UUID.randomUUID().toString().substring(0, 8));
        String definition = "Edited while the replica lags " + UUID.randomUUID();
        assertEquals(200, status(send(first, "/terms/" + slug, "PUT",
                "{\"name\":\"Lagging edit " + slug + "\",\"shortDefinition\":\"" + definition + "\"}")));
        for (PackagedInstance instance : new PackagedInstance[] {first, tolerant}) {
            HttpResponse<String> read = get(instance, "/terms/" + slug, true);
            assertEquals(200, read.statusCode());
            assertTrue(read.body().contains(definition), "an editor reads their own write on either instance");
        }
    }

    @Test
    void shouldAnswerFromThePrimaryWithoutErrorsWhileTheReplicaIsDown() throws Exception {
        await(() -> listingWentTo(first, "replica"), PATIENCE, "a listing on the replica");
        replica.stop();
        double replicaReads = reads(first, "replica");
        for (int i = 0; i < 20; i++) {
            assertEquals(200, status(get(first, "/terms?slug=down-" + i + "-" + UUID.randomUUID(), false)));
        }
        assertEquals(200, status(get(first, "/q/health/ready", false)));
        assertEquals(replicaReads, reads(first, "replica"));
        replica.startAgain();
        await(() -> listingWentTo(first, "replica"), PATIENCE, "reads to return once the replica is back");
    }

    /** Whether a bulk fetch nobody made before (a cache miss) was answered by that database. */
    private static boolean listingWentTo(PackagedInstance instance, String database) {
        try {
            double before = reads(instance, database);
            assertEquals(200, status(get(instance, "/terms?slug=replica-" + UUID.randomUUID(), false)));
            return reads(instance, database) > before;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static boolean searchFinds(PackagedInstance instance, String words, String slug) {
        try {
            return search(instance, words).contains("\"" + slug + "\"");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String search(PackagedInstance instance, String words) throws Exception {
        HttpResponse<String> response = get(instance, "/terms?q=" + URLEncoder.encode(words, StandardCharsets.UTF_8), false);
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private static double reads(PackagedInstance instance, String database) throws Exception {
        return LocalResources.termReads(get(instance, "/q/metrics", false).body(), database);
    }

    private static String create(PackagedInstance instance, String name) throws Exception {
        HttpResponse<String> created = send(instance, "/terms", "POST",
                "{\"name\":\"" + name + "\",\"shortDefinition\":\"Written while the replica lags\"}");
        assertEquals(201, created.statusCode(), created.body());
        Matcher slug = Pattern.compile("\"slug\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
        assertTrue(slug.find());
        return slug.group(1);
    }

    /** An anonymous GET's body, 200 expected. */
    private static String get(PackagedInstance instance, String path) {
        try {
            HttpResponse<String> response = get(instance, path, false);
            assertEquals(200, response.statusCode(), path);
            return response.body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> get(PackagedInstance instance, String path, boolean asEditor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + path));
        if (asEditor) {
            request.header("Authorization", credentials());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(PackagedInstance instance, String path, String method, String json)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + path))
                .header("Content-Type", "application/json")
                .header("Authorization", credentials())
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String credentials() {
        return "Basic " + Base64.getEncoder().encodeToString((EDITOR + ":" + EDITOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static int status(HttpResponse<?> response) {
        return response.statusCode();
    }

    private static void sql(String statement) throws SQLException {
        sql("postgres", statement);
    }

    private static void sql(String database, String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(ADMIN_JDBC.replace("/postgres", "/" + database),
                DB_USER, DB_PASSWORD);
             Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}

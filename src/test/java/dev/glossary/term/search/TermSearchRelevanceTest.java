package dev.glossary.term.search;

import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The judged set (issue 23): each query of search/judged-queries.tsv with its expected best answer, over
 * the seed terms and search/judged-terms.tsv. At least 90 % first, every one in the first five.
 */
@QuarkusTest
class TermSearchRelevanceTest {

    private record Judged(String query, String expected) {
    }

    @Test
    void shouldRankTheExpectedAnswerFirstForAtLeast90PercentOfTheJudgedQueries() {
        List<String> misses = new ArrayList<>();
        List<Judged> judged = judgedSet();
        for (Judged one : judged) {
            List<String> top = top(one.query(), 5);
            if (top.isEmpty() || !top.get(0).equals(one.expected())) {
                misses.add(one.query() + " -> " + top + " (expected " + one.expected() + ")");
            }
        }
        double top1 = 1.0 - (double) misses.size() / judged.size();
        System.out.printf("Judged set: top-1 %d/%d (%.1f %%); not first: %s%n",
                judged.size() - misses.size(), judged.size(), top1 * 100, misses);
        assertTrue(top1 >= 0.9, "top-1 " + top1 + "; not first: " + misses);
    }

    @Test
    void shouldRankTheExpectedAnswerAmongTheFirstFiveForEveryJudgedQuery() {
        List<String> misses = new ArrayList<>();
        for (Judged one : judgedSet()) {
            List<String> top = top(one.query(), 5);
            if (!top.contains(one.expected())) {
                misses.add(one.query() + " -> " + top + " (expected " + one.expected() + ")");
            }
        }
        assertEquals(List.of(), misses);
    }

    private static List<String> top(String query, int size) {
        return given().queryParam("q", query).queryParam("size", size)
                .when().get("/terms")
                .then().statusCode(200)
                .extract().path("items.slug");
    }

    /** The queries, after making sure every judged term exists (created once per database, whichever test runs first). */
    private static synchronized List<Judged> judgedSet() {
        for (String[] term : rows("search/judged-terms.tsv")) {
            if (given().get("/terms/" + term[0]).statusCode() == 404) {
                Map<String, Object> body = new HashMap<>();
                body.put("slug", term[0]);
                body.put("name", term[1]);
                body.put("aliases", term[2].isEmpty() ? List.of() : Arrays.asList(term[2].split(",")));
                body.put("shortDefinition", term[3]);
                body.put("description", term.length > 4 ? term[4] : "");
                asEditor().contentType(ContentType.JSON).body(body).post("/terms").then().statusCode(201);
            }
        }
        return rows("search/judged-queries.tsv").stream().map(row -> new Judged(row[0], row[1])).toList();
    }

    private static List<String[]> rows(String resource) {
        try (InputStream in = TermSearchRelevanceTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t", -1)).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

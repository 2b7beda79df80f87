package dev.glossary.term.search;

import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TermFixtures.uniqueName;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TermCursorTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String BY_NAME = "SELECT slug FROM term ORDER BY lower(name)";

    @Inject
    Database db;

    @Test
    void shouldRefuseAPageDeeperThan10000Items() {
        given().queryParam("page", 500).queryParam("size", 20)
                .when().get("/terms")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", endsWith("/page-too-deep"))
                .body("status", equalTo(400))
                .body("detail", containsString("cursor"));
    }

    @Test
    void shouldServeThePageThatEndsExactly10000ItemsDeep() {
        given().queryParam("page", 99).queryParam("size", 100)
                .when().get("/terms")
                .then().statusCode(200);
    }

    @Test
    void shouldCarryNextCursorOnPageNumberAnswers() {
        createTerms("Cursor page", 3);
        JsonPath first = given().queryParam("size", 2).when().get("/terms")
                .then().statusCode(200).body("nextCursor", notNullValue()).extract().jsonPath();
        List<String> viaCursor = given().queryParam("size", 2).queryParam("cursor", first.getString("nextCursor"))
                .when().get("/terms").then().statusCode(200).extract().path("items.slug");
        List<String> viaPage = given().queryParam("size", 2).queryParam("page", 1)
                .when().get("/terms").then().statusCode(200).extract().path("items.slug");
        assertEquals(viaPage, viaCursor);
    }

    @Test
    void shouldAnswerANullNextCursorOnTheLastPage() {
        createTerm(uniqueName("Lonely cursor"));
        int pages = given().queryParam("letter", "L").queryParam("size", 2).when().get("/terms")
                .then().statusCode(200).extract().path("totalPages");
        given().queryParam("letter", "L").queryParam("size", 2).queryParam("page", pages - 1)
                .when().get("/terms")
                .then().statusCode(200)
                .body("containsKey('nextCursor')", is(true))
                .body("nextCursor", nullValue());
    }

    @Test
    void shouldLeaveNextCursorOutOfSearchesAndBulkFetches() {
        given().queryParam("q", "model").when().get("/terms")
                .then().statusCode(200).body("containsKey('nextCursor')", is(false));
        given().queryParam("slug", "chatgpt").when().get("/terms")
                .then().statusCode(200).body("containsKey('nextCursor')", is(false));
    }

    @Test
    void shouldAnswerACursorPageWithoutCountsAndLinkTheNextOne() {
        createTerms("Cursor link", 3);
        given().queryParam("size", 1).queryParam("cursor", firstCursor(Map.of(), 1))
                .when().get("/terms")
                .then().statusCode(200)
                .body("keySet()", equalTo(Set.of("items", "size", "nextCursor")))
                .body("size", equalTo(1))
                .header("Link", containsString("rel=\"next\""))
                .header("Link", containsString("cursor="))
                .header("Link", not(containsString("page=")));
    }

    @Test
    void shouldSayTotalItemsExactOnSmallResults() {
        given().queryParam("letter", "F").when().get("/terms")
                .then().statusCode(200).body("totalItemsExact", is(true));
        given().queryParam("q", "fine tunning").when().get("/terms")
                .then().statusCode(200).body("totalItemsExact", is(true));
    }

    @Test
    void shouldRefuseATamperedCursor() {
        createTerms("Tamper", 2);
        String cursor = firstCursor(Map.of(), 1);
        String payload = cursor.substring(0, cursor.indexOf('.'));
        char replaced = payload.charAt(payload.length() - 2);
        String forged = payload.substring(0, payload.length() - 2)
                + (replaced == 'A' ? 'B' : 'A') + payload.charAt(payload.length() - 1)
                + cursor.substring(cursor.indexOf('.'));
        assertNotEquals(cursor, forged);
        expectInvalidCursor(given().queryParam("cursor", forged), "cursor");
    }

    @Test
    void shouldRefuseAnUndecodableCursor() {
        expectInvalidCursor(given().queryParam("cursor", "not a cursor!"), "cursor");
    }

    @Test
    void shouldRefuseACursorWithAnotherLetter() {
        createTerms("Cursor letter", 2);
        String cursor = firstCursor(Map.of("letter", "F"), 1);
        expectInvalidCursor(given().queryParam("cursor", cursor).queryParam("letter", "G"), "cursor");
    }

    @Test
    void shouldRefuseACursorWithAnotherSort() {
        createTerms("Cursor sort", 2);
        String cursor = firstCursor(Map.of("sort", "name"), 1);
        expectInvalidCursor(given().queryParam("cursor", cursor).queryParam("sort", "-updatedAt"), "cursor");
    }

    @Test
    void shouldRefuseACursorWithQ() {
        createTerms("With q", 2);
        expectInvalidCursor(given().queryParam("cursor", firstCursor(Map.of(), 1)).queryParam("q", "model"), "cursor");
    }

    @Test
    void shouldRefuseACursorWithSlug() {
        createTerms("With slug", 2);
        expectInvalidCursor(given().queryParam("cursor", firstCursor(Map.of(), 1)).queryParam("slug", "chatgpt"),
                "cursor");
    }

    @Test
    void shouldRefuseACursorWithAPageNumber() {
        createTerms("With page", 2);
        expectInvalidCursor(given().queryParam("cursor", firstCursor(Map.of(), 1)).queryParam("page", 1), "page");
    }

    @Test
    void shouldWalkEveryTermOnceInNameOrder() {
        createTerms("Walk by name", 5);
        assertEquals(db.strings(BY_NAME), walk(Map.of("sort", "name"), 7, page -> { }));
    }

    @Test
    void shouldWalkEveryTermOnceMostRecentlyUpdatedFirst() {
        createTerms("Walk by update", 5);
        assertEquals(db.strings("SELECT slug FROM term ORDER BY updated_at DESC, id DESC"),
                walk(Map.of("sort", "-updatedAt"), 7, page -> { }));
    }

    @Test
    void shouldWalkEveryTermOfALetterOnceInNameOrder() {
        createTerms("Walk letter", 5);
        assertEquals(db.strings("SELECT slug FROM term WHERE initial = 'W' ORDER BY lower(name)"),
                walk(Map.of("letter", "W"), 2, page -> { }));
    }

    @Test
    void shouldNeitherSkipNorRepeatATermWhileOthersAreInsertedAndDeletedByName() {
        walkWhileWriting("name");
    }

    @Test
    void shouldNeitherSkipNorRepeatATermWhileOthersAreInsertedAndDeletedByUpdate() {
        walkWhileWriting("-updatedAt");
    }

    /**
     * Walks the terms under Q three at a time while another thread keeps creating and deleting
     * Q terms: each term there from start to end is seen exactly once, and no term twice.
     */
    private void walkWhileWriting(String sort) {
        createTerms("Quokka", 30);
        List<String> victims = createTerms("Quince", 12);
        Set<String> stable = new HashSet<>(db.strings("SELECT slug FROM term WHERE initial = 'Q'"));
        victims.forEach(stable::remove);

        AtomicBoolean walking = new AtomicBoolean(true);
        CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
            int writes = 0;
            List<String> created = new ArrayList<>();
            List<String> toDelete = new ArrayList<>(victims);
            for (int i = 0; walking.get(); i++) {
                created.add(createTerm(uniqueName("Q" + (char) ('a' + i % 26) + " churn")));
                String gone = !toDelete.isEmpty() ? toDelete.remove(0) : created.remove(0);
                asEditor().when().delete("/terms/" + gone).then().statusCode(204);
                writes += 2;
            }
            return writes;
        });

        List<String> seen = walk(Map.of("letter", "Q", "sort", sort), 3, page -> pause());
        walking.set(false);
        int writes = writer.orTimeout(60, TimeUnit.SECONDS).join();

        assertTrue(writes >= 4, "the writer ran alongside the walk (" + writes + " writes)");
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no term is repeated: " + seen);
        Set<String> missing = new HashSet<>(stable);
        seen.forEach(missing::remove);
        assertTrue(missing.isEmpty(), "no stable term is skipped; missing " + missing);
    }

    /** Every slug of a walk: page 0 by number, then nextCursor until it is null. */
    private static List<String> walk(Map<String, ?> filters, int size, Consumer<Integer> betweenPages) {
        JsonPath page = given().queryParams(filters).queryParam("size", size).when().get("/terms")
                .then().statusCode(200).extract().jsonPath();
        List<String> slugs = new ArrayList<>(page.getList("items.slug", String.class));
        String cursor = page.getString("nextCursor");
        for (int n = 1; cursor != null; n++) {
            betweenPages.accept(n);
            page = given().queryParams(filters).queryParam("size", size).queryParam("cursor", cursor)
                    .when().get("/terms").then().statusCode(200).extract().jsonPath();
            slugs.addAll(page.getList("items.slug", String.class));
            cursor = page.getString("nextCursor");
        }
        return slugs;
    }

    private static String firstCursor(Map<String, ?> filters, int size) {
        return given().queryParams(filters).queryParam("size", size).when().get("/terms")
                .then().statusCode(200).extract().path("nextCursor");
    }

    private static List<String> createTerms(String base, int count) {
        return IntStream.range(0, count).mapToObj(i -> createTerm(uniqueName(base))).toList();
    }

    private static void expectInvalidCursor(RequestSpecification request, String field) {
        request.when().get("/terms")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", endsWith("/validation"))
                .body("errors[0].field", equalTo(field));
    }

    private static void pause() {
        try {
            Thread.sleep(15);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

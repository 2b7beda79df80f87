package dev.glossary.term.search;

import static dev.glossary.support.TermFixtures.body;
import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TermFixtures.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.describedAs;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TermListResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String VALIDATION = "https://glossary.example/problems/validation";

    @Test
    void shouldAnswerAPageOfSummariesWithItsCounts() {
        given().queryParam("size", 2)
                .when().get("/terms")
                .then().statusCode(200)
                .contentType("application/json")
                .body("items", hasSize(2))
                .body("items[0].keySet()", contains("slug", "name", "shortDefinition"))
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("totalItems", greaterThanOrEqualTo(7))
                .body("totalPages", greaterThanOrEqualTo(4));
    }

    @Test
    void shouldDefaultToPage0Of20SortedByName() {
        List<String> names = given().when().get("/terms")
                .then().statusCode(200)
                .body("page", equalTo(0))
                .body("size", equalTo(20))
                .extract().path("items.name");
        List<String> sorted = names.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList();
        org.junit.jupiter.api.Assertions.assertEquals(sorted, names);
    }

    @Test
    void shouldLinkFirstNextAndLastFromTheFirstPage() {
        given().queryParam("size", 1)
                .when().get("/terms")
                .then().statusCode(200)
                .header("Link", containsString("rel=\"first\""))
                .header("Link", containsString("rel=\"next\""))
                .header("Link", containsString("rel=\"last\""))
                .header("Link", not(containsString("rel=\"prev\"")))
                .header("Link", containsString("page=1"));
    }

    @Test
    void shouldLinkPrevFromALaterPageAndKeepTheQuery() {
        given().queryParam("size", 1).queryParam("page", 2).queryParam("letter", "F")
                .when().get("/terms")
                .then().statusCode(200)
                .header("Link", containsString("rel=\"prev\""))
                .header("Link", containsString("letter=F"))
                .header("Link", not(containsString("rel=\"next\"")));
    }

    @Test
    void shouldAnswerAnEmptyPageBeyondTheLast() {
        given().queryParam("page", 499)
                .when().get("/terms")
                .then().statusCode(200)
                .body("items", hasSize(0))
                .body("page", equalTo(499));
    }

    @Test
    void shouldRefuseSizeZero() {
        expectInvalidParameter("size", "0");
    }

    @Test
    void shouldRefuseSizeOver100() {
        expectInvalidParameter("size", "101");
    }

    @Test
    void shouldRefuseANegativePage() {
        expectInvalidParameter("page", "-1");
    }

    @Test
    void shouldRefuseANonNumericPage() {
        expectInvalidParameter("page", "abc");
    }

    @Test
    void shouldNameTheRangeWhenAPageIsNotANumber() {
        given().queryParam("page", "abc")
                .when().get("/terms")
                .then().statusCode(400)
                .body("errors[0].message", equalTo("must be a whole number from 0 to 1000000"));
    }

    @Test
    void shouldTreatAnEmptySizeAsTheDefault() {
        given().queryParam("size", "")
                .when().get("/terms")
                .then().statusCode(200)
                .body("size", equalTo(20));
    }

    @Test
    void shouldRefuseAnUnknownSort() {
        expectInvalidParameter("sort", "popularity");
    }

    @Test
    void shouldRefuseRelevanceWithoutAQuery() {
        expectInvalidParameter("sort", "relevance");
    }

    @Test
    void shouldRefuseALetterOutsideAToZAndHash() {
        expectInvalidParameter("letter", "AB");
    }

    @Test
    void shouldFilterByInitialLetter() {
        given().queryParam("letter", "F").queryParam("size", 100)
                .when().get("/terms")
                .then().statusCode(200)
                .body("items.name", hasItem("Fine-Tuning"))
                .body("items.name", everyItem(startsWith("F")));
    }

    @Test
    void shouldFileNamesStartingWithADigitUnderHash() {
        String name = "3D " + uniqueName("Gaussian splatting");
        String slug = createTerm(name);
        given().queryParam("letter", "#").queryParam("size", 100)
                .when().get("/terms")
                .then().statusCode(200)
                .body("items.slug", hasItem(slug));
    }

    @Test
    void shouldFoldAccentsWhenFilteringByLetter() {
        String slug = createTerm(uniqueName("Élan vital"));
        given().queryParam("letter", "E").queryParam("size", 100)
                .when().get("/terms")
                .then().statusCode(200)
                .body("items.slug", hasItem(slug));
    }

    @Test
    void shouldBulkFetchBySlugSkippingUnknownOnes() {
        given().queryParam("slug", "chatgpt", "no-such-term", "ai-alignment", "Not A Slug")
                .when().get("/terms")
                .then().statusCode(200)
                .body("items.slug", contains("ai-alignment", "chatgpt"))
                .body("totalItems", equalTo(2));
    }

    @Test
    void shouldAnswerNothingWhenNoBulkSlugIsKnown() {
        given().queryParam("slug", "no-such-term")
                .when().get("/terms")
                .then().statusCode(200)
                .body("items", hasSize(0))
                .body("totalItems", equalTo(0));
    }

    @Test
    void shouldRefuseMoreThan100BulkSlugs() {
        List<String> slugs = IntStream.range(0, 101).mapToObj(i -> "term-" + i).toList();
        given().queryParam("slug", slugs)
                .when().get("/terms")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors[0].field", equalTo("slug"));
    }

    @Test
    void shouldSortByMostRecentlyUpdatedFirst() {
        String older = createTerm(uniqueName("Older"));
        String newer = createTerm(uniqueName("Newer"));
        List<String> slugs = given().queryParam("sort", "-updatedAt").queryParam("slug", older, newer)
                .when().get("/terms")
                .then().statusCode(200)
                .extract().path("items.slug");
        org.junit.jupiter.api.Assertions.assertEquals(List.of(newer, older), slugs);
    }

    @Test
    void shouldFindFineTuningDespiteATypo() {
        given().queryParam("q", "fine tunning")
                .when().get("/terms")
                .then().statusCode(200)
                .body("items[0].slug", equalTo("fine-tuning"));
    }

    @Test
    void shouldFindARenamedTermDespiteATypoAndForgetItsOldName() {
        // The index replaces a renamed term's document: its new name is found despite a typo, its old one no longer.
        String old = "Qwzold" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        String renamed = "Vrkxnew" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        String slug = createTerm(body(old + " Spectrogram", "Renamed later"));
        dev.glossary.support.TestUsers.asEditor().contentType(io.restassured.http.ContentType.JSON)
                .body(body(renamed + " Spectrogram", "Renamed later")).put("/terms/" + slug)
                .then().statusCode(200);
        given().queryParam("q", renamed.toLowerCase() + " spectrogam")
                .when().get("/terms")
                .then().statusCode(200)
                .body("items.slug", hasItem(slug));
        given().queryParam("q", old + "x")
                .when().get("/terms")
                .then().statusCode(200)
                .body("items.slug", not(hasItem(slug)));
    }

    @Test
    void shouldCountASingleWordSearchExactlyBelowTenThousand() {
        String marker = "zk" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        createTerm(body(uniqueName("Counted " + marker), "First"));
        createTerm(body(uniqueName("Counted " + marker), "Second"));
        given().queryParam("q", marker)
                .when().get("/terms")
                .then().statusCode(200)
                .body("totalItems", equalTo(2))
                .body("totalItemsExact", equalTo(true));
    }

    @Test
    void shouldRankNameMatchesAboveDescriptionMatches() {
        String marker = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Map<String, Object> inDescription = body(uniqueName("Described"), "Plain short definition");
        inDescription.put("description", "This paragraph mentions " + marker + " once.");
        String described = createTerm(inDescription);
        String named = createTerm(body(uniqueName("Term " + marker), "Another short definition"));
        given().queryParam("q", marker)
                .when().get("/terms")
                .then().statusCode(200)
                .body("items.slug", contains(named, described));
    }

    @Test
    void shouldSearchIgnoringCaseAndAccents() {
        String marker = "qx" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String slug = createTerm(body("Réseau " + marker, "Un réseau de neurones"));
        given().queryParam("q", "RESEAU " + marker.toUpperCase())
                .when().get("/terms")
                .then().statusCode(200)
                .body("items.slug", hasItem(slug));
    }

    @Test
    void shouldSearchShortDefinitions() {
        given().queryParam("q", "conversational assistant")
                .when().get("/terms")
                .then().statusCode(200)
                .body("items.slug", hasItem("chatgpt"));
    }

    @Test
    void shouldTreatSqlAndQuerySyntaxInQAsPlainText() {
        for (String q : List.of("' OR 1=1 --", "\"unterminated", "a & | ! ( :*", "%_\\", "); DROP TABLE term; --")) {
            given().queryParam("q", q)
                    .when().get("/terms")
                    .then().statusCode(200);
        }
        given().when().get("/terms/transfer-learning").then().statusCode(200);
    }

    @Test
    void shouldSearchLuceneSyntaxAsItsWords() {
        for (String q : List.of("title:*", "AND(", "\"unbalanced", "name:fine~2 OR description:[a TO z]",
                "*".repeat(150), "a* b? c~ d^9 /e.*/ f\\", "*".repeat(100) + " ai " + "?".repeat(96))) {
            String words = q.replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
            List<String> asWords = words.isEmpty() ? List.of() // no word: nothing found, not the whole glossary
                    : given().queryParam("q", words).when().get("/terms").then().statusCode(200).extract().jsonPath().getList("items.slug");
            given().queryParam("q", q)
                    .when().get("/terms")
                    .then().statusCode(200)
                    .body("totalItemsExact", equalTo(true))
                    .body("items.slug", describedAs("the answer to \"" + words + "\"", equalTo(asWords)));
        }
    }

    @Test
    void shouldSearchTheWordsOfQueryLikeInputAsText() {
        given().queryParam("q", "title:chatgpt")
                .when().get("/terms")
                .then().statusCode(200)
                .body("items.slug", hasItem("chatgpt"));
    }

    @Test
    void shouldSortSearchResultsByNameWhenAsked() {
        String marker = "zs" + UUID.randomUUID().toString().replaceAll("[^a-f]", "") + "x";
        String zulu = createTerm(body("Zulu " + marker, "Last by name"));
        String alpha = createTerm(body("Alpha " + marker, "First by name"));
        given().queryParam("q", marker).queryParam("sort", "name")
                .when().get("/terms")
                .then().statusCode(200)
                .body("items.slug", contains(alpha, zulu));
    }

    @Test
    void shouldSortSearchResultsByMostRecentlyUpdatedWhenAsked() {
        String marker = "zu" + UUID.randomUUID().toString().replaceAll("[^a-f]", "") + "x";
        String older = createTerm(body("Alpha " + marker, "Older"));
        String newer = createTerm(body("Zulu " + marker, "Newer"));
        given().queryParam("q", marker).queryParam("sort", "-updatedAt")
                .when().get("/terms")
                .then().statusCode(200)
                .body("items.slug", contains(newer, older));
    }

    @Test
    void shouldPageThroughSearchResultsWithExactCounts() {
        String marker = "zp" + UUID.randomUUID().toString().replaceAll("[^a-f]", "") + "x";
        for (int i = 0; i < 3; i++) {
            createTerm(body(uniqueName("Paged " + marker), "Paged search result"));
        }
        given().queryParam("q", marker).queryParam("size", 2).queryParam("page", 1)
                .when().get("/terms")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("totalItems", equalTo(3))
                .body("totalPages", equalTo(2))
                .body("totalItemsExact", equalTo(true))
                .header("Link", containsString("rel=\"prev\""));
    }

    @Test
    void shouldRefuseASearchPageDeeperThanTenThousand() {
        given().queryParam("q", "model").queryParam("size", 100).queryParam("page", 100)
                .when().get("/terms")
                .then().statusCode(400)
                .body("type", equalTo("https://glossary.example/problems/page-too-deep"));
    }

    @Test
    void shouldRefuseAQueryOver200Characters() {
        given().queryParam("q", String.join("", Collections.nCopies(201, "a")))
                .when().get("/terms")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors[0].field", equalTo("q"));
    }

    @Test
    void shouldCombineSearchWithALetter() {
        given().queryParam("q", "model").queryParam("letter", "F")
                .when().get("/terms")
                .then().statusCode(200)
                .body("items.name", everyItem(startsWith("F")))
                .body("items.slug", hasItem("foundation-model"));
    }

    private static void expectInvalidParameter(String name, String value) {
        given().queryParam(name, value)
                .when().get("/terms")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(VALIDATION))
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo(name))
                .body("instance", equalTo("/terms"));
    }
}

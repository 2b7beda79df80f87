package dev.glossary.web;

import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.TermFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Public listings: Cache-Control, ETag, 304 on If-None-Match, Vary; errors stay private (web/PublicListings). */
@QuarkusTest
class CacheableListingsTest {

    private static final String PUBLIC = "public, max-age=\\d+";

    private static ValidatableResponse get(String pathAndQuery) {
        return given().urlEncodingEnabled(false).when().get(pathAndQuery).then();
    }

    private static String etagOf(String pathAndQuery) {
        return get(pathAndQuery).statusCode(200).extract().header("ETag");
    }

    private static ValidatableResponse revalidate(String pathAndQuery, String ifNoneMatch) {
        return given().urlEncodingEnabled(false).header("If-None-Match", ifNoneMatch).when().get(pathAndQuery).then();
    }

    private static String cursorWalk() {
        String cursor = get("/terms?size=1").statusCode(200).extract().path("nextCursor");
        return "/terms?size=1&cursor=" + cursor;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/terms", "/terms?page=1&size=5", "/terms?q=learning", "/terms?letter=C",
            "/terms?slug=chatgpt&slug=agi", "/letters", "/suggestions?q=fin", "/newsletter", "/newsletter/issues", "/changes"})
    void shouldSendPublicCacheControlAndAnETag(String listing) {
        get(listing).statusCode(200)
                .header("Cache-Control", matchesPattern(PUBLIC))
                .header("ETag", matchesPattern("(W/)?\"[A-Za-z0-9_-]+\""));
    }

    @Test
    void shouldChooseTheMaxAgeOfEachPath() {
        get("/terms").header("Cache-Control", equalTo("public, max-age=60"));
        get("/letters").header("Cache-Control", equalTo("public, max-age=60"));
        get("/suggestions?q=fin").header("Cache-Control", equalTo("public, max-age=30"));
        get("/newsletter").header("Cache-Control", equalTo("public, max-age=300"));
        get("/newsletter/issues").header("Cache-Control", equalTo("public, max-age=300"));
        get("/changes").header("Cache-Control", equalTo("public, max-age=5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/terms", "/terms?page=1&size=5", "/terms?q=learning", "/terms?letter=C",
            "/terms?slug=chatgpt&slug=agi", "/letters", "/suggestions?q=fin", "/newsletter", "/newsletter/issues", "/changes"})
    void shouldAnswer304WithoutABodyToAMatchingIfNoneMatch(String listing) {
        String etag = etagOf(listing);
        revalidate(listing, etag).statusCode(304)
                .header("ETag", equalTo(etag))
                .header("Cache-Control", matchesPattern(PUBLIC))
                .header("Vary", equalTo("Origin, Accept"))
                .body(emptyString());
    }

    @Test
    void shouldAnswer304ToACursorWalkRevalidated() {
        String walk = cursorWalk();
        String etag = etagOf(walk);
        revalidate(walk, etag).statusCode(304).header("ETag", equalTo(etag)).body(emptyString());
    }

    @Test
    void shouldMatchAWeakTagAStarAndATagInAList() {
        String etag = etagOf("/letters");
        revalidate("/letters", "W/" + etag).statusCode(304);
        revalidate("/letters", "*").statusCode(304);
        revalidate("/letters", "\"other\", " + etag).statusCode(304);
    }

    @Test
    void shouldAnswer200ToATagThatDoesNotMatch() {
        revalidate("/terms?letter=C", "\"not-this-one\"").statusCode(200)
                .header("ETag", notNullValue()).header("Link", notNullValue()).body("items", notNullValue());
    }

    @Test
    void shouldKeepTheLinkHeaderOn200() {
        get("/terms?size=1").statusCode(200).header("Link", notNullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/terms", "/letters", "/suggestions?q=fin", "/newsletter", "/newsletter/issues", "/changes"})
    void shouldSayWhichRequestHeadersTheAnswerDependsOn(String listing) {
        // No compression here (quarkus.http.enable-compression is off), so no Accept-Encoding.
        get(listing).statusCode(200).header("Vary", equalTo("Origin, Accept"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/terms?letter=Q", "/letters", "/suggestions?q=fin", "/newsletter", "/newsletter/issues", "/changes"})
    void shouldAnswerHeadWithTheSameTagAndRevalidateIt(String listing) {
        String etag = etagOf(listing);
        given().when().head(listing).then().statusCode(200).header("ETag", equalTo(etag))
                .header("Cache-Control", matchesPattern(PUBLIC));
        given().header("If-None-Match", etag).when().head(listing).then().statusCode(304).header("ETag", equalTo(etag));
    }

    @Test
    void shouldTagTheSameContentAlikeEveryTime() {
        String etag = etagOf("/terms?letter=C");
        get("/terms?letter=C").header("ETag", equalTo(etag));
    }

    /** A hash of the bytes, nothing of the instance: replicas behind one proxy tag the same content alike. */
    @ParameterizedTest
    @ValueSource(strings = {"/terms?letter=C", "/letters", "/suggestions?q=fin", "/newsletter"})
    void shouldDeriveTheTagFromTheBytesServed(String listing) {
        var answer = get(listing).statusCode(200).extract();
        assertEquals(ETags.of(answer.asByteArray()), answer.header("ETag"));
        asEditor().urlEncodingEnabled(false).get(listing).then().statusCode(200).header("ETag", equalTo(answer.header("ETag")));
    }

    @Test
    void shouldChangeTheTermsTagWhenATermIsCreated() {
        String before = etagOf("/terms?sort=-updatedAt");
        TermFixtures.createTerm(TermFixtures.uniqueName("Cache Listing"));
        revalidate("/terms?sort=-updatedAt", before).statusCode(200).header("ETag", not(equalTo(before)));
    }

    @Test
    void shouldChangeTheSearchTagWhenATermStartsToMatch() {
        String word = "zqx" + UUID.randomUUID().toString().substring(0, 8).replaceAll("[0-9-]", "q");
        String search = "/terms?q=" + word;
        String before = etagOf(search);
        TermFixtures.createTerm("Cache " + word);
        assertNotEquals(before, etagOf(search));
    }

    @Test
    void shouldChangeTheLettersTagWhenATermIsCreated() {
        String before = etagOf("/letters");
        TermFixtures.createTerm(TermFixtures.uniqueName("Letters Cache"));
        revalidate("/letters", before).statusCode(200).header("ETag", not(equalTo(before)));
    }

    @Test
    void shouldChangeTheSuggestionsTagWhenANameStartsToMatch() {
        String prefix = "Xsugg" + UUID.randomUUID().toString().substring(0, 8).replaceAll("[0-9-]", "q");
        String suggestions = "/suggestions?q=" + prefix;
        String before = etagOf(suggestions);
        TermFixtures.createTerm(prefix + " Term");
        revalidate(suggestions, before).statusCode(200).header("ETag", not(equalTo(before)));
    }

    @Test
    void shouldChangeTheNewsletterTagsWhenAnIssueIsPublished() {
        String newsletter = etagOf("/newsletter");
        String issues = etagOf("/newsletter/issues");
        // Published now (an issue dated in the future is not public yet): the latest issue, first on the page.
        asEditor().contentType(ContentType.JSON).body(Map.of("title", "Cache " + UUID.randomUUID()))
                .post("/newsletter/issues").then().statusCode(201);
        revalidate("/newsletter", newsletter).statusCode(200).header("ETag", not(equalTo(newsletter)));
        revalidate("/newsletter/issues", issues).statusCode(200).header("ETag", not(equalTo(issues)));
    }

    @Test
    void shouldChangeTheChangeFeedTagWhenATermChanges() {
        String end = walkToTheEnd();
        String before = etagOf(end);
        revalidate(end, before).statusCode(304);
        TermFixtures.createTerm(TermFixtures.uniqueName("Feed Cache"));
        revalidate(end, before).statusCode(200).header("ETag", not(equalTo(before)));
    }

    /** /changes with the cursor of its end. */
    private static String walkToTheEnd() {
        String cursor = null;
        while (true) {
            String url = "/changes?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor);
            var page = get(url).statusCode(200).extract().jsonPath();
            cursor = page.getString("nextCursor");
            if (!page.getBoolean("hasMore")) {
                return "/changes?limit=1000&cursor=" + cursor;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/terms?page=-1", "/terms?sort=bogus", "/suggestions", "/suggestions?q=fin&limit=0",
            "/newsletter/issues?size=0", "/changes?cursor=bogus", "/changes?limit=0"})
    void shouldNotLetACacheKeepAnError(String invalid) {
        get(invalid).statusCode(400)
                .header("Cache-Control", not(matchesPattern("(?i).*public.*")))
                .header("ETag", nullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/terms", "/letters", "/suggestions", "/newsletter", "/newsletter/issues", "/changes"})
    void shouldDocumentTheCachingOfEveryListing(String listing) {
        var spec = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        String get = "paths.'" + listing + "'.get";
        assertAll(
                () -> assertNotNull(spec.get(get + ".responses.'304'"), "304"),
                () -> assertNotNull(spec.get(get + ".responses.'200'.headers.ETag"), "ETag"),
                () -> assertNotNull(
                        spec.get(get + ".responses.'200'.headers.'Cache-Control'"), "Cache-Control"),
                () -> assertTrue(spec.getList(get + ".parameters.name").contains("If-None-Match"),
                        "If-None-Match"));
    }

    @Test
    void shouldAnswerAnErrorEvenToAStarIfNoneMatch() {
        revalidate("/terms?page=-1", "*").statusCode(400);
    }
}

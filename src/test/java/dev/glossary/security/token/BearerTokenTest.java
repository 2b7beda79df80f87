package dev.glossary.security.token;

import static dev.glossary.support.ApiTokens.asToken;
import static dev.glossary.support.TestUsers.asAdmin;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.glossary.security.Roles;
import dev.glossary.support.ApiTokens;
import dev.glossary.support.Database;
import dev.glossary.support.TermFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BearerTokenTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Database database;

    private static Response createTerm(String secret) {
        return asToken(secret).contentType(ContentType.JSON)
                .body(TermFixtures.body(TermFixtures.uniqueName("Token Term"), "Written by a script."))
                .post("/terms");
    }

    /** What a client sees of a refusal: status, challenge and body, byte for byte. */
    private static List<Object> refusal(Response response) {
        return List.of(response.statusCode(), response.headers().getValues("WWW-Authenticate"), response.contentType(),
                response.asString());
    }

    @Test
    void shouldWriteTermsWithATermsWriteToken() {
        ApiTokens.Created token = ApiTokens.create(Roles.TERMS_WRITE);

        String slug = createTerm(token.secret()).then().statusCode(201).extract().path("slug");
        assertEquals("token:" + token.id(), database.string("SELECT author FROM term_revision r JOIN term t ON t.id = r.term_id"
                + " WHERE t.slug = ? ORDER BY r.revision DESC LIMIT 1", slug));
        asToken(token.secret()).delete("/terms/" + slug).then().statusCode(204);
    }

    @Test
    void shouldAnswer403ProblemForAValidTokenOutsideItsScope() {
        String secret = ApiTokens.create(Roles.NEWSLETTER_WRITE).secret();

        createTerm(secret).then().statusCode(403).contentType(PROBLEM)
                .body("detail", equalTo("The token's scopes do not allow this operation"));
        asToken(secret).get("/subscribers").then().statusCode(403).contentType(PROBLEM);
        asToken(secret).get("/webhooks").then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void shouldLetEachScopeDoItsWork() {
        asToken(ApiTokens.create(Roles.NEWSLETTER_WRITE).secret()).contentType(ContentType.JSON)
                .body(Map.of("title", "Written by a script")).post("/newsletter/issues").then().statusCode(201);
        asToken(ApiTokens.create(Roles.SUBSCRIBERS_ADMIN).secret()).get("/subscribers").then().statusCode(200);
        asToken(ApiTokens.create(Roles.WEBHOOKS_ADMIN).secret()).get("/webhooks").then().statusCode(200);
    }

    @Test
    void shouldAnswerUnknownMalformedExpiredAndRevokedTokensAlike() {
        ApiTokens.Created expired = ApiTokens.create(Roles.TERMS_WRITE);
        database.update("UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = ?", expired.id());
        ApiTokens.Created revoked = ApiTokens.create(Roles.TERMS_WRITE);
        createTerm(revoked.secret()).then().statusCode(201);
        asAdmin().delete("/tokens/" + revoked.id()).then().statusCode(204);
        String unknown = "glo_" + "A".repeat(43);

        List<Object> first = refusal(createTerm(unknown));
        assertEquals(401, first.get(0));
        assertEquals(List.of("Bearer realm=\"glossary\", error=\"invalid_token\""), first.get(1));
        assertEquals(PROBLEM, first.get(2));
        for (String secret : List.of(expired.secret(), revoked.secret(), "not-a-token", "glo_short", expired.secret() + "x")) {
            assertEquals(first, refusal(createTerm(secret)), secret);
        }
    }

    @Test
    void shouldRefuseARevokedTokenRightAfterItsRevocation() {
        ApiTokens.Created token = ApiTokens.create(Roles.WEBHOOKS_ADMIN);
        asToken(token.secret()).get("/webhooks").then().statusCode(200);

        asAdmin().delete("/tokens/" + token.id()).then().statusCode(204);

        asToken(token.secret()).get("/webhooks").then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void shouldRecordTheLastUse() {
        ApiTokens.Created token = ApiTokens.create(Roles.WEBHOOKS_ADMIN);
        asAdmin().get("/tokens/" + token.id()).then().body("lastUsedAt", nullValue());

        asToken(token.secret()).get("/webhooks").then().statusCode(200);

        asAdmin().get("/tokens/" + token.id()).then().statusCode(200).body("lastUsedAt", notNullValue());
    }

    @Test
    void shouldRecordTheLastUseAtMostOnceAMinute() {
        ApiTokens.Created token = ApiTokens.create(Roles.WEBHOOKS_ADMIN);
        database.update("UPDATE api_token SET last_used_at = now() - interval '30 seconds' WHERE id = ?", token.id());
        String recent = database.string("SELECT last_used_at FROM api_token WHERE id = ?", token.id());

        asToken(token.secret()).get("/webhooks").then().statusCode(200);
        assertEquals(recent, database.string("SELECT last_used_at FROM api_token WHERE id = ?", token.id()));

        database.update("UPDATE api_token SET last_used_at = now() - interval '2 minutes' WHERE id = ?", token.id());
        String stale = database.string("SELECT last_used_at FROM api_token WHERE id = ?", token.id());
        asToken(token.secret()).get("/webhooks").then().statusCode(200);
        assertNotEquals(stale, database.string("SELECT last_used_at FROM api_token WHERE id = ?", token.id()));
    }

    @Test
    void shouldOfferBothSchemesWithoutCredentials() {
        Response response = given().get("/webhooks");

        assertEquals(401, response.statusCode());
        assertEquals(List.of("Bearer realm=\"glossary\"", "Basic realm=\"glossary\", charset=\"UTF-8\""),
                response.headers().getValues("WWW-Authenticate"));
    }

    @Test
    void shouldKeepHttpBasicForPeople() {
        asEditor().contentType(ContentType.JSON).body(TermFixtures.body(TermFixtures.uniqueName("Basic Term"), "By a person."))
                .post("/terms").then().statusCode(201);
        given().auth().preemptive().basic("test-editor", "wrong").get("/webhooks").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Basic"));
    }

    @Test
    void shouldAnswerAnUnknownSchemeAsNoCredentials() {
        given().header("Authorization", "Token abc").get("/webhooks").then().statusCode(401).contentType(PROBLEM)
                .body("detail", equalTo("Credentials are required (HTTP Basic, or an API token as Bearer)"));
    }
}

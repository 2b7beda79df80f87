package dev.glossary.security.token;

import static dev.glossary.support.ApiTokens.asToken;
import static dev.glossary.support.TestUsers.asAdmin;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.security.Roles;
import dev.glossary.support.ApiTokens;
import dev.glossary.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiTokenResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Database database;

    private static ExtractableResponse<Response> create(Object body) {
        return asAdmin().contentType(ContentType.JSON).body(body).post("/tokens").then().extract();
    }

    private static Map<String, Object> body(String name, List<String> scopes) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("scopes", scopes);
        return body;
    }

    @Test
    void shouldCreateATokenAndShowItsSecretOnce() {
        Instant expiry = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> body = body("publishing-script", List.of(Roles.TERMS_WRITE, Roles.NEWSLETTER_WRITE));
        body.put("expiresAt", expiry.toString());
        ExtractableResponse<Response> created = create(body);

        assertEquals(201, created.statusCode());
        long id = created.jsonPath().getLong("id");
        String secret = created.path("token");
        created.response().then().header("Location", endsWith("/tokens/" + id))
                .body("token", matchesPattern("glo_[A-Za-z0-9_-]{43}"))
                .body("name", equalTo("publishing-script"))
                .body("scopes", equalTo(List.of(Roles.TERMS_WRITE, Roles.NEWSLETTER_WRITE)))
                .body("createdAt", endsWith("Z")).body("expiresAt", equalTo(expiry.toString()))
                .body("$", hasKey("lastUsedAt")).body("lastUsedAt", nullValue());
        asAdmin().get("/tokens/" + id).then().statusCode(200)
                .body("$", not(hasKey("token"))).body("name", equalTo("publishing-script"));
        asAdmin().get("/tokens?size=100").then().statusCode(200)
                .body("items.id", hasItem((int) id)).body("items.token", not(hasItem(secret)));
    }

    @Test
    void shouldStoreOnlyTheSha256OfTheSecret() {
        ApiTokens.Created token = ApiTokens.create(Roles.TERMS_WRITE);

        assertEquals(1, database.count("SELECT count(*) FROM api_token WHERE id = ? AND token_hash = sha256(convert_to(?, 'UTF8'))",
                token.id(), token.secret()));
        assertEquals(0, database.count("SELECT count(*) FROM api_token WHERE position(convert_to(?, 'UTF8') IN token_hash) > 0"
                + " OR name = ?", token.secret(), token.secret()));
    }

    @Test
    void shouldListTokensAsAPageNewestFirst() {
        long older = ApiTokens.create(Roles.WEBHOOKS_ADMIN).id();
        long newer = ApiTokens.create(Roles.MAIL_REPORTS).id();

        List<Integer> ids = asAdmin().get("/tokens?size=100").then().statusCode(200)
                .body("page", equalTo(0)).body("size", equalTo(100))
                .body("items[0]", not(hasKey("token")))
                .extract().path("items.id");
        assertTrue(ids.indexOf((int) newer) < ids.indexOf((int) older), "newest first");
        asAdmin().get("/tokens?size=0").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void shouldNotExpireATokenCreatedWithoutExpiry() {
        create(body("nightly-import", List.of(Roles.TERMS_WRITE))).response().then().statusCode(201)
                .body("$", hasKey("expiresAt")).body("expiresAt", nullValue());
    }

    @Test
    void shouldRevokeAToken() {
        long id = ApiTokens.create(Roles.TERMS_WRITE).id();

        asAdmin().delete("/tokens/" + id).then().statusCode(204);
        asAdmin().get("/tokens/" + id).then().statusCode(404).contentType(PROBLEM);
        asAdmin().delete("/tokens/" + id).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void shouldAnswer404ForAnUnknownOrMalformedId() {
        asAdmin().delete("/tokens/987654321").then().statusCode(404).contentType(PROBLEM);
        asAdmin().delete("/tokens/not-a-number").then().statusCode(404).contentType(PROBLEM);
        asAdmin().get("/tokens/0").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void shouldRefuseAnUnknownScope() {
        create(body("script", List.of(Roles.TERMS_WRITE, "terms:delete"))).response().then().statusCode(400)
                .contentType(PROBLEM).body("errors.field", hasItem("scopes"));
        create(body("script", List.of(Roles.ADMIN))).response().then().statusCode(400).body("errors.field", hasItem("scopes"));
    }

    @Test
    void shouldRefuseMissingOrEmptyScopes() {
        create(body("script", List.of())).response().then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("scopes"));
        create(Map.of("name", "script")).response().then().statusCode(400).contentType(PROBLEM);
        create(Map.of("name", "script", "scopes", Roles.TERMS_WRITE)).response().then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void shouldRefuseABlankMissingOrOverLongName() {
        create(body(" ", List.of(Roles.TERMS_WRITE))).response().then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("name"));
        create(Map.of("scopes", List.of(Roles.TERMS_WRITE))).response().then().statusCode(400).body("errors.field", hasItem("name"));
        create(body("n".repeat(101), List.of(Roles.TERMS_WRITE))).response().then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("name"));
        create(body("n".repeat(100), List.of(Roles.TERMS_WRITE))).response().then().statusCode(201);
    }

    @Test
    void shouldRefuseMalformedJsonUnknownFieldsAndWrongTypes() {
        asAdmin().contentType(ContentType.JSON).body("{\"name\": ").post("/tokens").then().statusCode(400).contentType(PROBLEM);
        Map<String, Object> withToken = body("script", List.of(Roles.TERMS_WRITE));
        withToken.put("token", "glo_mine");
        create(withToken).response().then().statusCode(400).contentType(PROBLEM);
        Map<String, Object> badExpiry = body("script", List.of(Roles.TERMS_WRITE));
        badExpiry.put("expiresAt", "next week");
        create(badExpiry).response().then().statusCode(400).contentType(PROBLEM);
        asAdmin().contentType(ContentType.JSON).post("/tokens").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void shouldRefuseAnExpiryThatIsNotInTheFuture() {
        Map<String, Object> body = body("script", List.of(Roles.TERMS_WRITE));
        body.put("expiresAt", Instant.now().minus(1, ChronoUnit.MINUTES).toString());
        create(body).response().then().statusCode(422).contentType(PROBLEM).body("detail", equalTo(
                "expiresAt must be in the future, or null for a token that does not expire"));
    }

    @Test
    void shouldForbidEditorsToManageTokens() {
        asEditor().contentType(ContentType.JSON).body(body("script", List.of(Roles.TERMS_WRITE))).post("/tokens")
                .then().statusCode(403).contentType(PROBLEM);
        asEditor().get("/tokens").then().statusCode(403).contentType(PROBLEM);
        asEditor().delete("/tokens/1").then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void shouldNotLetATokenMakeOrSeeTokens() {
        String secret = ApiTokens.create(Roles.TOKEN_SCOPES.toArray(String[]::new)).secret();

        asToken(secret).contentType(ContentType.JSON).body(body("escalation", List.of(Roles.TERMS_WRITE))).post("/tokens")
                .then().statusCode(403).contentType(PROBLEM).body("detail", equalTo("The token's scopes do not allow this operation"));
        asToken(secret).get("/tokens").then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void shouldAnswer401WithoutCredentials() {
        given().contentType(ContentType.JSON).body(body("script", List.of(Roles.TERMS_WRITE))).post("/tokens")
                .then().statusCode(401).contentType(PROBLEM);
        given().get("/tokens").then().statusCode(401).contentType(PROBLEM);
        given().delete("/tokens/1").then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void shouldAcceptEveryDocumentedScope() {
        create(body("all scopes", Roles.TOKEN_SCOPES)).response().then().statusCode(201)
                .body("scopes", hasItems(Roles.TOKEN_SCOPES.toArray()));
    }
}

package dev.glossary.webhook;

import static dev.glossary.support.TestUsers.asAdmin;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glossary.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WebhookResourceTest {

    private static final String URL = "https://partner.example/hooks/glossary";

    @Inject
    Database database;

    private static ExtractableResponse<Response> create(Object body) {
        return asAdmin().contentType(ContentType.JSON).body(body).post("/webhooks").then().extract();
    }

    @Test
    void shouldCreateAnEndpointAndShowItsSecretOnce() {
        ExtractableResponse<Response> created = create(Map.of("url", URL, "events", List.of("term.created", "term.deleted")));
        assertEquals(201, created.statusCode());
        long id = created.jsonPath().getLong("id");
        String secret = created.path("secret");
        assertEquals(32, Base64.getDecoder().decode(secret.substring("whsec_".length())).length);
        created.response().then().header("Location", endsWith("/webhooks/" + id))
                .body("url", equalTo(URL)).body("events", equalTo(List.of("term.created", "term.deleted")))
                .body("createdAt", endsWith("Z")).body("disabledAt", nullValue());

        asAdmin().get("/webhooks/" + id).then().statusCode(200)
                .body("$", not(hasKey("secret"))).body("url", equalTo(URL)).body("$", hasKey("disabledAt"));
        asAdmin().get("/webhooks?size=100").then().statusCode(200)
                .body("items.id", hasItem((int) id)).body("items.secret", not(hasItem(secret)));
        asAdmin().delete("/webhooks/" + id);
    }

    @Test
    void shouldDeleteAnEndpoint() {
        long id = create(Map.of("url", URL, "events", List.of("term.updated"))).jsonPath().getLong("id");
        asAdmin().delete("/webhooks/" + id).then().statusCode(204);
        asAdmin().get("/webhooks/" + id).then().statusCode(404).contentType("application/problem+json");
        asAdmin().delete("/webhooks/" + id).then().statusCode(404);
        asAdmin().get("/webhooks/" + id + "/deliveries").then().statusCode(404);
        asAdmin().post("/webhooks/" + id + "/rotate-secret").then().statusCode(404);
    }

    @Test
    void shouldRotateTheSecretAndKeepTheOldOneForTheOverlap() {
        ExtractableResponse<Response> created = create(Map.of("url", URL, "events", List.of("term.updated")));
        long id = created.jsonPath().getLong("id");
        String rotated = asAdmin().post("/webhooks/" + id + "/rotate-secret").then().statusCode(200)
                .body("id", equalTo((int) id)).body("secret", startsWith("whsec_")).extract().path("secret");
        assertEquals(1, database.count("SELECT count(*) FROM webhook_endpoint WHERE id = ? AND previous_secret IS NOT NULL"
                + " AND previous_secret_until BETWEEN now() + interval '23 hours' AND now() + interval '25 hours'", id));
        assertEquals(false, rotated.equals(created.path("secret")));
        asAdmin().delete("/webhooks/" + id);
    }

    @Test
    void shouldRefuseWhatIsNotAnHttpUrl() {
        for (String url : List.of("ftp://partner.example/x", "not a url", "javascript:alert(1)", "http://",
                "https://user:password@partner.example/", "/relative/path", "x".repeat(2001))) {
            create(Map.of("url", url, "events", List.of("term.created"))).response().then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("url"));
        }
    }

    @Test
    void shouldRefuseUnknownMissingOrNoEvents() {
        create(Map.of("url", URL, "events", List.of("term.renamed"))).response().then().statusCode(400)
                .body("errors.field", hasItem("events"));
        create(Map.of("url", URL, "events", List.of())).response().then().statusCode(400);
        create(Map.of("url", URL)).response().then().statusCode(400);
        create(Map.of("url", URL, "events", "term.created")).response().then().statusCode(400);
        create(Map.of("url", URL, "events", List.of("term.created"), "secret", "mine")).response().then().statusCode(400);
        asAdmin().contentType(ContentType.JSON).body("{\"url\": ").post("/webhooks").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void shouldBeForAdminsOnly() {
        Map<String, Object> body = Map.of("url", URL, "events", List.of("term.created"));
        given().contentType(ContentType.JSON).body(body).post("/webhooks").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Basic"));
        asEditor().contentType(ContentType.JSON).body(body).post("/webhooks").then().statusCode(403);
        given().get("/webhooks").then().statusCode(401);
        asEditor().get("/webhooks").then().statusCode(403);
        asEditor().get("/webhooks/1/deliveries").then().statusCode(403);
        asEditor().post("/webhooks/1/rotate-secret").then().statusCode(403);
    }

    @Test
    void shouldAnswerNotFoundForIdsThatNameNoEndpoint() {
        for (String id : List.of("0", "-1", "abc", "99999999999999999999", "9223372036854775808", "9223372036854775807")) {
            asAdmin().get("/webhooks/" + id).then().statusCode(404).contentType("application/problem+json");
        }
    }

    @Test
    void shouldPageTheDeliveriesLog() {
        long id = create(Map.of("url", URL, "events", List.of("term.updated"))).jsonPath().getLong("id");
        asAdmin().get("/webhooks/" + id + "/deliveries").then().statusCode(200)
                .body("items", equalTo(List.of())).body("totalItems", equalTo(0));
        asAdmin().get("/webhooks/" + id + "/deliveries?size=0").then().statusCode(400);
        asAdmin().get("/webhooks/" + id + "/deliveries?page=x").then().statusCode(400);
        asAdmin().delete("/webhooks/" + id);
    }
}

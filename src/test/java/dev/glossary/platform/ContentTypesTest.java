package dev.glossary.platform;

import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TermFixtures.uniqueName;
import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every JSON answer names its type the same way, whichever path wrote it (web/ResponseHeaders). */
@QuarkusTest
class ContentTypesTest {

    private static final String JSON = "application/json";
    private static final String PROBLEM = "application/problem+json";
    private static final String JSON_LD = "application/ld+json";

    @Test
    void shouldNameATermLookupPlainJsonOnTheFastPathFromTheDatabaseAndFromMemory() {
        String slug = createTerm(uniqueName("Typed"));
        for (int read = 0; read < 2; read++) {
            given().get("/terms/" + slug).then().statusCode(200).header("Content-Type", JSON);
        }
    }

    @Test
    void shouldNameATermLookupPlainJsonFromTheResource() {
        String slug = createTerm(uniqueName("Typed head"));
        given().head("/terms/" + slug).then().statusCode(200).header("Content-Type", JSON); // HEAD: the resource answers
        given().get("/terms/" + slug + "/related").then().statusCode(200).header("Content-Type", JSON);
    }

    @Test
    void shouldNameATermsJsonLdWithoutACharsetOnEveryPath() {
        String slug = createTerm(uniqueName("Typed ld"));
        for (int read = 0; read < 2; read++) {
            given().accept(JSON_LD).get("/terms/" + slug).then().statusCode(200).header("Content-Type", JSON_LD);
        }
        given().accept(JSON_LD).head("/terms/" + slug).then().statusCode(200).header("Content-Type", JSON_LD);
    }

    @Test
    void shouldNameListingsAndTheNewsletterPlainJson() {
        given().get("/terms").then().statusCode(200).header("Content-Type", JSON);
        given().get("/letters").then().statusCode(200).header("Content-Type", JSON);
        given().get("/newsletter").then().statusCode(200).header("Content-Type", JSON);
        given().get("/q/health/live").then().statusCode(200).header("Content-Type", JSON);
    }

    @Test
    void shouldNameProblemsPlainProblemJson() {
        given().get("/terms/no-such-term-" + System.nanoTime()).then().statusCode(404).header("Content-Type", PROBLEM);
        given().contentType(ContentType.JSON).body(Map.of("email", "not-an-address")).post("/subscribers")
                .then().statusCode(400).header("Content-Type", PROBLEM);
    }

    @Test
    void shouldKeepTheCharsetOfHtmlPages() {
        given().get("/subscribers/confirm?token=unknown").then().statusCode(200)
                .header("Content-Type", "text/html;charset=UTF-8");
    }
}

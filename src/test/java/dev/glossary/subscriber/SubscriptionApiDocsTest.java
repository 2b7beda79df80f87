package dev.glossary.subscriber;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SubscriptionApiDocsTest {

    @Test
    void shouldDocumentEveryNewsletterAndSubscriberOperation() {
        given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200)
                .body("paths.'/newsletter'.get.operationId", notNullValue())
                .body("paths.'/newsletter/issues'.post.operationId", notNullValue())
                .body("paths.'/subscribers'.post.responses", hasKey("429"))
                .body("paths.'/subscribers'.get.responses", hasKey("403"))
                .body("paths.'/subscribers/confirm'.post.responses", hasKey("410"))
                .body("paths.'/subscribers/unsubscribe'.post.operationId", notNullValue())
                .body("paths.'/subscribers/{id}'.delete.responses", hasKey("404"));
    }
}

package dev.glossary.support;

import static dev.glossary.support.TestUsers.asAdmin;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** API tokens that tests create through the API, as an admin would for a script. */
public final class ApiTokens {

    /** A token as its creation answered it: the id, and the secret shown only then. */
    public record Created(long id, String secret) {
    }

    private ApiTokens() {
    }

    public static Created create(String... scopes) {
        return create(Map.of("name", "script " + UUID.randomUUID(), "scopes", List.of(scopes)));
    }

    public static Created create(Map<String, Object> body) {
        var answer = asAdmin().contentType(ContentType.JSON).body(new HashMap<>(body)).post("/tokens")
                .then().statusCode(201).extract();
        return new Created(answer.jsonPath().getLong("id"), answer.path("token"));
    }

    public static RequestSpecification asToken(String secret) {
        return RestAssured.given().header("Authorization", "Bearer " + secret);
    }
}

package dev.glossary.support;

import static dev.glossary.support.TestUsers.asEditor;

import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Terms each test makes for itself, with names no other test uses. */
public final class TermFixtures {

    private TermFixtures() {
    }

    /** "Base 3f9a1c2e": unique, so that tests never see each other's terms. */
    public static String uniqueName(String base) {
        return base + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Map<String, Object> body(String name, String shortDefinition) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("shortDefinition", shortDefinition);
        return body;
    }

    /** Creates a term and answers its slug. */
    public static String createTerm(Map<String, Object> body) {
        return asEditor().contentType(ContentType.JSON).body(body)
                .when().post("/terms")
                .then().statusCode(201)
                .extract().path("slug");
    }

    public static String createTerm(String name, String... relatedSlugs) {
        Map<String, Object> body = body(name, "Short definition of " + name);
        body.put("relatedSlugs", List.of(relatedSlugs));
        return createTerm(body);
    }
}

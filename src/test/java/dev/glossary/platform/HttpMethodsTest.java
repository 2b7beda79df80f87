package dev.glossary.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** RFC 9110 method semantics on every path the OpenAPI document lists (API.md v3, "HTTP methods"). */
@QuarkusTest
class HttpMethodsTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final List<String> ORDER = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final List<String> WRONG = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    @TestFactory
    Stream<DynamicTest> shouldAnswerAMethodAPathLacksWith405AndOptionsWith204AndTheSameAllow() throws IOException {
        Map<String, String> allowByPath = documentedAllow();
        assertFalse(allowByPath.isEmpty(), "the document lists no path");
        return allowByPath.entrySet().stream().flatMap(path -> {
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "1");
            String allow = path.getValue();
            Stream<DynamicTest> wrongMethods = WRONG.stream().filter(method -> !List.of(allow.split(", ")).contains(method))
                    .map(wrong -> DynamicTest.dynamicTest(wrong + " " + path.getKey() + " answers 405", () ->
                            given().when().request(wrong, concrete)
                                    .then().statusCode(405)
                                    .contentType(PROBLEM_JSON)
                                    .header("Allow", equalTo(allow))
                                    .body("status", equalTo(405))
                                    .body("type", equalTo("https://glossary.example/problems/method-not-allowed"))));
            return Stream.concat(wrongMethods, Stream.of(
                    DynamicTest.dynamicTest("OPTIONS " + path.getKey() + " answers 204", () ->
                            given().when().options(concrete)
                                    .then().statusCode(204)
                                    .header("Allow", equalTo(allow))
                                    .body(emptyString()))));
        });
    }

    @Test
    void shouldAnswer405NotA404ForAWrongMethodOnAnExistingPath() {
        for (String[] call : new String[][] {{"POST", "/terms/x/revisions"}, {"GET", "/terms/x/revisions/1/restore"},
                {"DELETE", "/subscribers/confirm"}}) {
            given().when().request(call[0], call[1])
                    .then().statusCode(405)
                    .contentType(PROBLEM_JSON)
                    .header("Allow", equalTo(call[0].equals("GET") ? "POST, OPTIONS" : expectedAllow(call[1])));
        }
    }

    @Test
    void shouldListOnlyTheMethodsOfTheTermListingOnOptions() {
        given().when().options("/terms")
                .then().statusCode(204)
                .header("Allow", equalTo("GET, HEAD, POST, OPTIONS"));
    }

    @Test
    void shouldAnswerAWrongMethodOnTheTermDocumentWith405AndAllow() {
        given().when().patch("/terms/chatgpt")
                .then().statusCode(405)
                .contentType(PROBLEM_JSON)
                .header("Allow", equalTo(expectedAllow("/terms/chatgpt")));
    }

    @Test
    void shouldStillAnswer404ForAPathThatDoesNotExist() {
        given().when().delete("/no/such/path").then().statusCode(404).contentType(PROBLEM_JSON);
    }

    private static String expectedAllow(String concretePath) {
        return given().when().options(concretePath).then().statusCode(204).extract().header("Allow");
    }

    private static Map<String, String> documentedAllow() throws IOException {
        String spec = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        JsonNode paths = new ObjectMapper().readTree(spec).path("paths");
        Map<String, String> allow = new java.util.TreeMap<>();
        for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
            String path = names.next();
            Set<String> methods = new LinkedHashSet<>();
            paths.path(path).fieldNames().forEachRemaining(field -> {
                String method = field.toUpperCase(Locale.ROOT);
                if (ORDER.contains(method)) {
                    methods.add(method);
                }
            });
            methods.add("OPTIONS");
            if (methods.contains("GET")) {
                methods.add("HEAD");
            }
            List<String> ordered = new ArrayList<>(ORDER);
            ordered.retainAll(methods);
            allow.put(path, String.join(", ", ordered));
        }
        return allow;
    }
}

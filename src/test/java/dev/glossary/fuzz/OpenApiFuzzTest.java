package dev.glossary.fuzz;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;

/**
 * Sends generated requests to every operation the served OpenAPI document lists, so that operations
 * added later are fuzzed without touching this class. Reproduce a run with -Dfuzz.seed=N; widen it
 * with -Dfuzz.requests=N (per operation).
 */
@QuarkusTest
class OpenApiFuzzTest {

    // Fixed by default so that CI is reproducible; explore other seeds by hand.
    private static final long DEFAULT_SEED = 20_260_526L;
    private static final int DEFAULT_REQUESTS_PER_OPERATION = 40;
    private static final int MAX_REPORTED = 25;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Test
    void shouldAnswerEveryGeneratedRequestToEveryPublishedOperationWithinTheContract() throws IOException {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        int perOperation = Integer.getInteger("fuzz.requests", DEFAULT_REQUESTS_PER_OPERATION);
        String spec = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        JsonNode document = JSON.readTree(spec);
        assertEquals("3.0.3", document.path("openapi").asText(), "the validator reads OpenAPI 3.0.x only");
        List<ApiOperation> operations = ApiOperation.all(document);
        assertFalse(operations.isEmpty(), "the served spec lists no operation");

        ContractChecks checks = new ContractChecks(spec);
        RawHttp http = new RawHttp(base.getHost(), base.getPort());
        String seededBefore = seededRelations();
        TermPool pool = new TermPool();
        String runToken = UUID.randomUUID().toString().substring(0, 6);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        long started = System.nanoTime();
        // jqwik generators run only inside a session; our seeded Random still drives every draw.
        JqwikSession.start();
        try {
            for (ApiOperation operation : operations) {
                // One stream per operation: operations merged later do not change the requests of these.
                FuzzValues values = new FuzzValues(new Random(seed ^ operation.key().hashCode()));
                RequestFactory requests = new RequestFactory(values, pool, runToken);
                for (int i = 0; i < perOperation; i++) {
                    RawHttp.Request request = requests.next(operation);
                    sent++;
                    RawHttp.Response response;
                    try {
                        response = http.send(request);
                    } catch (IOException e) {
                        failures.add(report(seed, operation, i, request, null, List.of("no HTTP answer: " + e.getMessage())));
                        continue;
                    }
                    track(pool, operation, request, response);
                    List<String> violations = checks.violations(operation, request, response);
                    if (!violations.isEmpty()) {
                        failures.add(report(seed, operation, i, request, response, violations));
                    }
                }
            }
        } finally {
            JqwikSession.finish();
            pool.deleteAll();
        }
        System.out.printf("OpenAPI fuzz: seed %d, %d operations, %d requests, %d ms, %d failures%n", seed,
                operations.size(), sent, (System.nanoTime() - started) / 1_000_000, failures.size());
        assertEquals(seededBefore, seededRelations(), "the fuzzer changed a seeded term (seed " + seed + ")");
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + sent + " fuzzed requests broke the contract (seed " + seed
                    + "; rerun with -Dfuzz.seed=" + seed + "):\n\n"
                    + String.join("\n\n", failures.subList(0, Math.min(MAX_REPORTED, failures.size()))));
        }
    }

    /** Follows the fuzzer's own terms through creates, renames and deletes, so that they can be cleaned up. */
    private static void track(TermPool pool, ApiOperation operation, RawHttp.Request request, RawHttp.Response response) {
        if (!operation.path().startsWith("/terms")) {
            return;
        }
        String target = request.target().split("\\?")[0];
        String pathSlug = target.startsWith("/terms/") ? target.substring("/terms/".length()) : null;
        if (response.status() == 201 || (response.status() == 200 && operation.method().equals("PUT"))) {
            String slug = slugOf(response);
            if (slug != null && response.status() == 201) {
                pool.created(slug);
            } else if (slug != null && pool.isOwn(pathSlug)) {
                pool.renamed(pathSlug, slug);
            }
        }
        if (response.status() == 204 && operation.method().equals("DELETE") && operation.path().equals("/terms/{slug}")) {
            pool.deleted(pathSlug);
        }
    }

    private static String slugOf(RawHttp.Response response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            return body == null ? null : body.path("slug").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static String seededRelations() {
        StringBuilder relations = new StringBuilder();
        for (String slug : List.of("transfer-learning", "chatgpt", "fine-tuning")) {
            relations.append(slug).append(" -> ")
                    .append(given().get("/terms/" + slug + "/related").then().statusCode(200).extract().path("slug").toString())
                    .append('\n');
        }
        return relations.toString();
    }

    private static String report(long seed, ApiOperation operation, int index, RawHttp.Request request,
            RawHttp.Response response, List<String> violations) {
        StringBuilder text = new StringBuilder("[seed ").append(seed).append(", ").append(operation.key())
                .append(" #").append(index).append("] ").append(String.join("; ", violations))
                .append("\n  request: ").append(request.describe());
        if (response != null) {
            text.append("\n  answer: ").append(response.status()).append(' ').append(response.header("Content-Type"))
                    .append(' ').append(RawHttp.excerpt(response.text(), 300));
        }
        return text.toString();
    }
}

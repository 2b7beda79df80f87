package dev.glossary.term.feed;

import static dev.glossary.support.TermFixtures.body;
import static dev.glossary.support.TermFixtures.uniqueName;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A partner's copy built from the feed alone, polled while several editors create, replace, rename,
 * relate, unrelate and delete at random, ends up equal to what the API serves, term for term.
 */
@QuarkusTest
class ChangeFeedMirrorTest {

    private static final int WRITERS = 4;
    private static final int WRITES_EACH = 40;

    @Test
    void shouldMirrorTheGlossaryExactlyFromTheFeedAlone() throws Exception {
        FeedMirror mirror = new FeedMirror();
        mirror.poll();
        List<String> slugs = new CopyOnWriteArrayList<>();
        for (int i = 0; i < WRITERS * 2; i++) {
            slugs.add(create(slugs));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        try {
            Future<?> poller = pool.submit(() -> {
                while (writing.get()) {
                    mirror.poll();
                }
            });
            List<Future<List<Integer>>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(pool.submit(() -> writeAtRandom(slugs)));
            }
            for (Future<List<Integer>> writer : writers) {
                for (int status : writer.get(120, TimeUnit.SECONDS)) {
                    assertTrue(status < 500, "a write answered " + status);
                }
            }
            writing.set(false);
            poller.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        mirror.poll();

        assertEquals(served(), mirror.termsBySlug());
    }

    /** One editor's writes; answers their statuses (4xx are expected where editors collide). */
    private static List<Integer> writeAtRandom(List<String> slugs) {
        List<Integer> statuses = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < WRITES_EACH; i++) {
            String slug = slugs.get(random.nextInt(slugs.size()));
            String other = slugs.get(random.nextInt(slugs.size()));
            Response answer = switch (random.nextInt(6)) {
                case 0 -> {
                    Map<String, Object> created = body(uniqueName("Mirrored"), "Created while mirroring");
                    created.put("relatedSlugs", List.of(other));
                    Response response = asEditor().contentType(ContentType.JSON).body(created).post("/terms");
                    if (response.statusCode() == 201) {
                        slugs.add(response.path("slug"));
                    }
                    yield response;
                }
                case 1 -> replace(slug, uniqueName("Mirrored"), null);
                case 2 -> replace(slug, uniqueName("Renamed"), "renamed-" + uniqueName("x").substring(2));
                case 3 -> asEditor().put("/terms/" + slug + "/related/" + other);
                case 4 -> asEditor().delete("/terms/" + slug + "/related/" + other);
                default -> asEditor().delete("/terms/" + slug);
            };
            statuses.add(answer.statusCode());
        }
        return statuses;
    }

    private static Response replace(String slug, String name, String newSlug) {
        Map<String, Object> replacement = body(name, "Replaced while mirroring");
        if (newSlug != null) {
            replacement.put("slug", newSlug);
        }
        return asEditor().contentType(ContentType.JSON).body(replacement).put("/terms/" + slug);
    }

    private static String create(List<String> existing) {
        Map<String, Object> created = body(uniqueName("Mirrored"), "Created before mirroring");
        created.put("relatedSlugs", existing.isEmpty() ? List.of() : List.of(existing.get(0)));
        return asEditor().contentType(ContentType.JSON).body(created).post("/terms")
                .then().statusCode(201).extract().path("slug");
    }

    /** Every term the API serves, in full, by slug: GET /terms page by page, then GET /terms/{slug}. */
    private static Map<String, Map<String, Object>> served() {
        Map<String, Map<String, Object>> bySlug = new HashMap<>();
        int pages = 1;
        for (int page = 0; page < pages; page++) {
            JsonPath listing = given().queryParam("page", page).queryParam("size", 100).get("/terms")
                    .then().statusCode(200).extract().jsonPath();
            pages = listing.getInt("totalPages");
            for (String slug : listing.getList("items.slug", String.class)) {
                bySlug.put(slug, given().get("/terms/" + slug).then().statusCode(200).extract().jsonPath().getMap("$"));
            }
        }
        return bySlug;
    }
}

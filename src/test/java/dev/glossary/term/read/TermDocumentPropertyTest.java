package dev.glossary.term.read;

import static dev.glossary.support.TermFixtures.body;
import static dev.glossary.support.TermFixtures.uniqueName;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glossary.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of every kind of write, each followed by a check of every term they touch:
 * the ready document PostgreSQL keeps is the one rendered afresh, the service serves exactly
 * those bytes (so no stale cache entry survives a write), and what it shows agrees with what the
 * ORM path reads independently (related terms, aliases).
 */
@QuarkusTest
class TermDocumentPropertyTest {

    private static final int SEQUENCES = 2;
    private static final int WRITES_PER_SEQUENCE = 20;

    @Inject
    Database database;

    @Test
    void shouldKeepReadyDocumentsIdenticalToFreshOnesAfterAnyWriteSequence() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int sequence = 0; sequence < SEQUENCES; sequence++) {
            List<String> live = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                live.add(create(random, live));
            }
            for (int write = 0; write < WRITES_PER_SEQUENCE; write++) {
                String step = apply(random, live);
                for (String slug : live) {
                    checkDocument(slug, "seed " + seed + ", sequence " + sequence + ", after " + step);
                }
            }
        }
    }

    private String apply(Random random, List<String> live) {
        int choice = live.size() < 3 ? 0 : random.nextInt(6);
        return switch (choice) {
            case 0 -> {
                String slug = create(random, live);
                live.add(slug);
                yield "create " + slug;
            }
            case 1, 2 -> replace(random, live);
            case 3 -> relation(random, live, true);
            case 4 -> relation(random, live, false);
            default -> {
                String slug = live.remove(random.nextInt(live.size()));
                asEditor().delete("/terms/" + slug).then().statusCode(204);
                yield "delete " + slug;
            }
        };
    }

    private static String create(Random random, List<String> live) {
        Map<String, Object> body = body(uniqueName("Property"), "Defined " + random.nextInt(1000));
        body.put("relatedSlugs", someOf(random, live));
        return asEditor().contentType(ContentType.JSON).body(body).post("/terms")
                .then().statusCode(201).extract().path("slug");
    }

    /** A new name, definition, maybe a new slug (the old one becomes an alias), aliases and neighbours. */
    private String replace(Random random, List<String> live) {
        int index = random.nextInt(live.size());
        String slug = live.get(index);
        Map<String, Object> body = body(uniqueName("Property"), "Redefined " + random.nextInt(1000));
        List<String> others = new ArrayList<>(live);
        others.remove(slug);
        body.put("relatedSlugs", someOf(random, others));
        List<String> aliases = new ArrayList<>(someOf(random, currentAliases(slug)));
        if (random.nextBoolean()) {
            aliases.add(slug + "-alias-" + random.nextInt(1_000_000));
        }
        body.put("aliases", aliases);
        if (random.nextBoolean()) {
            body.put("slug", slug + "-r" + random.nextInt(1000));
        }
        String newSlug = asEditor().contentType(ContentType.JSON).body(body).put("/terms/" + slug)
                .then().statusCode(200).extract().path("slug");
        live.set(index, newSlug);
        return "replace " + slug + " -> " + newSlug;
    }

    private static String relation(Random random, List<String> live, boolean relate) {
        String one = live.get(random.nextInt(live.size()));
        String other = live.get(random.nextInt(live.size()));
        if (one.equals(other)) {
            return "nothing";
        }
        String path = "/terms/" + one + "/related/" + other;
        (relate ? asEditor().put(path) : asEditor().delete(path)).then().statusCode(204);
        return (relate ? "relate " : "unrelate ") + one + " " + other;
    }

    private void checkDocument(String slug, String context) {
        Response served = given().get("/terms/" + slug);
        assertEquals(200, served.statusCode(), context);
        byte[] stored = (byte[]) database.single(
                "SELECT d.body FROM term_document d JOIN term t ON t.id = d.term_id WHERE t.slug = ?", slug);
        byte[] fresh = (byte[]) database.single(
                "SELECT convert_to(term_json(id), 'UTF8') FROM term WHERE slug = ?", slug);
        assertArrayEquals(fresh, stored, "stored document of " + slug + " is stale, " + context);
        assertArrayEquals(stored, served.asByteArray(), "served document of " + slug + " is stale, " + context);
        assertEquals(database.string("SELECT document_etag(convert_to(term_json(id), 'UTF8')) FROM term WHERE slug = ?", slug),
                served.header("ETag"), context);

        List<String> relatedByOrm = given().get("/terms/" + slug + "/related").then().statusCode(200)
                .extract().jsonPath().getList("slug");
        assertEquals(relatedByOrm, served.jsonPath().getList("relatedTerms.slug"), "related terms of " + slug + ", " + context);
        assertEquals(currentAliases(slug), served.jsonPath().getList("aliases"), "aliases of " + slug + ", " + context);
    }

    private List<String> currentAliases(String slug) {
        String aliases = database.string("""
                SELECT coalesce(string_agg(a.slug, ',' ORDER BY a.slug), '')
                FROM term_alias a JOIN term t ON t.id = a.term_id WHERE t.slug = ?
                """, slug);
        return aliases.isEmpty() ? List.of() : List.of(aliases.split(","));
    }

    private static List<String> someOf(Random random, List<String> slugs) {
        return slugs.stream().filter(slug -> random.nextInt(3) == 0).toList();
    }
}

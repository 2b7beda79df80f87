package dev.glossary.term.read;

import static dev.glossary.support.TermFixtures.body;
import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TermFixtures.uniqueName;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.term.TermCacheConfig;
import dev.glossary.term.TermChanges;
import dev.glossary.term.read.TermReadCache.DocumentKey;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cache loads a key once however many ask at the same time, and a write drops only what it changed. */
@QuarkusTest
class TermReadCacheTest {

    private static final int CALLERS = 16;

    @Inject
    TermReadCache cache;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TermCacheConfig cacheConfig;

    @BeforeEach
    void awaitListener() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(3));
        while (!cache.active() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertTrue(cache.active(), "the change listener did not connect");
    }

    @Test
    void shouldLoadAKeyOnceWhenManyMissItAtOnce() throws Exception {
        DocumentKey key = new DocumentKey("stampede-" + System.nanoTime(), TermRepresentation.JSON);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                answers.add(callers.submit(() -> {
                    start.await();
                    return cache.get(key, () -> {
                        loads.incrementAndGet();
                        sleep(200);
                        return "loaded";
                    });
                }));
            }
            start.countDown();
            for (Future<String> answer : answers) {
                assertEquals("loaded", answer.get(5, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(1, loads.get());
    }

    @Test
    void shouldNotKeepAFailedLoad() {
        DocumentKey key = new DocumentKey("failing-" + System.nanoTime(), TermRepresentation.JSON);
        try {
            cache.get(key, () -> {
                throw new IllegalStateException("outage");
            });
        } catch (IllegalStateException expected) {
            // the caller sees the failure
        }
        assertEquals("second try", cache.get(key, () -> "second try"));
    }

    @Test
    void shouldKeepUnrelatedDocumentsCachedAcrossAWrite() {
        String bystander = createTerm(uniqueName("Bystander"));
        String edited = createTerm(uniqueName("Edited"));
        given().get("/terms/" + bystander).then().statusCode(200);
        assertNotNull(cache.peek(new DocumentKey(bystander, TermRepresentation.JSON)));

        asEditor().contentType(ContentType.JSON).body(body(uniqueName("Edited again"), "New definition"))
                .put("/terms/" + edited).then().statusCode(200);

        assertNotNull(cache.peek(new DocumentKey(bystander, TermRepresentation.JSON)), "an unrelated write dropped the bystander");
    }

    @Test
    void shouldDropTheDocumentsOfARenamedTermsNeighbours() throws Exception {
        String hub = createTerm(uniqueName("Hub"));
        String spokeName = uniqueName("Spoke");
        String spoke = createTerm(spokeName, hub);
        HeardAnnouncements.await(cache, dataSource, cacheConfig.channel());
        given().get("/terms/" + hub).then().statusCode(200);
        assertNotNull(cache.peek(new DocumentKey(hub, TermRepresentation.JSON)));

        var renamed = body(spokeName, "Renamed");
        renamed.put("relatedSlugs", List.of(hub));
        asEditor().contentType(ContentType.JSON).body(renamed).put("/terms/" + spoke).then().statusCode(200);

        assertNull(cache.peek(new DocumentKey(hub, TermRepresentation.JSON)), "the neighbour still shows the old definition");
    }

    @Test
    void shouldReadAnAnnouncementWithoutSlugsAsEverything() {
        assertNull(TermChanges.slugsOf(""));
        assertEquals(Set.of("a", "b-c"), TermChanges.slugsOf("a b-c a"));
    }

    @Test
    void shouldAnnounceEverythingWhenTheSlugsDoNotFitANotification() {
        Set<String> many = new TreeSet<>();
        for (int i = 0; i < 1000; i++) {
            many.add("a-rather-long-slug-number-" + i);
        }
        assertEquals("", TermChanges.payload(many));
        assertEquals("a b", TermChanges.payload(new TreeSet<>(Set.of("b", "a"))));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.glossary.term;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** While the expensive-read bulkhead is full, an uncached listing is shed at once; a look-up and a search are still served. */
@QuarkusTest
class ExpensiveReadsShedTest {

    private static final int BULKHEAD = 4;

    @Inject
    ExpensiveReads expensiveReads;

    @Test
    void shouldShedAnUncachedListingWithA503ProblemAndRetryAfterWhileTheBulkheadIsFull() throws Exception {
        whileFull(() -> given().queryParam("slug", "shed-" + System.nanoTime()).get("/terms")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("type", equalTo("https://glossary.example/problems/overloaded"))
                .body("status", equalTo(503))
                .time(lessThan(1000L)));
    }

    @Test
    void shouldServeLookupsWhileTheBulkheadIsFull() throws Exception {
        whileFull(() -> given().get("/terms/transfer-learning").then().statusCode(200));
    }

    @Test
    void shouldServeSearchesWhileTheBulkheadIsFull() throws Exception {
        // Searches read this instance's index, not the database: nothing to shed.
        whileFull(() -> given().queryParam("q", "shed " + System.nanoTime()).get("/terms").then().statusCode(200));
    }

    @Test
    void shouldCountShedsInTheMetrics() throws Exception {
        whileFull(() -> given().queryParam("slug", "counted-" + System.nanoTime()).get("/terms").then().statusCode(503));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("ft_bulkhead_calls_total{bulkheadResult=\"rejected\""));
    }

    /** Runs the check while BULKHEAD reads hold every place in the bulkhead. */
    private void whileFull(Runnable check) throws Exception {
        CountDownLatch holding = new CountDownLatch(BULKHEAD);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holders = Executors.newFixedThreadPool(BULKHEAD);
        List<Future<Object>> held = new ArrayList<>();
        try {
            for (int i = 0; i < BULKHEAD; i++) {
                held.add(holders.submit(() -> expensiveReads.run(() -> {
                    holding.countDown();
                    await(release);
                    return null;
                })));
            }
            if (!holding.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("the bulkhead did not fill");
            }
            check.run();
        } finally {
            release.countDown();
            for (Future<Object> future : held) {
                future.get(5, TimeUnit.SECONDS);
            }
            holders.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.glossary.outbox;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.newsletter.IssueSender;
import dev.glossary.subscriber.MailOutbox;
import dev.glossary.support.Eventually;
import dev.glossary.webhook.WebhookSender;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gauges deploy/prometheus/alerts.yml reads, as /q/metrics serves them. */
@QuarkusTest
class AlertGaugesTest {

    @Inject MeterRegistry registry;
    @Inject MailOutbox confirmations;
    @Inject IssueSender issues;
    @Inject WebhookSender webhooks;

    @Test
    void shouldRestartEachQueuesBacklogAgeWhenARunLeavesNothingDue() throws InterruptedException {
        for (OutboxQueue<?, ?> queue : List.of(confirmations, issues, webhooks)) {
            queue.deliverDue();
            Thread.sleep(300);
            double before = backlogAge(queue);
            assertTrue(before >= 0.3, queue.settings().name() + " ages between runs: " + before);

            queue.deliverDue();

            double after = backlogAge(queue);
            assertTrue(after < 0.3, queue.settings().name() + " drained, so nothing waits: " + after);
        }
    }

    @Test
    void shouldReportTheSearchIndexCaughtUpWithinSecondsOfNow() {
        Eventually.await(() -> staleness() < 5, Duration.ofSeconds(30), "the search index catches up");
    }

    @Test
    void shouldLeaveOutTheReplicaLagWithoutAReplica() {
        assertNull(registry.find("glossary.read.replica.lag.seconds").gauge(), "tests configure no replica");
    }

    private double backlogAge(OutboxQueue<?, ?> queue) {
        Gauge gauge = registry.get("glossary.outbox.backlog.age.seconds").tag("queue", queue.settings().name()).gauge();
        return gauge.value();
    }

    private double staleness() {
        return registry.get("glossary.search.index.staleness.seconds").gauge().value();
    }
}

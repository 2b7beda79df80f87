package dev.glossary.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** The hourly retention run of every {@link OutboxQueue}. */
@ApplicationScoped
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    @Inject
    @Any
    Instance<OutboxQueue<?, ?>> queues;

    @Scheduled(identity = "outbox-retention", every = "1H", delayed = "1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOld() {
        for (OutboxQueue<?, ?> queue : queues) {
            try {
                QuarkusTransaction.requiringNew().call(queue::forgetOld);
            } catch (RuntimeException e) {
                LOG.warnf("%s: old rows not dropped, the next run tries again: %s", queue.settings().name(),
                        e.getClass().getSimpleName());
            }
        }
    }
}

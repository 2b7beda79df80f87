package dev.glossary.term.search.index;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the search index holds the glossary: a load balancer sends no search to a half-built index. */
@Readiness
@ApplicationScoped
class TermIndexReadiness implements HealthCheck {

    @Inject TermSearchIndex index;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("term-search-index").status(index.ready()).withData("terms", index.size()).build();
    }
}

package dev.glossary.newsletter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * The data points a mail of an issue lists, as template data. Read once per issue and replica: an issue being
 * sent can no longer be edited, so they cannot change under a delivery.
 */
@ApplicationScoped
public class IssueMailContent {

    private final Cache<Long, List<Map<String, Object>>> dataPoints = Caffeine.newBuilder().maximumSize(16).build();

    @Inject DataPointRepository repository;

    /** Maps, not records: the mail templates are not type-checked, and Qute resolves maps without reflection. */
    List<Map<String, Object>> dataPoints(long issueId) {
        return dataPoints.get(issueId, id -> QuarkusTransaction.requiringNew().call(() ->
                repository.ofIssues(List.of(id)).getOrDefault(id, List.of()).stream()
                        .map(point -> Map.<String, Object>of("value", point.value(), "label", point.label(),
                                "context", point.context(), "sourceUrl", point.sourceUrl()))
                        .toList()));
    }
}

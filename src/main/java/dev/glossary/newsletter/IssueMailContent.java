package dev.glossary.newsletter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.glossary.common.LastMade;
import dev.glossary.mail.SubscriptionLinks;
import io.quarkus.mailer.Mail;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An issue's mail. Its data points are read, and its text and HTML rendered, once per issue and
 * replica: an issue being sent can no longer be edited, so they cannot change under a delivery. Each
 * reader's mail differs only in the unsubscribe link, which is put into the shared rendering.
 */
@ApplicationScoped
public class IssueMailContent {

    private static final String TEMPLATE = "mail/issue";

    private final Cache<Long, List<Map<String, Object>>> dataPoints = Caffeine.newBuilder().maximumSize(16).build();
    /** Keyed by what is rendered, not only the issue id: a cached rendering can never show another title. */
    private final Cache<Rendering, Optional<SubscriptionLinks.Shared>> renderings = Caffeine.newBuilder().maximumSize(16).build();

    @Inject DataPointRepository repository;
    @Inject SubscriptionLinks links;

    private record Rendering(long issueId, String title, String summary, String url, int tokenLength) {
    }

    /** Every mail of a send asks for the same rendering: a Caffeine lookup each cost more. */
    private final LastMade<Rendering, Optional<SubscriptionLinks.Shared>> lastRendering = new LastMade<>();

    /** The mail of an issue to one reader, with their unsubscribe link and its one-click headers. */
    Mail compose(long issueId, String title, String summary, String url, String recipient, String unsubscribeToken) {
        Rendering wanted = new Rendering(issueId, title, summary, url, unsubscribeToken.length());
        Optional<SubscriptionLinks.Shared> shared = lastRendering.get(wanted, rendering -> renderings.get(rendering,
                key -> Optional.ofNullable(links.renderShared(TEMPLATE, data(key.issueId(), title, summary, url), key.tokenLength()))));
        return shared.isPresent() ? links.compose(recipient, title, shared.get(), unsubscribeToken)
                : links.compose(recipient, title, TEMPLATE, unsubscribeToken, data(issueId, title, summary, url));
    }

    private Map<String, Object> data(long issueId, String title, String summary, String url) {
        Map<String, Object> data = new HashMap<>(); // summary and url may be null: no Map.of
        data.put("title", title);
        data.put("summary", summary);
        data.put("url", url);
        data.put("dataPoints", dataPoints(issueId));
        return data;
    }

    /** Maps, not records: the mail templates are not type-checked, and Qute resolves maps without reflection. */
    List<Map<String, Object>> dataPoints(long issueId) {
        return dataPoints.get(issueId, id -> QuarkusTransaction.requiringNew().call(() ->
                repository.ofIssues(List.of(id)).getOrDefault(id, List.of()).stream()
                        .map(point -> Map.<String, Object>of("value", point.value(), "label", point.label(),
                                "context", point.context(), "sourceUrl", point.sourceUrl()))
                        .toList()));
    }
}

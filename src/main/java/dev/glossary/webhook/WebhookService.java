package dev.glossary.webhook;

import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashSet;
import java.util.List;

@ApplicationScoped
@Transactional
public class WebhookService {

    private final WebhookRepository endpoints;
    private final WebhookTargets targets;
    private final WebhooksConfig config;

    WebhookService(WebhookRepository endpoints, WebhookTargets targets, WebhooksConfig config) {
        this.endpoints = endpoints;
        this.targets = targets;
        this.config = config;
    }

    /** The new endpoint with its secret, which no later answer shows again. */
    public WebhookResponse create(WebhookRequest request) {
        String url = request.url().strip();
        targets.checkAtCreation(url);
        List<String> events = List.copyOf(new LinkedHashSet<>(request.events()));
        for (String event : events) {
            if (!WebhookEvents.ALL.contains(event)) {
                throw ProblemException.invalidField("events", "must hold only " + String.join(", ", WebhookEvents.ALL));
            }
        }
        byte[] secret = WebhookSecrets.newKey();
        return endpoints.insert(url, events, secret).withSecret(WebhookSecrets.shown(secret));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<WebhookResponse> list(PageRequest page) {
        return Page.counted(page, endpoints.count(), () -> endpoints.newestFirst(page));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public WebhookResponse get(long id) {
        return endpoints.find(id).orElseThrow(() -> notFound(id));
    }

    public void delete(long id) {
        if (!endpoints.delete(id)) {
            throw notFound(id);
        }
    }

    /** A new secret; the old one keeps signing, as a second signature, for the overlap (24 h by default). */
    public WebhookResponse rotateSecret(long id) {
        byte[] secret = WebhookSecrets.newKey();
        return endpoints.rotate(id, secret, config.secretOverlap()).orElseThrow(() -> notFound(id))
                .withSecret(WebhookSecrets.shown(secret));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<WebhookDeliveryView> deliveries(long id, PageRequest page) {
        get(id);
        return Page.counted(page, endpoints.countDeliveries(id), () -> endpoints.deliveriesNewestFirst(id, page));
    }

    static ProblemException notFound(long id) {
        return ProblemException.notFound("No webhook has the id " + id);
    }
}

package dev.glossary.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * The bodies a receiver gets: {"type", "timestamp", "data"} in this order. WebhookDocs documents
 * them (TermWebhookEvent, IssueWebhookEvent) for the createWebhook callbacks.
 */
final class WebhookPayloads {

    static final String HEADERS = "Standard Webhooks: POST with Content-Type application/json and the headers"
            + " webhook-id (msg_..., the same on every retry of one event), webhook-timestamp (Unix seconds of this"
            + " attempt) and webhook-signature (space-separated 'v1,<base64 HMAC-SHA256>' over"
            + " '{webhook-id}.{webhook-timestamp}.{body}', keyed with the base64-decoded part of the secret after"
            + " 'whsec_'; during the 24 h after a rotation a second entry is signed with the previous secret)."
            + " Verify over the raw bytes, before any JSON parsing.";

    static final String ACKNOWLEDGE = "Any 2xx within 10 s acknowledges the event. Anything else is retried with"
            + " growing delays for 24 h; 410 Gone disables the endpoint at once. Redirects are not followed.";

    private WebhookPayloads() {
    }

    record TermEvent(String type, Instant timestamp, TermData data) {
    }

    /** seq: where the feed lists the term's latest change when the event was first prepared. */
    record TermData(UUID id, String slug, int revision, Long seq) {
    }

    record IssueEvent(String type, Instant timestamp, IssueData data) {
    }

    record IssueData(long id, String title) {
    }
}

package dev.glossary.webhook;

import java.util.List;

/** The events an endpoint can subscribe to (the CHECK on webhook_event.type lists the same). */
public final class WebhookEvents {

    public static final String TERM_CREATED = "term.created";
    public static final String TERM_UPDATED = "term.updated";
    public static final String TERM_DELETED = "term.deleted";
    public static final String ISSUE_PUBLISHED = "newsletter.issue.published";
    public static final List<String> ALL = List.of(TERM_CREATED, TERM_UPDATED, TERM_DELETED, ISSUE_PUBLISHED);

    private WebhookEvents() {
    }
}

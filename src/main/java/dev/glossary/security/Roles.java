package dev.glossary.security;

import java.util.List;

/**
 * The roles of the API. People hold {@link #EDITOR} or {@link #ADMIN}; admins may do everything editors may,
 * plus manage subscribers, webhooks and API tokens. An API token holds its scopes as roles, each named as
 * the scope, so a resource lets a token in by listing the scope's role beside the people's.
 */
public final class Roles {

    public static final String EDITOR = "editor";
    public static final String ADMIN = "admin";

    /** Scope: what an editor may do to terms. */
    public static final String TERMS_WRITE = "terms:write";
    /** Scope: newsletter issues, their schedule and sends. */
    public static final String NEWSLETTER_WRITE = "newsletter:write";
    /** Scope: the admin's subscriber list and erasure. */
    public static final String SUBSCRIBERS_ADMIN = "subscribers:admin";
    /** Scope: webhook endpoints and their deliveries. */
    public static final String WEBHOOKS_ADMIN = "webhooks:admin";
    /** Scope: POST /mail/reports (bounces and complaints). */
    public static final String MAIL_REPORTS = "mail:reports";

    /** Every scope an API token may be given. */
    public static final List<String> TOKEN_SCOPES = List.of(TERMS_WRITE, NEWSLETTER_WRITE, SUBSCRIBERS_ADMIN, WEBHOOKS_ADMIN,
            MAIL_REPORTS);

    private Roles() {
    }
}

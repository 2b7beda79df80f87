-- Newsletter issues, subscribers with double opt-in, their tokens, the mail outbox and the
-- per-client counters of the subscribe rate limit.

CREATE TABLE newsletter_issue (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title        varchar(200)  NOT NULL,
    summary      varchar(2000),
    url          varchar(2048),
    published_at timestamptz   NOT NULL,
    created_at   timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT newsletter_issue_title_length CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
    CONSTRAINT newsletter_issue_url_scheme CHECK (url IS NULL OR url ~* '^https?://')
);
CREATE INDEX newsletter_issue_published_idx ON newsletter_issue (published_at DESC, id DESC);

-- The latest issue shown on the glossary page (shared/seed-terms.md), verbatim.
INSERT INTO newsletter_issue (title, published_at)
VALUES ('AI Investment Hits $42B in Q1 2026 — Here''s Where It Went', '2026-04-03T09:00:00Z');

-- One row per normalised address. subscribed_at, confirmed_at and source are the consent proof.
CREATE TABLE subscriber (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email                     varchar(254) NOT NULL,
    status                    varchar(20)  NOT NULL,
    source                    varchar(100),
    created_at                timestamptz  NOT NULL DEFAULT now(),
    subscribed_at             timestamptz  NOT NULL DEFAULT now(),
    confirmed_at              timestamptz,
    unsubscribed_at           timestamptz,
    last_confirmation_mail_at timestamptz,
    CONSTRAINT subscriber_status CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
    CONSTRAINT subscriber_email_normalised CHECK (email = lower(btrim(email)) AND email LIKE '%_@_%._%')
);
CREATE UNIQUE INDEX subscriber_email_key ON subscriber (email);
CREATE INDEX subscriber_status_created_idx ON subscriber (status, created_at DESC, id DESC);
CREATE INDEX subscriber_created_idx ON subscriber (created_at DESC, id DESC);

-- Only the SHA-256 of a token is kept; the raw token exists in the mail (and the outbox until sent).
CREATE TABLE subscriber_token (
    token_hash    bytea       PRIMARY KEY,
    subscriber_id bigint      NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
    purpose       varchar(20) NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    CONSTRAINT subscriber_token_purpose CHECK (purpose IN ('confirm', 'unsubscribe')),
    CONSTRAINT subscriber_token_hash_length CHECK (octet_length(token_hash) = 32),
    -- Unsubscribing must always work, so only confirmation tokens expire.
    CONSTRAINT subscriber_token_expiry CHECK ((purpose = 'confirm') = (expires_at IS NOT NULL))
);
CREATE INDEX subscriber_token_subscriber_idx ON subscriber_token (subscriber_id);

-- Transactional outbox: a mail is queued in the transaction that changes the subscriber, and a
-- scheduled sender delivers it later. The raw tokens the mail needs are kept here until it is
-- sent (or given up), then blanked.
CREATE TABLE mail_outbox (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscriber_id     bigint       NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
    kind              varchar(30)  NOT NULL,
    state             varchar(20)  NOT NULL DEFAULT 'queued',
    confirm_token     varchar(100),
    unsubscribe_token varchar(100),
    attempts          integer      NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz  NOT NULL DEFAULT now(),
    last_error        varchar(500),
    created_at        timestamptz  NOT NULL DEFAULT now(),
    finished_at       timestamptz,
    CONSTRAINT mail_outbox_kind CHECK (kind IN ('confirmation')),
    CONSTRAINT mail_outbox_state CHECK (state IN ('queued', 'sent', 'failed', 'cancelled')),
    CONSTRAINT mail_outbox_secrets_only_while_queued CHECK (
        state = 'queued' OR (confirm_token IS NULL AND unsubscribe_token IS NULL))
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at, id) WHERE state = 'queued';
CREATE INDEX mail_outbox_subscriber_idx ON mail_outbox (subscriber_id);

-- Fixed-window request counters, shared by every replica; one row per client key.
CREATE TABLE rate_limit_counter (
    client_key   varchar(120) PRIMARY KEY,
    window_start timestamptz  NOT NULL,
    hits         integer      NOT NULL
);
CREATE INDEX rate_limit_counter_window_idx ON rate_limit_counter (window_start);

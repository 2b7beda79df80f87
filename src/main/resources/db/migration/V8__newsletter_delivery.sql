-- Newsletter delivery: one row per issue sent, one row per (issue, subscriber) fixed at send time,
-- and the send-rate bucket every replica draws from.

CREATE TABLE newsletter_delivery (
    issue_id    bigint      PRIMARY KEY REFERENCES newsletter_issue (id),
    recipients  integer     NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

-- The unique (issue, subscriber) pair is what makes "never twice" the database's guarantee: a
-- second queueing cannot add a row, and a row leaves 'queued' once, when a sender claims it.
-- 'sending' rows are committed before the SMTP transaction starts (at most once per mail); a row
-- left 'sending' by a sender that died is given up as failed, never sent again.
CREATE TABLE newsletter_mail (
    id              bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    issue_id        bigint       NOT NULL REFERENCES newsletter_delivery (issue_id),
    subscriber_id   bigint       NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
    state           varchar(20)  NOT NULL DEFAULT 'queued',
    attempts        integer      NOT NULL DEFAULT 0,
    next_attempt_at timestamptz  NOT NULL DEFAULT now(),
    claimed_at      timestamptz,
    finished_at     timestamptz,
    last_error      varchar(500),
    CONSTRAINT newsletter_mail_once UNIQUE (issue_id, subscriber_id),
    CONSTRAINT newsletter_mail_state CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'skipped'))
);
CREATE INDEX newsletter_mail_due_idx ON newsletter_mail (next_attempt_at, id) WHERE state = 'queued';
CREATE INDEX newsletter_mail_sending_idx ON newsletter_mail (claimed_at) WHERE state = 'sending';
-- Erasing a subscriber cascades here.
CREATE INDEX newsletter_mail_subscriber_idx ON newsletter_mail (subscriber_id);

-- A token bucket per kind of mail, refilled from PostgreSQL's clock, so the rate cap holds for
-- all replicas together.
CREATE TABLE send_rate_bucket (
    name        varchar(50)      PRIMARY KEY,
    tokens      double precision NOT NULL,
    refilled_at timestamptz      NOT NULL
);
INSERT INTO send_rate_bucket (name, tokens, refilled_at) VALUES ('newsletter', 0, now());

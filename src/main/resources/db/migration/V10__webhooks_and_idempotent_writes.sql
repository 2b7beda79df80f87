-- Issue 13: webhooks (endpoints, an outbox of events filled in the transaction of the write that
-- causes them, one delivery per event and endpoint) and idempotency keys for POSTs.

CREATE TABLE webhook_endpoint (
    id                     bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url                    varchar(2000) NOT NULL,
    events                 text[]        NOT NULL CHECK (cardinality(events) > 0),
    -- The 32 key bytes behind "whsec_..."; the API shows them once, at creation or rotation.
    secret                 bytea         NOT NULL CHECK (length(secret) = 32),
    -- The key before the last rotation, still signing (a second v1 entry) until previous_secret_until.
    previous_secret        bytea,
    previous_secret_until  timestamptz,
    created_at             timestamptz   NOT NULL DEFAULT now(),
    disabled_at            timestamptz
);

-- One row per event: what happened, and, once a sender first prepares it, the exact bytes every
-- attempt to every endpoint sends (payload), so a retry never differs from the first attempt.
CREATE TABLE webhook_event (
    id          bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Random: no index; nothing looks an event up by it.
    message_id  uuid         NOT NULL DEFAULT gen_random_uuid(),
    type        text         NOT NULL CHECK (type IN ('term.created', 'term.updated', 'term.deleted',
                                                      'newsletter.issue.published')),
    -- The transaction that caused it: one term event per term and transaction.
    tx          xid8         NOT NULL DEFAULT pg_current_xact_id(),
    term_id     bigint,      -- no reference: a deletion's event outlives its term
    public_id   uuid,
    slug        varchar(100),
    revision    integer,
    issue_id    bigint,
    title       varchar(200),
    created_at  timestamptz  NOT NULL DEFAULT clock_timestamp(),
    payload     bytea,
    CONSTRAINT webhook_event_once_per_term_and_tx UNIQUE (term_id, tx)
);

CREATE TABLE webhook_delivery (
    id                   bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id          bigint       NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    event_id             bigint       NOT NULL REFERENCES webhook_event (id) ON DELETE CASCADE,
    -- Copied from the event: deliveries to one endpoint for one term go out in id order.
    term_id              bigint,
    state                text         NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts             integer      NOT NULL DEFAULT 0,
    next_attempt_at      timestamptz  NOT NULL DEFAULT now(),
    -- Set by the sender that claimed it; a sender that dies lets it lapse and another one retries.
    leased_until         timestamptz,
    last_attempt_at      timestamptz,
    last_response_status integer,
    last_error           varchar(500),
    created_at           timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT webhook_delivery_once UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX webhook_delivery_order_idx ON webhook_delivery (endpoint_id, term_id, id) WHERE state = 'pending';
CREATE INDEX webhook_delivery_log_idx ON webhook_delivery (endpoint_id, id);
-- Every index here is paid by each write that queues deliveries: webhook_delivery_once serves the
-- look-ups by event (its first column), so there is no index on event_id alone.

-- Queues an event and its deliveries for every enabled endpoint that wants it; nothing at all
-- while no endpoint does, so webhooks cost a write nothing until someone subscribes.
CREATE FUNCTION queue_webhook_event(event webhook_event) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    queued bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM webhook_endpoint e WHERE e.disabled_at IS NULL AND event.type = ANY (e.events)) THEN
        RETURN;
    END IF;
    INSERT INTO webhook_event (type, term_id, public_id, slug, revision, issue_id, title)
    VALUES (event.type, event.term_id, event.public_id, event.slug, event.revision, event.issue_id, event.title)
    ON CONFLICT (term_id, tx) DO NOTHING
    RETURNING id INTO queued;
    IF queued IS NOT NULL THEN
        INSERT INTO webhook_delivery (endpoint_id, event_id, term_id)
        SELECT e.id, queued, event.term_id FROM webhook_endpoint e
        WHERE e.disabled_at IS NULL AND event.type = ANY (e.events);
    END IF;
END $$;

-- Term events come from the change feed's rows (V9), which every write path maintains, neighbours'
-- updates and restores included. Deferred to commit, so that the several upserts one write makes
-- of a term's row give one event, of the row's final state (a deletion is an UPDATE to 'deleted').
CREATE FUNCTION queue_term_webhook_event() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    change term_change;
    event  webhook_event;
BEGIN
    SELECT * INTO change FROM term_change WHERE term_id = NEW.term_id;
    IF FOUND AND change.seq IS NULL THEN
        event.type := 'term.' || change.kind;
        event.term_id := change.term_id;
        event.public_id := change.public_id;
        event.slug := change.slug;
        event.revision := change.revision;
        PERFORM queue_webhook_event(event);
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER term_change_webhooks AFTER INSERT OR UPDATE ON term_change
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.seq IS NULL)
    EXECUTE FUNCTION queue_term_webhook_event();

-- An issue is published when it is created (POST /newsletter/issues).
CREATE FUNCTION queue_issue_webhook_event() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    event webhook_event;
BEGIN
    event.type := 'newsletter.issue.published';
    event.issue_id := NEW.id;
    event.title := NEW.title;
    PERFORM queue_webhook_event(event);
    RETURN NULL;
END $$;
CREATE TRIGGER newsletter_issue_webhooks AFTER INSERT ON newsletter_issue
    FOR EACH ROW EXECUTE FUNCTION queue_issue_webhook_event();

-- Idempotency keys, per user. The row is claimed (INSERT ... ON CONFLICT) before the write runs,
-- so two requests with one key, on any replicas, never both run it; the answer is stored in the
-- write's own transaction, so a committed write always has its answer to replay.
CREATE TABLE idempotency_key (
    username      varchar(100) NOT NULL,
    key           varchar(255) NOT NULL,
    request_hash  bytea        NOT NULL,
    claimed_at    timestamptz  NOT NULL DEFAULT now(),
    expires_at    timestamptz  NOT NULL,
    status        integer,     -- null while the first request runs
    location      text,
    etag          text,
    content_type  text,
    body          bytea,
    PRIMARY KEY (username, key)
);
CREATE INDEX idempotency_key_expiry_idx ON idempotency_key (expires_at);

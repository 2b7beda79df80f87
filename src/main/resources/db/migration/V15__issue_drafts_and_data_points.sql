-- Issues as editors run them: drafts and scheduled issues beside published and sent ones, the
-- three data points of each issue with the glossary terms they are about, and the weekly slot.

-- publishedAt is known once an issue is published: a draft or a scheduled issue has none yet.
ALTER TABLE newsletter_issue
    ADD COLUMN status  varchar(20) NOT NULL DEFAULT 'published',
    ADD COLUMN send_at timestamptz,
    ALTER COLUMN published_at DROP NOT NULL,
    ADD CONSTRAINT newsletter_issue_status CHECK (status IN ('draft', 'scheduled', 'published', 'sent')),
    ADD CONSTRAINT newsletter_issue_published_when_public
        CHECK ((status IN ('published', 'sent')) = (published_at IS NOT NULL)),
    ADD CONSTRAINT newsletter_issue_scheduled_has_send_at CHECK (status <> 'scheduled' OR send_at IS NOT NULL);
UPDATE newsletter_issue SET status = 'sent' WHERE id IN (SELECT issue_id FROM newsletter_delivery);
ALTER TABLE newsletter_issue ALTER COLUMN status DROP DEFAULT;
-- What every replica's poller looks for each second.
CREATE INDEX newsletter_issue_due_idx ON newsletter_issue (send_at) WHERE status = 'scheduled';

-- Published is what the webhook announces: a draft is not, until it is sent.
DROP TRIGGER newsletter_issue_webhooks ON newsletter_issue;
CREATE TRIGGER newsletter_issue_webhooks AFTER INSERT ON newsletter_issue
    FOR EACH ROW WHEN (NEW.status IN ('published', 'sent')) EXECUTE FUNCTION queue_issue_webhook_event();
CREATE TRIGGER newsletter_issue_published_webhooks AFTER UPDATE OF status ON newsletter_issue
    FOR EACH ROW WHEN (OLD.status IN ('draft', 'scheduled') AND NEW.status IN ('published', 'sent'))
    EXECUTE FUNCTION queue_issue_webhook_event();

CREATE TABLE newsletter_data_point (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    issue_id   bigint        NOT NULL REFERENCES newsletter_issue (id) ON DELETE CASCADE,
    position   smallint      NOT NULL,
    value      varchar(40)   NOT NULL,
    label      varchar(120)  NOT NULL,
    context    varchar(300)  NOT NULL DEFAULT '',
    source_url varchar(2048) NOT NULL,
    CONSTRAINT newsletter_data_point_position CHECK (position BETWEEN 1 AND 3),
    CONSTRAINT newsletter_data_point_once UNIQUE (issue_id, position),
    CONSTRAINT newsletter_data_point_value_length CHECK (char_length(btrim(value)) BETWEEN 1 AND 40),
    CONSTRAINT newsletter_data_point_label_length CHECK (char_length(btrim(label)) BETWEEN 1 AND 120),
    CONSTRAINT newsletter_data_point_source_scheme CHECK (source_url ~* '^https?://')
);

-- By term id, so a renamed term keeps its data points; a deleted term leaves them, no longer naming it.
CREATE TABLE newsletter_data_point_term (
    data_point_id bigint   NOT NULL REFERENCES newsletter_data_point (id) ON DELETE CASCADE,
    term_id       bigint   NOT NULL REFERENCES term (id) ON DELETE CASCADE,
    position      smallint NOT NULL,
    PRIMARY KEY (data_point_id, term_id),
    CONSTRAINT newsletter_data_point_term_position CHECK (position BETWEEN 1 AND 5)
);
CREATE INDEX newsletter_data_point_term_term_idx ON newsletter_data_point_term (term_id, data_point_id);

-- The weekly slot once an editor set it; until then the configured default applies.
CREATE TABLE newsletter_schedule (
    singleton   boolean     PRIMARY KEY DEFAULT true,
    day_of_week varchar(9)  NOT NULL,
    send_time   time        NOT NULL,
    time_zone   varchar(64) NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT newsletter_schedule_one_row CHECK (singleton),
    CONSTRAINT newsletter_schedule_day CHECK (day_of_week IN
        ('MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'))
);

-- Bounces and complaints: two more subscriber states, the key that signs each mail's token (VERP),
-- every report the mail system sends back, and which issue's link an unsubscribe came through.

-- Neither bounced nor complained addresses are mailed again; subscribing again starts double opt-in.
ALTER TABLE subscriber DROP CONSTRAINT subscriber_status;
ALTER TABLE subscriber ADD CONSTRAINT subscriber_status
    CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced', 'complained'));

-- Signs the token in each mail's envelope sender and X-Glossary-Mail header (mail/MailTokens): made
-- once per database, so a report that reaches any replica verifies. One row at most.
CREATE TABLE mail_token_key (
    id     boolean PRIMARY KEY DEFAULT true CHECK (id),
    secret bytea   NOT NULL CHECK (octet_length(secret) = 32)
);
INSERT INTO mail_token_key (secret)
VALUES (sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')))
ON CONFLICT DO NOTHING;

-- An issue mail's unsubscribe token records its issue, and the moment it unsubscribed someone:
-- the issue's "unsubscribed" figure. No foreign key: figures must not stop an issue's removal.
ALTER TABLE subscriber_token ADD COLUMN issue_id bigint;
ALTER TABLE subscriber_token ADD COLUMN unsubscribed_at timestamptz;
CREATE INDEX subscriber_token_unsubscribed_issue_idx ON subscriber_token (issue_id)
    WHERE issue_id IS NOT NULL AND unsubscribed_at IS NOT NULL;

-- Every report POSTed to /mail/reports. The raw text is kept (bounded) only for those we could not
-- attribute, so an operator can see what arrives; attributed ones keep what they changed.
CREATE TABLE mail_report (
    id            bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          varchar(20)  NOT NULL,
    subscriber_id bigint       REFERENCES subscriber (id) ON DELETE SET NULL,
    issue_id      bigint,
    marked        varchar(20),
    received_at   timestamptz  NOT NULL DEFAULT now(),
    raw_size      integer      NOT NULL,
    raw_text      text,
    CONSTRAINT mail_report_kind CHECK (kind IN ('hard-bounce', 'soft-bounce', 'complaint', 'unrelated', 'unparsed')),
    CONSTRAINT mail_report_marked CHECK (marked IS NULL OR marked IN ('bounced', 'complained')),
    CONSTRAINT mail_report_raw_bounded CHECK (raw_text IS NULL OR octet_length(raw_text) <= 65536)
);
-- The soft-bounce window per subscriber; erasing a subscriber also looks here (ON DELETE SET NULL).
CREATE INDEX mail_report_subscriber_idx ON mail_report (subscriber_id, received_at) WHERE subscriber_id IS NOT NULL;
CREATE INDEX mail_report_issue_idx ON mail_report (issue_id) WHERE issue_id IS NOT NULL;

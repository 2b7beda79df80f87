-- An issue mail's unsubscribe link now carries the mail's signed name (MailTokens: issue, subscriber,
-- HMAC), the token its envelope sender and X-Glossary-Mail header already held, instead of a random
-- token stored per mail: that row, two random UUIDs and a SHA-256 per recipient were half of the
-- database's work in a send. The mail's own row records that its link unsubscribed its reader, for
-- the issue's figures. Links in mails sent before this keep working through subscriber_token.
ALTER TABLE newsletter_mail ADD COLUMN unsubscribed_at timestamptz;

-- Failed logins per client, counted in PostgreSQL so that replicas behind a load balancer share
-- one limit (LoginThrottle) instead of each granting its own. A window opens at a client's first
-- failure and lasts glossary.security.login-failure-window; a failure after it opens a new one.
CREATE TABLE login_failure (
    client_key  text        PRIMARY KEY,
    first_at    timestamptz NOT NULL,
    failures    integer     NOT NULL
);
CREATE INDEX login_failure_first_at_idx ON login_failure (first_at);

-- API tokens for scripts (issue 25): an admin creates one with scopes, the secret ("glo_" + 256
-- random bits, base64url) is shown once and only its SHA-256 is kept, so a database leak reveals no
-- usable token. Revoking deletes the row: a revoked token is then an unknown one, on every instance
-- at once, since each request looks its token up here (no cache).
CREATE TABLE api_token (
    id            bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          varchar(100)  NOT NULL CHECK (length(name) > 0),
    token_hash    bytea         NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    scopes        text[]        NOT NULL CHECK (cardinality(scopes) > 0),
    created_at    timestamptz   NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    -- Recorded at most once a minute per token (ApiTokenRepository), not on every request.
    last_used_at  timestamptz
);

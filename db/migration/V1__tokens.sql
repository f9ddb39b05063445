-- Per-account API keys (docs/authentication.md). Only a BCrypt hash of each key is stored; `prefix` is a
-- short, non-secret part of the key used to find candidate rows without scanning every hash.
CREATE TABLE api_tokens (
    id            BIGSERIAL PRIMARY KEY,
    account_id    INTEGER      NOT NULL,
    name          VARCHAR(100) NOT NULL DEFAULT 'default',
    prefix        VARCHAR(32)  NOT NULL,
    key_hash      VARCHAR(100) NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_used_at  TIMESTAMPTZ
);

CREATE INDEX api_tokens_account_id_idx ON api_tokens (account_id);
CREATE INDEX api_tokens_prefix_idx ON api_tokens (prefix);
-- Checksum filler (docs/architecture.md, "Migrations"): J@MFCMNB@@

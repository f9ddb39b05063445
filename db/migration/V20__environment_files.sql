-- Environment files (docs/datacoves-api.md): metadata in Jade's DB, bytes in object storage under storage_key.
-- Indexes as the original Jade after its multi-file migration (duplicate tags allowed; newest row wins on reads).
CREATE TABLE environment_files (
    id               BIGSERIAL PRIMARY KEY,
    slug             UUID         NOT NULL UNIQUE,
    environment_slug VARCHAR(255) NOT NULL,
    tag              VARCHAR(255) NOT NULL,
    filename         VARCHAR(255) NOT NULL,
    storage_key      VARCHAR(1024) NOT NULL,
    size_bytes       BIGINT       NOT NULL,
    sha256           CHAR(64)     NOT NULL,
    content_type     VARCHAR(255),
    inserted_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX environment_files_env_filename_tag ON environment_files (environment_slug, filename, tag);
CREATE INDEX environment_files_env_filename ON environment_files (environment_slug, filename);
CREATE INDEX environment_files_env_tag ON environment_files (environment_slug, tag);
-- Checksum filler (docs/architecture.md, "Migrations"): OBCCGGOHH@

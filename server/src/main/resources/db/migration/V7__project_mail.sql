-- Per-project mail: each tenant's own SMTP server, its own templates per kind and locale, the
-- users' language, and what the relay needs to pick a template and to list dead letters.

-- BCP 47 tags in canonical form (java.util.Locale#toLanguageTag); null: no preference.
ALTER TABLE users ADD COLUMN locale VARCHAR(35);
ALTER TABLE projects ADD COLUMN default_locale VARCHAR(35) NOT NULL DEFAULT 'en';
-- The locale chosen when the mail was queued (user, Accept-Language, project default); the
-- template is picked and rendered at send time.
ALTER TABLE outbox ADD COLUMN locale VARCHAR(35);
ALTER TABLE outbox ADD COLUMN last_attempt_at BIGINT;

-- A project's own SMTP server. The password is sealed with AES-GCM under a key derived from
-- KEYWARD_SECRET (never stored here), with the project id as associated data.
CREATE TABLE project_smtp (
    project_id      VARCHAR(24)  PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    host            VARCHAR(253) NOT NULL,
    port            INT          NOT NULL,
    security        VARCHAR(8)   NOT NULL,
    username        VARCHAR(254),
    password_sealed VARCHAR(1000),
    from_name       VARCHAR(200),
    from_address    VARCHAR(254) NOT NULL,
    updated_at      BIGINT       NOT NULL
);

-- A project's own wording of a mail kind in one locale (mustache; validated when saved).
CREATE TABLE mail_templates (
    project_id VARCHAR(24)    NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind       VARCHAR(32)    NOT NULL,
    locale     VARCHAR(35)    NOT NULL,
    subject    VARCHAR(200)   NOT NULL,
    text_body  VARCHAR(65536) NOT NULL,
    html_body  VARCHAR(65536) NOT NULL,
    updated_at BIGINT         NOT NULL,
    PRIMARY KEY (project_id, kind, locale)
);

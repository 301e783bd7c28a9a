-- Every change to a project's row bumps its settings version. A server process keeps the projects
-- it serves in memory and reads only this number per request (in the per-IP counter's statement),
-- reloading a project whose version moved: settings changed through any process apply to the
-- next request everywhere. V8 is left to the scale benchmark's indexes.
ALTER TABLE projects ADD COLUMN settings_version BIGINT NOT NULL DEFAULT 0;

-- The id an events page shows is the event's number within its project (1, 2, 3, ...). The
-- identity column counts the events of every project, so its gaps told a tenant how busy the
-- others were. Numbers are given when a project's log is read, under that project's row in
-- audit_sequences, so recording an event (on every reset and login) takes no per-project lock.
ALTER TABLE audit_events ADD COLUMN seq BIGINT;
CREATE UNIQUE INDEX audit_events_project_seq ON audit_events (project_id, seq);
CREATE TABLE audit_sequences (
    project_id VARCHAR(24) PRIMARY KEY,
    last_seq   BIGINT      NOT NULL
);

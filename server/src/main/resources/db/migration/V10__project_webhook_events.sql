-- The event types the project's enabled webhooks subscribe to (',a,b,'; '' for none), kept by
-- WebhookService in the transaction of every webhook change, which also bumps settings_version.
-- A public request reads it with the project's other settings (from memory) and skips the
-- webhook fan-out statement when nothing subscribes to its event. ',*,' (set here for projects
-- that already have an enabled webhook) means "unknown: always fan out" until their next change.
ALTER TABLE projects ADD COLUMN webhook_events VARCHAR(1000) NOT NULL DEFAULT '';
UPDATE projects SET webhook_events = ',*,'
    WHERE EXISTS (SELECT 1 FROM webhooks w WHERE w.project_id = projects.id AND w.enabled);

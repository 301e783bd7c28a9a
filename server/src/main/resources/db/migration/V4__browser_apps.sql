-- Browser apps: the origins a project's public endpoints answer cross-origin (space-separated,
-- with a space at each end so one LIKE finds an exact origin), and how sign-up treats an
-- address that already has an account.
ALTER TABLE projects ADD COLUMN allowed_origins VARCHAR(2100) NOT NULL DEFAULT ' ';
ALTER TABLE projects ADD COLUMN registration_mode VARCHAR(16) NOT NULL DEFAULT 'conflict';

-- Seed-compatible endpoint profiles (Cargo Extra, Strapi), off for every existing project.
ALTER TABLE projects ADD COLUMN compat_cargo_extra BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE projects ADD COLUMN compat_strapi BOOLEAN NOT NULL DEFAULT FALSE;

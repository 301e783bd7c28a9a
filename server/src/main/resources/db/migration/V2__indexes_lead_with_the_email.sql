-- Lookups by primary key also name the project (tenancy: every query filters by project).
-- An index that leads with project_id matches such a lookup too, and PostgreSQL can cache a
-- generic plan that walks one index entry per row of the project when the plan was made while
-- the table was small and the table is never analysed (autovacuum off): bench/run's mail relay
-- fell from about 300 to 20 mails/s that way. Leading with the email keeps these indexes for
-- the lookups they exist for and out of the by-id plans.
DROP INDEX otp_codes_lookup;
CREATE INDEX otp_codes_lookup ON otp_codes (email_key, project_id, purpose);
DROP INDEX users_project_email;
CREATE UNIQUE INDEX users_project_email ON users (email_key, project_id);

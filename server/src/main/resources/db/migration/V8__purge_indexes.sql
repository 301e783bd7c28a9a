-- The janitor's purges find their rows by time: otp_codes by expires_at, the outbox by created_at.
-- Without these indexes each purge is a sequential scan of the whole table (5 million codes in
-- bench/run --scale), and a batched purge would scan it once per batch. Plain indexes (H2 has no
-- partial ones); the outbox purge filters status <> 'pending' on the few rows the range finds.
CREATE INDEX otp_codes_expires ON otp_codes (expires_at);
CREATE INDEX outbox_created ON outbox (created_at);

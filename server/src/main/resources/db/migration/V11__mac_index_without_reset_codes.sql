-- Codes are looked up by their MAC only where a token stands in for the email: verification links
-- and the Cargo Extra and Strapi reset tokens (OtpCodeDao.openByMac*). The one-time codes of the
-- email-OTP reset, nearly every row, are found by email; indexing their MACs cost each reset request
-- an insert into a random leaf of an index as large as the table, and after every checkpoint a
-- full-page image of that leaf in the WAL. On PostgreSQL the index now leaves them out (the queries
-- repeat OtpCodes.MAC_INDEXED so that their cached generic plans can use it); H2 has no partial
-- indexes and keeps indexing every row.
CREATE INDEX otp_codes_token_mac ON otp_codes (mac) ${macIndexWhere};
DROP INDEX otp_codes_mac;

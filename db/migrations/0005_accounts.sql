-- Accounts: refresh tokens (stored hashed, rotated, revoked by family) and booking numbers.
--
-- A refresh token is 32 random bytes given to the client once; only its SHA-256 is kept here.
-- Each login starts a family; every refresh rotates the presented token (rotated_at) and issues
-- the next one in the same family. Presenting a rotated or revoked token again is reuse (a
-- stolen token): the whole family is revoked. Login rate limiting is kept in memory per server
-- process (marketplace/login_rate_limiter.h), so it needs no table.
CREATE TABLE refresh_tokens (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id   uuid NOT NULL,
  token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  rotated_at  timestamptz,
  revoked_at  timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- Booking numbers BK-YYYY-NNNNNN draw their serial from here (unique across years).
CREATE SEQUENCE booking_number_seq MINVALUE 1 MAXVALUE 999999 NO CYCLE;

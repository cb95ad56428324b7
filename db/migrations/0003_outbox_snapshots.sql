-- The transaction that wrote each outbox row, so that a full reindex, which reads the catalogue
-- in one snapshot, can tell exactly which changes its snapshot did not see and replay them onto
-- the new index before it goes live (pg_visible_in_snapshot). Ids alone cannot tell: concurrent
-- transactions commit out of id order.
ALTER TABLE search_outbox ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX search_outbox_txid_idx ON search_outbox (txid);

-- A time zone PostgreSQL does not know would make every query that computes a city's local
-- date fail (the indexer's among them): refuse it at the door, by a foreign key to the zones
-- PostgreSQL knows (cheaper per row than calling a checking function during a bulk COPY).
CREATE TABLE time_zones (name text PRIMARY KEY);
INSERT INTO time_zones SELECT DISTINCT name FROM pg_timezone_names;
ALTER TABLE celebrity_availability
  ADD CONSTRAINT celebrity_availability_timezone_fkey FOREIGN KEY (timezone)
  REFERENCES time_zones (name);

-- What the indexer has applied, for `starry index stats` and freshness checks.
CREATE TABLE search_index_state (
  name       text PRIMARY KEY,
  value      text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

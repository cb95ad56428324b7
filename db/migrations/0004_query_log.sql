-- The search query log (analytics/): one row per search, suggestion or browse request, written
-- asynchronously in batches by analytics::PgQueryLogger. Rows are never updated; keystroke
-- grouping ("t", "ta", "tay" in one session = one search for "tay") happens at report time
-- (analytics/README.md), so the raw log keeps every request.
CREATE TABLE query_log (
  id               bigserial PRIMARY KEY,
  logged_at        timestamptz NOT NULL,
  endpoint         text NOT NULL CHECK (endpoint IN ('search', 'suggestions', 'browse')),
  raw_query        text NOT NULL,
  normalized_query text NOT NULL,
  filters          jsonb NOT NULL DEFAULT '{}'::jsonb,
  result_count     bigint NOT NULL CHECK (result_count >= 0),
  zero_cause       text CHECK (zero_cause IN ('text', 'filters')),
  latency_ms       double precision NOT NULL,
  session_id       text CHECK (length(session_id) <= 128)
);
-- Reports scan a time range; keystroke grouping orders each session's rows by time.
CREATE INDEX query_log_logged_at_idx ON query_log (logged_at);
CREATE INDEX query_log_session_idx ON query_log (session_id, logged_at) WHERE session_id IS NOT NULL;

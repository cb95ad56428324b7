-- PostgreSQL alone answering what /v1/search/celebrities answers (bench/pg_compare.sh):
-- typo-tolerant name matching with pg_trgm, word and prefix matching with full-text search,
-- the page of 20 by score then bookings, the exact total, and the six facets. The indexes
-- are the ones a competent engineer would add for these queries. Idempotent.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent', $1) $$;
ALTER TABLE celebrities ADD COLUMN IF NOT EXISTS bench_name text
  GENERATED ALWAYS AS (f_unaccent(lower(display_name))) STORED;
ALTER TABLE celebrities ADD COLUMN IF NOT EXISTS bench_tsv tsvector
  GENERATED ALWAYS AS (to_tsvector('simple', f_unaccent(display_name || ' ' || profession || ' '
                                                        || bio))) STORED;
CREATE INDEX IF NOT EXISTS bench_name_trgm ON celebrities USING gin (bench_name gin_trgm_ops);
CREATE INDEX IF NOT EXISTS bench_tsv_gin ON celebrities USING gin (bench_tsv);
CREATE INDEX IF NOT EXISTS bench_availability_celebrity ON celebrity_availability (celebrity_id);
CREATE INDEX IF NOT EXISTS bench_meeting_types_celebrity ON meeting_types (celebrity_id);
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_queries;
CREATE TABLE bench_queries (id serial PRIMARY KEY, q text NOT NULL, category text);
ANALYZE;

-- "jon smy" -> 'jon' & 'smy':* (every word, the last as a prefix).
CREATE OR REPLACE FUNCTION bench_words(q text) RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT to_tsquery('simple', regexp_replace(trim(f_unaccent(lower(q))), '[^a-z0-9]+', ' & ', 'g')
                              || ':*')
$$;

-- Planned for each call's values (a generic plan cannot drop the q = '' branch and falls back
-- to a sequential scan), and without a CTE for the typed text, which would hide the index
-- conditions behind a join.
DROP FUNCTION IF EXISTS bench_search(text, text);
CREATE FUNCTION bench_search(q text, cat text) RETURNS json LANGUAGE plpgsql STABLE
  SET plan_cache_mode = force_custom_plan AS $$
BEGIN
RETURN (
WITH m AS (
  SELECT c.id, c.display_name, c.category_id, c.is_verified, c.average_rating, c.total_bookings,
         CASE WHEN q = '' THEN 0 ELSE similarity(c.bench_name, f_unaccent(lower(q))) END AS score
  FROM celebrities c JOIN categories k ON k.id = c.category_id
  WHERE c.is_active AND k.is_active AND (cat IS NULL OR k.slug = cat)
    AND (q = '' OR c.bench_name % f_unaccent(lower(q)) OR c.bench_tsv @@ bench_words(q))
)
SELECT json_build_object(
  'hits', (SELECT json_agg(h) FROM (SELECT id, display_name FROM m
                                    ORDER BY score DESC, total_bookings DESC LIMIT 20) h),
  'total', (SELECT count(*) FROM m),
  'category', (SELECT json_agg(x) FROM (SELECT category_id, count(*) FROM m GROUP BY 1) x),
  'city', (SELECT json_agg(x) FROM (SELECT a.city, a.country_code, count(DISTINCT m.id) AS n
                                    FROM m JOIN celebrity_availability a ON a.celebrity_id = m.id
                                    GROUP BY 1, 2 ORDER BY n DESC LIMIT 20) x),
  'country', (SELECT json_agg(x) FROM (SELECT a.country_code, count(DISTINCT m.id)
                                       FROM m JOIN celebrity_availability a
                                         ON a.celebrity_id = m.id GROUP BY 1) x),
  'price', (SELECT json_agg(x) FROM (
              SELECT width_bucket(p.cents / 100.0, ARRAY[100, 250, 500, 1000, 2500, 5000]) AS b,
                     count(*)
              FROM m JOIN LATERAL (SELECT min(price_cents) AS cents FROM meeting_types t
                                   WHERE t.celebrity_id = m.id AND t.is_active) p ON true
              WHERE p.cents IS NOT NULL GROUP BY 1) x),
  'rating', (SELECT json_build_array(count(*) FILTER (WHERE average_rating >= 4.5),
                                     count(*) FILTER (WHERE average_rating >= 4.0),
                                     count(*) FILTER (WHERE average_rating >= 3.5),
                                     count(*) FILTER (WHERE average_rating >= 3.0)) FROM m),
  'verified', (SELECT json_agg(x) FROM (SELECT is_verified, count(*) FROM m GROUP BY 1) x)));
END
$$;

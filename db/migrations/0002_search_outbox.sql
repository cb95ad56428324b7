-- The indexer's durable change feed. Every change to a table that feeds the search index writes
-- the affected celebrity ids here in the same transaction, and NOTIFYs 'search_outbox' (delivered
-- at commit). Triggers are per statement with transition tables, so a bulk COPY of a million
-- rows writes one outbox row per affected celebrity, not one per row.
CREATE TABLE search_outbox (
  id           bigserial PRIMARY KEY,
  celebrity_id uuid NOT NULL,
  source       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz
);
CREATE INDEX search_outbox_pending_idx ON search_outbox (id) WHERE processed_at IS NULL;

CREATE FUNCTION search_outbox_write(ids uuid[], change_source text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_outbox (celebrity_id, source)
  SELECT DISTINCT u.id, change_source FROM unnest(ids) AS u(id) WHERE u.id IS NOT NULL;
  IF FOUND THEN
    PERFORM pg_notify('search_outbox', '');
  END IF;
END $$;

-- celebrities: the row itself.
CREATE FUNCTION search_outbox_celebrities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM search_outbox_write(ARRAY(SELECT id FROM old_rows), TG_TABLE_NAME);
  ELSE
    PERFORM search_outbox_write(ARRAY(SELECT id FROM new_rows), TG_TABLE_NAME);
  END IF;
  RETURN NULL;
END $$;

-- meeting_types, celebrity_availability: celebrity_id column (old and new, for moves).
CREATE FUNCTION search_outbox_by_celebrity_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM search_outbox_write(ARRAY(SELECT celebrity_id FROM new_rows), TG_TABLE_NAME);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM search_outbox_write(ARRAY(SELECT celebrity_id FROM old_rows), TG_TABLE_NAME);
  ELSE
    PERFORM search_outbox_write(ARRAY(SELECT celebrity_id FROM new_rows
                                      UNION SELECT celebrity_id FROM old_rows), TG_TABLE_NAME);
  END IF;
  RETURN NULL;
END $$;

-- available_dates: through its availability row. On a cascade from deleting the availability
-- (or the celebrity) that row is gone already, and its own trigger has written the id.
CREATE FUNCTION search_outbox_available_dates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM search_outbox_write(ARRAY(
      SELECT a.celebrity_id FROM celebrity_availability a
      WHERE a.id IN (SELECT DISTINCT availability_id FROM new_rows)), TG_TABLE_NAME);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM search_outbox_write(ARRAY(
      SELECT a.celebrity_id FROM celebrity_availability a
      WHERE a.id IN (SELECT DISTINCT availability_id FROM old_rows)), TG_TABLE_NAME);
  ELSE
    PERFORM search_outbox_write(ARRAY(
      SELECT a.celebrity_id FROM celebrity_availability a
      WHERE a.id IN (SELECT availability_id FROM new_rows
                     UNION SELECT availability_id FROM old_rows)), TG_TABLE_NAME);
  END IF;
  RETURN NULL;
END $$;

-- categories: every celebrity in a renamed, deactivated or deleted category. Inserting a
-- category changes no document.
CREATE FUNCTION search_outbox_categories() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM search_outbox_write(ARRAY(
      SELECT c.id FROM celebrities c
      WHERE c.category_id IN (SELECT id FROM old_rows)), TG_TABLE_NAME);
  ELSE
    PERFORM search_outbox_write(ARRAY(
      SELECT c.id FROM celebrities c
      WHERE c.category_id IN (SELECT n.id FROM new_rows n JOIN old_rows o USING (id)
                              WHERE (n.name, n.slug, n.is_active)
                                    IS DISTINCT FROM (o.name, o.slug, o.is_active))),
      TG_TABLE_NAME);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER search_outbox_ins AFTER INSERT ON celebrities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_celebrities();
CREATE TRIGGER search_outbox_upd AFTER UPDATE ON celebrities
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_celebrities();
CREATE TRIGGER search_outbox_del AFTER DELETE ON celebrities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_celebrities();

CREATE TRIGGER search_outbox_ins AFTER INSERT ON meeting_types
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_by_celebrity_id();
CREATE TRIGGER search_outbox_upd AFTER UPDATE ON meeting_types
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_by_celebrity_id();
CREATE TRIGGER search_outbox_del AFTER DELETE ON meeting_types
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_by_celebrity_id();

CREATE TRIGGER search_outbox_ins AFTER INSERT ON celebrity_availability
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_by_celebrity_id();
CREATE TRIGGER search_outbox_upd AFTER UPDATE ON celebrity_availability
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_by_celebrity_id();
CREATE TRIGGER search_outbox_del AFTER DELETE ON celebrity_availability
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_by_celebrity_id();

CREATE TRIGGER search_outbox_ins AFTER INSERT ON available_dates
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_available_dates();
CREATE TRIGGER search_outbox_upd AFTER UPDATE ON available_dates
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_available_dates();
CREATE TRIGGER search_outbox_del AFTER DELETE ON available_dates
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_available_dates();

CREATE TRIGGER search_outbox_upd AFTER UPDATE ON categories
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_categories();
CREATE TRIGGER search_outbox_del AFTER DELETE ON categories
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_categories();

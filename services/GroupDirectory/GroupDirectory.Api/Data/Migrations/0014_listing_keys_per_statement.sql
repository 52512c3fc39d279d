-- A listing's office and peer are checked once per statement instead of once per row. PostgreSQL checks a foreign key
-- with a query for every written row: a page of 1,000 imported copies ran 2,000 of them, about a tenth of the
-- database's work in a federation import. The two keys stay keys; they are kept by these triggers instead, with the
-- same guarantees:
-- - every written listing names an existing office, and an existing peer if any (checked against all of a statement's
--   rows in one query);
-- - the offices and peers named are locked FOR KEY SHARE, as a foreign key locks them, so that a concurrent delete
--   waits for the writer's commit and then sees its listings;
-- - an office or peer that listings name cannot be deleted or renamed (checked per deleted row, as a foreign key does).
ALTER TABLE listings DROP CONSTRAINT IF EXISTS listings_office_id_fkey;
ALTER TABLE listings DROP CONSTRAINT IF EXISTS listings_peer_id_fkey;

CREATE FUNCTION listings_check_keys() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing text;
BEGIN
    PERFORM FROM offices o WHERE o.id IN (SELECT DISTINCT n.office_id FROM written n) ORDER BY o.id FOR KEY SHARE;
    SELECT n.office_id INTO missing FROM written n WHERE NOT EXISTS (SELECT FROM offices o WHERE o.id = n.office_id) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'insert or update on table "listings" violates foreign key constraint "listings_office_id_fkey"'
            USING ERRCODE = 'foreign_key_violation', TABLE = 'listings', CONSTRAINT = 'listings_office_id_fkey',
                  DETAIL = format('Key (office_id)=(%s) is not present in table "offices".', missing);
    END IF;
    PERFORM FROM federation_peers p WHERE p.id IN (SELECT DISTINCT n.peer_id FROM written n WHERE n.peer_id IS NOT NULL) ORDER BY p.id
        FOR KEY SHARE;
    SELECT n.peer_id INTO missing FROM written n
    WHERE n.peer_id IS NOT NULL AND NOT EXISTS (SELECT FROM federation_peers p WHERE p.id = n.peer_id) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'insert or update on table "listings" violates foreign key constraint "listings_peer_id_fkey"'
            USING ERRCODE = 'foreign_key_violation', TABLE = 'listings', CONSTRAINT = 'listings_peer_id_fkey',
                  DETAIL = format('Key (peer_id)=(%s) is not present in table "federation_peers".', missing);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER listings_keys_on_insert AFTER INSERT ON listings REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION listings_check_keys();
CREATE TRIGGER listings_keys_on_update AFTER UPDATE ON listings REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION listings_check_keys();

-- The referenced side: run after the row is gone (or renamed), with a snapshot that sees listings committed meanwhile.
-- Arguments: the column of listings that names the row, and the key's name.
CREATE FUNCTION keep_listed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    listed boolean;
BEGIN
    EXECUTE format('SELECT EXISTS (SELECT FROM listings WHERE %I = $1)', TG_ARGV[0]) INTO listed USING OLD.id;
    IF listed THEN
        RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%" on table "listings"', TG_TABLE_NAME, TG_ARGV[1]
            USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME, CONSTRAINT = TG_ARGV[1],
                  DETAIL = format('Key (id)=(%s) is still referenced from table "listings".', OLD.id);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER offices_keep_listed_on_delete AFTER DELETE ON offices
    FOR EACH ROW EXECUTE FUNCTION keep_listed('office_id', 'listings_office_id_fkey');
CREATE TRIGGER offices_keep_listed_on_rename AFTER UPDATE OF id ON offices
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION keep_listed('office_id', 'listings_office_id_fkey');
CREATE TRIGGER federation_peers_keep_listed_on_delete AFTER DELETE ON federation_peers
    FOR EACH ROW EXECUTE FUNCTION keep_listed('peer_id', 'listings_peer_id_fkey');
CREATE TRIGGER federation_peers_keep_listed_on_rename AFTER UPDATE OF id ON federation_peers
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION keep_listed('peer_id', 'listings_peer_id_fkey');

-- Leaner listing rows and fewer per-row checks on the write path (a federation import writes 100,000 of them).
--
-- A search document level that equals the level below it is stored as NULL and read as that level: most listings
-- have no hidden fields, so their network and office documents were two more copies of the public one, about a third
-- of every row (about 1 kB of 2.7 kB) written, logged and cached for nothing. Readers take
-- coalesce(doc_office, doc_network, doc_public) for the office, coalesce(doc_network, doc_public) for the network.
ALTER TABLE listings ALTER COLUMN doc_network DROP NOT NULL, ALTER COLUMN doc_office DROP NOT NULL;
UPDATE listings
SET doc_office = CASE WHEN doc_office = doc_network THEN NULL ELSE doc_office END,
    doc_network = CASE WHEN doc_network = doc_public THEN NULL ELSE doc_network END
WHERE doc_office = doc_network OR doc_network = doc_public;

-- Two foreign keys from a listing's bookkeeping to listings themselves cost a query per written row (a page of 1,000
-- imported copies ran up to 2,000 of them) and guard nothing that can happen: listings are never deleted (a withdrawn
-- listing keeps its row), the change log takes only ids its own transaction has just written (ListingChanges), and a
-- copy is marked as the duplicate only of a listing read or written in the same transaction (DuplicateCopies). The
-- keys to offices and to peers stay: they say who owns a listing and where it came from.
ALTER TABLE listing_changes DROP CONSTRAINT IF EXISTS listing_changes_listing_id_fkey;
ALTER TABLE listings DROP CONSTRAINT IF EXISTS listings_duplicate_of_fkey;

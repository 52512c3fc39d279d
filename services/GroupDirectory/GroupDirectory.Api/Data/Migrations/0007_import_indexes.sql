-- Search matches text, filters and distance in memory (SearchIndex); only phrase queries still reach the documents in
-- SQL, for the public through doc_public (its GIN index stays) and for staff through a per-listing CASE that no index
-- serves. The network and office documents' GIN indexes only cost every write (a bulk import most of all).
DROP INDEX IF EXISTS listings_doc_network;
DROP INDEX IF EXISTS listings_doc_office;

-- Duplicate recognition looks up the shown listing with the same name and postcode. The name index also held every
-- duplicate and every listing of other postcodes with the same name, so each lookup grew with the table.
DROP INDEX IF EXISTS listings_published_name;
CREATE INDEX listings_duplicate_key ON listings (lower(name), postcode) WHERE status = 'published' AND duplicate_of IS NULL;

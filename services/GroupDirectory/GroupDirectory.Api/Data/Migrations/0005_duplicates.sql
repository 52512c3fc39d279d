-- The same group imported from two sources is listed once: the later copy points to the first (same origin, or the
-- same name, postcode and a shared topic) and is left out of search; the first shows both provenances.
ALTER TABLE listings ADD COLUMN duplicate_of uuid REFERENCES listings (id);
CREATE INDEX listings_duplicate_of ON listings (duplicate_of) WHERE duplicate_of IS NOT NULL;

-- Distance is filtered in memory (SearchIndex) and no statement of the service reads this index any more. Keeping it
-- up was the dearest part of writing a listing: about 70 ms of CPU per 1,000 imported listings.
DROP INDEX IF EXISTS listings_earth;

-- A listing row is about 2.6 kB with its three search documents, above the 2 kB at which PostgreSQL starts compressing
-- a row's values (pglz) on every write. Rows are kept whole up to a page's size instead: a little more disk, less CPU
-- on every import and every write, and nothing to decompress when the search index is built.
ALTER TABLE listings SET (toast_tuple_target = 8160);

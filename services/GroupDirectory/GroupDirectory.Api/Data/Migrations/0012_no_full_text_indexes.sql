-- Text and topics are searched in memory (SearchIndex). PostgreSQL still checks phrases, but only among the candidates
-- the index names, found by primary key (ListingSearch.MatchTextAsync), so these two GIN indexes served no statement
-- and cost about a quarter of writing a listing (a federation import of 100,000 kept them up row by row).
DROP INDEX IF EXISTS listings_doc_public;
DROP INDEX IF EXISTS listings_topics;

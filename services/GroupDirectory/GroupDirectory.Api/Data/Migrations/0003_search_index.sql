-- The change log of listings: one row per listing at the position of its latest change. Positions are taken as the
-- last step before commit under an advisory lock (ListingChanges), so they commit in order and followers (the search
-- index of every replica, federation peers) can read "position > cursor" without ever missing a change.
CREATE SEQUENCE listing_change_position;
CREATE TABLE listing_changes (
    listing_id uuid PRIMARY KEY REFERENCES listings (id),
    position bigint NOT NULL UNIQUE
);
INSERT INTO listing_changes (listing_id, position)
SELECT id, nextval('listing_change_position') FROM (SELECT id FROM listings ORDER BY updated_at, id) ordered;

-- The words of listing names and descriptions, folded like the taxonomy folds (ä → ae, ß → ss), with one surface
-- form each: a mistyped word of a query is matched to its nearest words by trigrams here (a small table), and those
-- words then search the full-text documents, so typos work for every word, not only for names.
CREATE TABLE search_terms (
    folded text PRIMARY KEY,
    word text NOT NULL
);
CREATE INDEX search_terms_trgm ON search_terms USING gin (folded gin_trgm_ops);
INSERT INTO search_terms (folded, word)
SELECT DISTINCT ON (folded) folded, word FROM (
    SELECT w AS word, replace(replace(replace(replace(w, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss') AS folded
    FROM listings, regexp_split_to_table(lower(name || ' ' || coalesce(content ->> 'description', '')), '[^[:alpha:]]+') AS w
    WHERE length(w) >= 4) words
ORDER BY folded, word;

-- Typo matching on whole names is replaced by the word list above.
DROP INDEX listings_fuzzy;
ALTER TABLE listings DROP COLUMN fuzzy_text;

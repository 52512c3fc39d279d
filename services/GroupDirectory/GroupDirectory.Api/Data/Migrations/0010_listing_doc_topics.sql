-- A listing's search document with its topics' part already analysed. The topics' text (labels, English labels and
-- synonyms of the listing's topics) is the same for every listing with the same topics and is most of a listing's
-- text, and to_tsvector costs about 0.2 µs a character: an import analyses it once per combination of topics
-- (SearchDocuments keeps them), not once per listing and level. listing_doc(name, topics text, place, body) is
-- listing_doc(name, listing_topics_doc(topics), place, body): one definition of the document, whichever way it is built.
CREATE FUNCTION listing_topics_doc(topics text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('german_folded', topics), 'B')
$$;

CREATE FUNCTION listing_doc(name text, topics tsvector, place text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('german_folded', name), 'A') || topics
        || setweight(to_tsvector('german_folded', place), 'C')
        || setweight(to_tsvector('german_folded', body), 'D')
$$;

CREATE OR REPLACE FUNCTION listing_doc(name text, topics text, place text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT listing_doc(name, listing_topics_doc(topics), place, body)
$$;

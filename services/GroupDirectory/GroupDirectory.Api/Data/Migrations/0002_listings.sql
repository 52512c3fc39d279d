-- Group listings, owned by an office, and what search needs: German full text without accents or umlauts
-- (unaccent before the Snowball stemmer), trigrams for typos, great-circle distance (earthdistance).
-- All four extensions are "trusted" since PostgreSQL 13: a database owner may create them.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;

CREATE TEXT SEARCH CONFIGURATION german_folded (COPY = german);
ALTER TEXT SEARCH CONFIGURATION german_folded
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, german_stem;

ALTER TABLE offices
    ADD COLUMN address text,
    ADD COLUMN phone text,
    ADD COLUMN email text,
    ADD COLUMN website text,
    ADD COLUMN opening_hours text;

CREATE TABLE listings (
    id uuid PRIMARY KEY,
    office_id text NOT NULL REFERENCES offices (id),
    status text NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
    version integer NOT NULL,
    -- 0 public, 1 office network, 2 office only: who may see the listing at all.
    visibility_rank smallint NOT NULL CHECK (visibility_rank BETWEEN 0 AND 2),
    -- The listing as its office entered it; every answer is projected from it for the asking viewer.
    content jsonb NOT NULL,
    -- Copies of listing-level fields (visible to whoever may see the listing) for filters and facets.
    name text NOT NULL,
    topics text[] NOT NULL,
    audience text NOT NULL,
    languages text[] NOT NULL,
    setting text NOT NULL,
    accessibility text[] NOT NULL,
    openness text NOT NULL,
    postcode text,
    -- Exact only when the address is public; otherwise the postcode area (rounded), so a distance search cannot
    -- locate a meeting place it may not show.
    latitude double precision,
    longitude double precision,
    -- One document per viewer level: a hidden field must not make a listing match a search either.
    doc_public tsvector NOT NULL,
    doc_network tsvector NOT NULL,
    doc_office tsvector NOT NULL,
    -- Name and topic names, folded, for typo-tolerant matching.
    fuzzy_text text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    published_at timestamptz,
    last_confirmed_at timestamptz NOT NULL
);

CREATE INDEX listings_office ON listings (office_id, status);
CREATE INDEX listings_published_name ON listings (lower(name), id) WHERE status = 'published';
CREATE INDEX listings_topics ON listings USING gin (topics) WHERE status = 'published';
CREATE INDEX listings_doc_public ON listings USING gin (doc_public) WHERE status = 'published';
CREATE INDEX listings_doc_network ON listings USING gin (doc_network) WHERE status = 'published';
CREATE INDEX listings_doc_office ON listings USING gin (doc_office) WHERE status = 'published';
CREATE INDEX listings_fuzzy ON listings USING gin (fuzzy_text gin_trgm_ops) WHERE status = 'published';
CREATE INDEX listings_earth ON listings USING gist (ll_to_earth(latitude, longitude))
    WHERE status = 'published' AND latitude IS NOT NULL;
CREATE INDEX listings_confirmed ON listings (office_id, last_confirmed_at) WHERE status = 'published';

-- The weighted search document of a listing: name A, topic names and synonyms B, place C, description D.
CREATE FUNCTION listing_doc(name text, topics text, place text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('german_folded', name), 'A')
        || setweight(to_tsvector('german_folded', topics), 'B')
        || setweight(to_tsvector('german_folded', place), 'C')
        || setweight(to_tsvector('german_folded', body), 'D')
$$;

-- Federation: our change feed for peers, the peers we follow, and where each imported listing came from.

-- This instance's identity: travels with every listing we export, so a listing that comes back round a chain of
-- peers is recognised as our own.
CREATE TABLE federation_instance (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    instance_id uuid NOT NULL DEFAULT gen_random_uuid()
);
INSERT INTO federation_instance DEFAULT VALUES;

-- Keys peers present to read our feed at the office-network level. Only a hash is kept; the key is shown once.
CREATE TABLE federation_keys (
    id uuid PRIMARY KEY,
    peer_name text NOT NULL,
    key_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

-- Peers we follow. Their key for us must be presented as is, so it is stored as given (like a connection password).
CREATE TABLE federation_peers (
    id text PRIMARY KEY CHECK (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    base_url text NOT NULL,
    api_key text,
    offices text[] NOT NULL DEFAULT '{}',
    reexport boolean NOT NULL DEFAULT false,
    checkpoint text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    last_attempt_at timestamptz,
    last_success_at timestamptz,
    last_error text,
    consecutive_failures integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    imported_changes bigint NOT NULL DEFAULT 0,
    -- How far behind the peer's feed we were at the last read: changes still to fetch, and the age of the oldest.
    lag_changes bigint NOT NULL DEFAULT 0,
    lag_seconds double precision NOT NULL DEFAULT 0
);

-- Offices known only from a peer: listed with their groups, changed only by that peer.
ALTER TABLE offices ADD COLUMN peer_id text REFERENCES federation_peers (id);

ALTER TABLE listings
    ADD COLUMN peer_id text REFERENCES federation_peers (id),
    ADD COLUMN remote_id text,
    ADD COLUMN remote_version integer,
    ADD COLUMN fetched_at timestamptz,
    -- Where the listing was first entered: "<instance id>/<listing id>", the same on every instance that holds a copy.
    ADD COLUMN origin text,
    -- The office's own id for a row of an uploaded spreadsheet: uploading the same row again updates it.
    ADD COLUMN external_id text;
CREATE UNIQUE INDEX listings_remote ON listings (peer_id, remote_id) WHERE peer_id IS NOT NULL;
CREATE UNIQUE INDEX listings_external ON listings (office_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX listings_origin ON listings (origin) WHERE origin IS NOT NULL;

-- When each change was logged: a follower's lag in seconds is the age of the oldest change it has not fetched yet.
ALTER TABLE listing_changes ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now();

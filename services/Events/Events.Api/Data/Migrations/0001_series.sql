-- Public facts of the directory's listings, kept from ListingPublished / ListingUpdated / ListingWithdrawn.
-- Events reads no other service's database: this copy answers "whose group is it" and "may the public see it".
CREATE TABLE listings (
    id uuid PRIMARY KEY,
    office_id text NOT NULL,
    version int NOT NULL,
    visibility text NOT NULL,            -- public, office-network, office-only
    withdrawn boolean NOT NULL DEFAULT false,
    name text,                           -- null when the listing has no public facts
    topics text[] NOT NULL DEFAULT '{}',
    postcode text,
    city text,
    address_public boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL
);
CREATE INDEX listings_office ON listings (office_id);
CREATE INDEX listings_topics ON listings USING gin (topics);

-- A meeting series of a group, or an office's one-off event (kind 'event', no rule).
-- Times are wall-clock times in time_zone; the rule is expanded in local time (RFC 5545).
CREATE TABLE series (
    id uuid PRIMARY KEY,
    root_id uuid NOT NULL,               -- the first series of a "this and following" chain
    kind text NOT NULL CHECK (kind IN ('series', 'event')),
    listing_id uuid,
    office_id text NOT NULL,
    title text,
    description text,
    time_zone text NOT NULL,
    starts_local timestamp NOT NULL,
    duration interval NOT NULL,
    rrule text,
    rdates timestamp[] NOT NULL DEFAULT '{}',
    exdates timestamp[] NOT NULL DEFAULT '{}',
    room text,
    address text,
    postcode text,
    city text,
    online_link text,
    capacity int,
    status text NOT NULL CHECK (status IN ('active', 'ended')),
    end_reason text,
    ended_at timestamptz,                -- meetings from here on do not take place
    version int NOT NULL,                -- ETag of the API
    sequence int NOT NULL,               -- iCalendar SEQUENCE of the series' VEVENT
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    materialised_until timestamptz      -- occurrences starting before this are in `occurrences`
);
CREATE INDEX series_listing ON series (listing_id);
CREATE INDEX series_office ON series (office_id);
-- The sweep's claim order (never materialised first, then the oldest horizon): an index in that order, so each
-- batch reads its 500 rows instead of sorting every due series again.
CREATE INDEX series_due ON series (materialised_until NULLS FIRST, id) WHERE status = 'active';

-- Changes to single meetings, keyed by the meeting's original local start (RECURRENCE-ID).
CREATE TABLE overrides (
    series_id uuid NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    recurrence_local timestamp NOT NULL,
    cancelled boolean,                  -- null: as the series says (a pause still cancels)
    starts_local timestamp,             -- moved to
    duration interval,
    room text,
    address text,
    postcode text,
    city text,
    note text,
    sequence int NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (series_id, recurrence_local)
);

-- "Sommerpause": meetings whose original local date lies in [from_date, to_date] do not take place.
CREATE TABLE pauses (
    id uuid PRIMARY KEY,
    series_id uuid NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    from_date date NOT NULL,
    to_date date NOT NULL,
    reason text,
    created_at timestamptz NOT NULL,
    CHECK (to_date >= from_date)
);
CREATE INDEX pauses_series ON pauses (series_id);

-- What has been announced (OccurrenceScheduled ...) for the rolling horizon. Diffing the plan against these rows
-- is what makes every change publish exactly once.
CREATE TABLE occurrences (
    id uuid PRIMARY KEY,
    series_id uuid NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    root_id uuid NOT NULL,
    recurrence_local timestamp NOT NULL,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    cancelled boolean NOT NULL,
    place_hash int NOT NULL,
    -- Deferred: one statement may move a meeting's key to another series of its chain while another leaves it.
    UNIQUE (series_id, recurrence_local) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX occurrences_root_start ON occurrences (root_id, starts_at);

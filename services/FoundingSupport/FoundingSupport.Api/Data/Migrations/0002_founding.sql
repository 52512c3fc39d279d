-- What an office decides for its region; an office without a row uses the defaults (FoundingOptions).
CREATE TABLE office_settings (
    office_id text PRIMARY KEY,
    peer_threshold int NOT NULL CHECK (peer_threshold BETWEEN 2 AND 50),
    updated_at timestamptz NOT NULL
);

-- Public facts of the directory's listings (ListingPublished / ListingUpdated / ListingWithdrawn), kept to suggest an
-- existing open group before a duplicate is founded. Versions guard against out-of-order delivery.
CREATE TABLE listings (
    id uuid PRIMARY KEY,
    office_id text NOT NULL,
    version int NOT NULL,
    visibility text NOT NULL,
    withdrawn boolean NOT NULL DEFAULT false,
    name text,                           -- null when the listing has no public facts
    topics text[] NOT NULL DEFAULT '{}',
    postcode text,
    city text,
    openness text,                       -- open, waiting-list, closed
    setting text,                        -- in-person, online, hybrid
    updated_at timestamptz NOT NULL
);
CREATE INDEX listings_topics ON listings USING gin (topics);

-- "Gleichbetroffene gesucht". The contact stays with Notifications: only its opaque reference is kept here.
CREATE TABLE postings (
    id uuid PRIMARY KEY,
    office_id text NOT NULL,
    topic text NOT NULL,
    postcode text NOT NULL,
    text text NOT NULL,                  -- public only once released
    locale text NOT NULL,
    poster_contact_ref uuid NOT NULL,
    state text NOT NULL CHECK (state IN ('pending', 'released', 'rejected', 'converted')),
    created_at timestamptz NOT NULL,
    moderated_at timestamptz,
    moderated_by text,                   -- the staff member's subject id, never a name
    initiative_id uuid
);
CREATE INDEX postings_office_state ON postings (office_id, state, created_at);
CREATE INDEX postings_released_topic ON postings (topic, created_at) WHERE state = 'released';

CREATE TABLE posting_interests (
    posting_id uuid NOT NULL REFERENCES postings (id),
    contact_ref uuid NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (posting_id, contact_ref)
);

CREATE TABLE initiatives (
    id uuid PRIMARY KEY,
    office_id text NOT NULL,
    topic text NOT NULL,
    postcode text NOT NULL,
    locale text NOT NULL,
    initiator_contact_ref uuid NOT NULL,
    posting_id uuid REFERENCES postings (id),
    state text NOT NULL CHECK (state IN ('proposed', 'counselling', 'gathering-peers', 'first-meeting-planned', 'founded', 'abandoned')),
    counsellor text,                     -- the counselling staff member's subject id, never a name
    offer_online boolean NOT NULL DEFAULT false,
    peers_gathered_at timestamptz,       -- the threshold was reached (and announced) then; announced once
    first_meeting_event_id uuid,
    first_meeting_city text,
    first_meeting_postcode text,
    first_meeting_online boolean,
    listing_id uuid,
    abandon_reason text,
    version int NOT NULL,                -- ETag of the API
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX initiatives_office_state ON initiatives (office_id, state, created_at);

-- The interested people of an initiative (the initiator is not one of them) and their consent to share contacts.
CREATE TABLE initiative_members (
    initiative_id uuid NOT NULL REFERENCES initiatives (id),
    contact_ref uuid NOT NULL,
    joined_at timestamptz NOT NULL,
    PRIMARY KEY (initiative_id, contact_ref)
);

-- Consent to release one's contact to the others; the initiator may consent too.
CREATE TABLE contact_consents (
    initiative_id uuid NOT NULL REFERENCES initiatives (id),
    contact_ref uuid NOT NULL,
    consented_at timestamptz NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (initiative_id, contact_ref)
);

-- Durable due-rows: the follow-up three months after founding, claimed by FollowUpSweep with SKIP LOCKED.
CREATE TABLE follow_ups (
    initiative_id uuid PRIMARY KEY REFERENCES initiatives (id),
    office_id text NOT NULL,
    listing_id uuid NOT NULL,
    due_at timestamptz NOT NULL,
    fired_at timestamptz
);
CREATE INDEX follow_ups_due ON follow_ups (due_at) WHERE fired_at IS NULL;

-- An office's to-do list in the founding view.
CREATE TABLE office_tasks (
    id uuid PRIMARY KEY,
    office_id text NOT NULL,
    kind text NOT NULL,                  -- follow-up
    initiative_id uuid NOT NULL REFERENCES initiatives (id),
    listing_id uuid,
    due_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    done_at timestamptz,
    done_by text,
    UNIQUE (initiative_id, kind)
);
CREATE INDEX office_tasks_open ON office_tasks (office_id, due_at) WHERE done_at IS NULL;

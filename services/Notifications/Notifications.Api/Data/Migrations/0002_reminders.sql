-- Meetings as Events announces them (OccurrenceScheduled / Rescheduled / Cancelled): public facts only.
CREATE TABLE occurrences (
    id uuid PRIMARY KEY,
    listing_id uuid,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    room text,
    address text,
    postcode text,
    city text,
    online boolean NOT NULL,
    cancelled boolean NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX occurrences_listing ON occurrences (listing_id, starts_at);

-- Durable due-rows: one per meeting and lead time (reminder), or per change of a meeting (notice). A sweeper claims
-- due rows with FOR UPDATE SKIP LOCKED and fans them out; a restart loses nothing, two replicas never take one row.
CREATE TABLE jobs (
    id uuid PRIMARY KEY,
    occurrence_id uuid NOT NULL REFERENCES occurrences (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('reminder', 'cancelled', 'moved', 'new-event')),
    lead_minutes int NOT NULL,           -- 0 for notices
    due_at timestamptz NOT NULL,
    state text NOT NULL CHECK (state IN ('due', 'done', 'void')),
    created_at timestamptz NOT NULL,
    UNIQUE (occurrence_id, kind, lead_minutes, due_at)
);
CREATE INDEX jobs_due ON jobs (due_at) WHERE state = 'due';

-- One row per mail that may be sent: the permanent idempotency key (meeting, subscriber, kind, lead time). Written and
-- committed before the mail goes out, so neither a crash nor a redelivery can send it twice.
CREATE TABLE deliveries (
    job_id uuid NOT NULL,
    subscriber_id uuid NOT NULL,
    state text NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
    due_at timestamptz NOT NULL,
    sent_at timestamptz,
    error text,                          -- the kind of failure only, never an address
    PRIMARY KEY (job_id, subscriber_id)
);

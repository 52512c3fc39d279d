-- The only personal data of the platform. An e-mail address is stored encrypted (AES-GCM, key id kept with the
-- ciphertext so keys can rotate) and found by a keyed blind index (HMAC); it never appears in plain text here.
CREATE TABLE subscribers (
    id uuid PRIMARY KEY,
    email_index bytea NOT NULL UNIQUE,
    email_cipher bytea NOT NULL,
    email_key_id text NOT NULL,
    locale text NOT NULL CHECK (locale IN ('de', 'en')),
    created_at timestamptz NOT NULL,
    confirmed_at timestamptz
);

-- Public facts of the directory's listings (from its events): which groups exist and may be subscribed to.
CREATE TABLE listings (
    id uuid PRIMARY KEY,
    version int NOT NULL,
    subscribable boolean NOT NULL,
    name text,
    updated_at timestamptz NOT NULL
);

CREATE TABLE subscriptions (
    id uuid PRIMARY KEY,
    subscriber_id uuid NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    listing_id uuid NOT NULL,
    lead_times_minutes int[] NOT NULL,
    follow_events boolean NOT NULL DEFAULT false,
    name_group_in_mails boolean NOT NULL DEFAULT false,
    state text NOT NULL CHECK (state IN ('pending', 'active', 'unsubscribed')),
    created_at timestamptz NOT NULL,
    expires_at timestamptz,              -- a pending request is deleted after this
    -- Proof of the double opt-in: when, which wording the member agreed to, how it was confirmed.
    consent_at timestamptz,
    consent_text_version text,
    consent_method text,
    UNIQUE (subscriber_id, listing_id)
);
CREATE INDEX subscriptions_listing_active ON subscriptions (listing_id) WHERE state = 'active';
CREATE INDEX subscriptions_expiry ON subscriptions (expires_at) WHERE state = 'pending';

-- Requests per address (by blind index) and per client, for rate limits against mail bombing.
CREATE TABLE request_log (
    bucket text NOT NULL,
    key bytea NOT NULL,
    at timestamptz NOT NULL
);
CREATE INDEX request_log_key ON request_log (bucket, key, at);

-- Founding contacts: an address someone gave for a peer search or a new group's initiative. Founding keeps only the
-- contact's id (its "contact reference"); the address stays here, encrypted in its subscriber row. Double opt-in
-- as for subscriptions, with the consent as proof.
CREATE TABLE contacts (
    id uuid PRIMARY KEY,
    subscriber_id uuid NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    state text NOT NULL CHECK (state IN ('pending', 'active')),
    created_at timestamptz NOT NULL,
    expires_at timestamptz,              -- a pending contact is deleted after this
    consent_at timestamptz,
    consent_text_version text,
    consent_method text
);
CREATE INDEX contacts_subscriber ON contacts (subscriber_id);
CREATE INDEX contacts_expiry ON contacts (expires_at) WHERE state = 'pending';

-- One row per mail to a contact, keyed by the message that caused it: the idempotency key, committed before the mail
-- goes out, so a redelivered message never sends it twice.
CREATE TABLE contact_mails (
    message_id uuid NOT NULL,
    contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    kind text NOT NULL,
    state text NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (message_id, contact_id)
);

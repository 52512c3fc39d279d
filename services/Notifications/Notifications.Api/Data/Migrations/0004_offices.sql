-- Offices as Directory announced them (OfficeRegistered): an organisation's public address, not personal data.
CREATE TABLE offices (
    id text PRIMARY KEY,
    name text NOT NULL,
    email text,                          -- null when the office gave none
    registered_at timestamptz NOT NULL
);

-- One row per mail to an office, keyed by the message that caused it (as contact_mails): committed before the mail
-- goes out, so a redelivered message never sends it twice.
CREATE TABLE office_mails (
    message_id uuid NOT NULL,
    office_id text NOT NULL REFERENCES offices (id),
    kind text NOT NULL,
    state text NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (message_id, office_id)
);

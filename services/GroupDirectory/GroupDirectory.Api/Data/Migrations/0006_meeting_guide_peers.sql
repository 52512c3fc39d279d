-- Peers that publish a Meeting Guide JSON file (code4recovery) instead of our change feed: the whole list is read
-- each time and compared with what we hold. Their meetings are listed under one office named for the peer, with the
-- topics the admin gives (the format has none).
ALTER TABLE federation_peers
    ADD COLUMN format text NOT NULL DEFAULT 'hsds' CHECK (format IN ('hsds', 'meeting-guide')),
    ADD COLUMN default_topics text[] NOT NULL DEFAULT '{}',
    ADD COLUMN office_name text;

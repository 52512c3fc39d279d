-- Payloads are stored as the relay will send them (json keeps the text; jsonb parsed it on every insert and printed it
-- again for every publish, more CPU than the rest of an outbox row). Nothing queries into them; ->> works on json too.
ALTER TABLE outbox_messages ALTER COLUMN payload TYPE json USING payload::json;

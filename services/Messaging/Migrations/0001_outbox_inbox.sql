-- Transactional outbox: a service's domain change and the integration events it raises commit together here; the
-- relay publishes unsent rows. Rows are found by "sent_at IS NULL", never by "id > last seen": identity values
-- commit out of order, and a row committed late would be skipped for ever.
CREATE TABLE outbox_messages (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id uuid NOT NULL UNIQUE,
    aggregate_id text NOT NULL,
    message_type text NOT NULL,
    payload jsonb NOT NULL,
    trace_parent text NULL,
    trace_state text NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz NULL
);
CREATE INDEX outbox_messages_unsent ON outbox_messages (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_messages_unsent_by_aggregate ON outbox_messages (aggregate_id, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_messages_sent ON outbox_messages (sent_at) WHERE sent_at IS NOT NULL;

-- Idempotent inbox: a consumer's effects and its row here commit together; a redelivered message finds the row and
-- is acknowledged without effect.
CREATE TABLE inbox_messages (
    message_id uuid NOT NULL,
    consumer text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, consumer)
);
CREATE INDEX inbox_messages_processed ON inbox_messages (processed_at);

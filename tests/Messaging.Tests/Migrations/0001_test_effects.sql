-- One row per consumer effect: a duplicate effect shows as a second row with the same key.
CREATE TABLE test_effects (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

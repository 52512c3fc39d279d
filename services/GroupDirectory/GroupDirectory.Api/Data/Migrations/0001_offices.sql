-- Regional contact offices (Selbsthilfekontaktstellen). The slug is the office's public, stable id.
CREATE TABLE offices (
    id text PRIMARY KEY CHECK (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name text NOT NULL,
    region_postcode_prefixes text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);

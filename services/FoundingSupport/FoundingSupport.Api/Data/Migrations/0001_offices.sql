-- Offices as Directory announced them (OfficeRegistered): Founding assigns initiatives to the office of their region.
CREATE TABLE offices (
    id text PRIMARY KEY,
    name text NOT NULL,
    region_postcode_prefixes text[] NOT NULL,
    registered_at timestamptz NOT NULL
);
CREATE INDEX offices_region ON offices USING gin (region_postcode_prefixes);

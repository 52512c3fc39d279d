-- A meeting place whose address the public may not see (a private home, or an address or listing not public) was
-- stored with its coordinates rounded to 0.01°, about 1.1 × 0.7 km: close enough to narrow a home down to a few
-- streets. The service now rounds such places to 0.1° (ListingProjection.Coarse: about 11 × 7 km, more than a postcode
-- area), and the copies stored for search distance are rounded the same way here. They are rounded from the place as
-- entered, not from the 0.01° value, so each value is rounded once, as the service rounds it (half away from zero).
-- The columns hold what the public may know: exact only for a public listing whose address is public and that is not
-- a private home (ListingProjection.AddressVisible at rank 0). Answers, JSON-LD and feeds are projected from the
-- content on every request and need nothing here.
UPDATE listings
SET latitude = round((content #>> '{place,latitude}')::numeric, 1)::double precision,
    longitude = round((content #>> '{place,longitude}')::numeric, 1)::double precision
WHERE content #>> '{place,latitude}' IS NOT NULL AND content #>> '{place,longitude}' IS NOT NULL
  AND NOT (content ->> 'visibility' = 'public' AND content #>> '{fieldVisibility,address}' = 'public'
           AND content #>> '{place,kind}' IS DISTINCT FROM 'private-home');

-- The listing a founded group got (InitiativeFounded), by the id of its first meeting. InitiativeFounded may be consumed
-- before FirstMeetingPlanned created the event (retries and concurrent consumers reorder messages): whichever comes
-- second gives the event to the listing.
CREATE TABLE founded_listings (
    event_id uuid PRIMARY KEY,
    listing_id uuid NOT NULL,
    office_id text NOT NULL
);

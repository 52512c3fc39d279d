-- Contact references whose owners confirmed their address with Notifications (ContactConfirmed), and erased ones
-- (ContactErased, kept as a tombstone so that a late confirmation cannot bring an erased reference back). Only what was
-- done with a confirmed reference counts: interest, membership, consent. The reference is kept as it is, not hashed:
-- Founding stores it in the clear beside every posting, interest and consent anyway, because it must name it in its
-- events to Notifications; a hash here alone would protect nothing (docs/adr/0005-contact-references.md).
CREATE TABLE confirmed_contacts (
    contact_ref uuid PRIMARY KEY,
    confirmed_at timestamptz,            -- null for a reference erased before its confirmation arrived
    erased_at timestamptz
);

-- 0006: partner event ids are unique per tenant, not across all tenants. The
-- same event id sent under another integration is another event (it was
-- answered 200 and silently dropped). Every table keyed by an event id is
-- keyed by (integration_id, event_id) from now on; the references follow.

-- References to partner_events(event_id) go first (their default names).
ALTER TABLE evidence DROP CONSTRAINT IF EXISTS evidence_event_id_fkey;
ALTER TABLE screenings DROP CONSTRAINT IF EXISTS screenings_event_id_fkey;
ALTER TABLE follow_ups DROP CONSTRAINT IF EXISTS follow_ups_event_id_fkey;

ALTER TABLE partner_events DROP CONSTRAINT partner_events_pkey;
ALTER TABLE partner_events ADD CONSTRAINT partner_events_pkey PRIMARY KEY (integration_id, event_id);

ALTER TABLE evidence DROP CONSTRAINT evidence_pkey;
ALTER TABLE evidence ADD CONSTRAINT evidence_pkey PRIMARY KEY (integration_id, event_id);
ALTER TABLE evidence ADD CONSTRAINT evidence_event_fkey FOREIGN KEY (integration_id, event_id)
  REFERENCES partner_events (integration_id, event_id) ON DELETE CASCADE;

ALTER TABLE screenings ADD CONSTRAINT screenings_event_fkey FOREIGN KEY (integration_id, event_id)
  REFERENCES partner_events (integration_id, event_id) ON DELETE CASCADE;
DROP INDEX IF EXISTS screenings_by_event;
CREATE INDEX screenings_by_event ON screenings (integration_id, event_id, created_at DESC, id DESC);

-- One follow-up round per partner event of a tenant.
ALTER TABLE follow_ups DROP CONSTRAINT IF EXISTS follow_ups_event_id_key;
ALTER TABLE follow_ups ADD CONSTRAINT follow_ups_event_key UNIQUE (integration_id, event_id);
ALTER TABLE follow_ups ADD CONSTRAINT follow_ups_event_fkey FOREIGN KEY (integration_id, event_id)
  REFERENCES partner_events (integration_id, event_id) ON DELETE CASCADE;

-- Text columns of an event never hold NUL (PostgreSQL refuses it in text; the
-- webhook answers 400 before it gets here) nor an empty id.
ALTER TABLE partner_events ADD CONSTRAINT partner_events_event_id_nonempty CHECK (event_id <> '');

-- 0003: follow-up questions. A screening that could not judge a must-have
-- may ask the candidate (follow_ups); while the round is open the screening
-- is provisional (screenings.follow_up_id). Answers are merged into the
-- evidence at screening time; an expiry or opt-out finalises the result,
-- which is stored as a new screening with its own basis.

CREATE TABLE follow_ups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  -- One round per partner event (trigger firing).
  event_id text NOT NULL UNIQUE REFERENCES partner_events(event_id) ON DELETE CASCADE,
  candidate_id bigint NOT NULL,
  job_id bigint NOT NULL,
  state text NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'sent', 'answered', 'expired', 'opted_out')),
  -- clara.followups.v1.FollowUp: questions, notice, message, answers.
  follow_up bytea NOT NULL,
  expires_at timestamptz NOT NULL,
  sent_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX follow_ups_list ON follow_ups (integration_id, state, created_at, id);
CREATE INDEX follow_ups_candidate ON follow_ups (integration_id, candidate_id);
-- The expiry sweep (every replica, every --follow_up_sweep_seconds).
CREATE INDEX follow_ups_due ON follow_ups (expires_at) WHERE state IN ('pending', 'sent');

-- The open follow-up a provisional screening waits on (NULL = final).
ALTER TABLE screenings
  ADD COLUMN follow_up_id uuid REFERENCES follow_ups(id) ON DELETE SET NULL,
  -- What the result rests on: 'engine' (the engine's verdicts), or
  -- 'follow-up-expired' / 'follow-up-opted-out' (finalised as needs_review).
  ADD COLUMN basis text NOT NULL DEFAULT 'engine';

-- A finalisation has the same evidence hashes as the provisional result it
-- closes: the basis is part of what makes a screening unique.
DO $$
DECLARE c text;
BEGIN
  SELECT conname INTO c FROM pg_constraint
   WHERE conrelid = 'screenings'::regclass AND contype = 'u';
  IF c IS NOT NULL THEN
    EXECUTE format('ALTER TABLE screenings DROP CONSTRAINT %I', c);
  END IF;
END $$;
ALTER TABLE screenings ADD CONSTRAINT screenings_unique_result
  UNIQUE (integration_id, event_id, rubric_hash, input_hash, engine_version, basis);
CREATE INDEX screenings_by_event ON screenings (event_id, created_at DESC, id DESC);

-- 0002: what the complete integration needs: job selection and sync state,
-- Map Actions and follow-up policies, disconnect with retention, human
-- decisions, a shared Teamtailor rate-limit budget, stale evidence.

ALTER TABLE integrations
  ADD COLUMN disconnected_at timestamptz,
  ADD COLUMN erase_after timestamptz,
  ADD COLUMN last_job_sync timestamptz,
  -- clara.integrations.v1.MapActionConfig
  ADD COLUMN map_actions bytea;

-- Jobs are screened only once an admin selects them.
ALTER TABLE jobs
  ALTER COLUMN selected SET DEFAULT false,
  ADD COLUMN status text NOT NULL DEFAULT '',
  -- clara.integrations.v1.RemoteJob (stages included)
  ADD COLUMN remote bytea,
  ADD COLUMN deleted_at timestamptz;

CREATE TABLE follow_up_policies (
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  -- 0 = the integration's default policy
  job_id bigint NOT NULL DEFAULT 0,
  -- clara.integrations.v1.FollowUpPolicy
  policy bytea NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (integration_id, job_id)
);

-- What a recruiter did after CLARA screened (from job_application.update).
CREATE TABLE human_decisions (
  id bigserial PRIMARY KEY,
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  candidate_id bigint NOT NULL,
  job_id bigint NOT NULL,
  application_id bigint NOT NULL,
  decision text NOT NULL CHECK (decision IN ('moved', 'rejected')),
  stage_id bigint,
  screening_id uuid REFERENCES screenings(id) ON DELETE SET NULL,
  decided_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX human_decisions_candidate ON human_decisions (integration_id, candidate_id);

-- Candidate data changed in Teamtailor since the evidence was read.
ALTER TABLE evidence ADD COLUMN stale boolean NOT NULL DEFAULT false;

-- One budget per Teamtailor API key (by SHA-256) shared by every replica:
-- each request is a row; a key may have at most `limit` rows in any window.
CREATE TABLE rate_limit_requests (
  key_hash text NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX rate_limit_requests_key_at ON rate_limit_requests (key_hash, at);

-- A 429's Retry-After, honoured by every replica.
CREATE TABLE rate_limit_blocks (
  key_hash text PRIMARY KEY,
  blocked_until timestamptz NOT NULL
);

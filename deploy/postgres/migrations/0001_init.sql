-- 0001: integrations, jobs, partner events, evidence, rubrics, screenings,
-- write-back operations and the work queue. Every table holding tenant data
-- carries integration_id.

CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE integrations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_name text NOT NULL DEFAULT '',
  region text NOT NULL DEFAULT 'eu',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disconnected')),
  -- AES-256-GCM sealed with the integration id as associated data.
  api_key_sealed bytea,
  integration_key_sealed bytea,
  -- SHA-256 (hex) of the integration key: how webhooks find their tenant.
  integration_key_hash text UNIQUE,
  connected_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE jobs (
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  job_id bigint NOT NULL,
  title text NOT NULL DEFAULT '',
  -- clara.screening.v1.Job
  job bytea NOT NULL,
  selected boolean NOT NULL DEFAULT true,
  remote_updated_at timestamptz,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (integration_id, job_id)
);

CREATE TABLE partner_events (
  event_id text PRIMARY KEY,
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  candidate_id bigint NOT NULL,
  job_id bigint,
  partner_result_id text NOT NULL,
  update_url text NOT NULL,
  -- clara.ingest.v1.PartnerEvent as received (personal data: erased with the candidate).
  event bytea NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX partner_events_candidate ON partner_events (integration_id, candidate_id);

CREATE TABLE evidence (
  event_id text PRIMARY KEY REFERENCES partner_events(event_id) ON DELETE CASCADE,
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  -- clara.ingest.v1.StoredEvidence
  evidence bytea NOT NULL,
  fetched_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rubrics (
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  job_id bigint NOT NULL,
  version integer NOT NULL,
  content_hash text NOT NULL,
  -- clara.screening.v1.Rubric; never updated once written.
  rubric bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (integration_id, job_id, version),
  UNIQUE (integration_id, job_id, content_hash)
);

CREATE TABLE screenings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  event_id text NOT NULL REFERENCES partner_events(event_id) ON DELETE CASCADE,
  candidate_id bigint NOT NULL,
  job_id bigint NOT NULL,
  rubric_version integer NOT NULL,
  rubric_hash text NOT NULL,
  input_hash text NOT NULL,
  engine_version text NOT NULL,
  score integer NOT NULL CHECK (score BETWEEN 0 AND 100),
  grade text NOT NULL,
  qualification text NOT NULL,
  -- clara.screening.v1.ScreeningResult; append-only.
  result bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (integration_id, event_id, rubric_hash, input_hash, engine_version)
);
CREATE INDEX screenings_by_job ON screenings (integration_id, job_id, created_at DESC, id DESC);
CREATE INDEX screenings_by_candidate ON screenings (integration_id, candidate_id);

CREATE TABLE writeback_operations (
  integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  screening_id uuid NOT NULL REFERENCES screenings(id) ON DELETE CASCADE,
  kind text NOT NULL,
  -- Deterministic: the same screening and kind always give the same key.
  idempotency_key text PRIMARY KEY,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed', 'skipped')),
  remote_id text,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX writeback_operations_screening ON writeback_operations (integration_id, screening_id);

CREATE TABLE work_items (
  id bigserial PRIMARY KEY,
  queue text NOT NULL,
  integration_id uuid,
  -- Unique per queue when set: enqueueing the same work twice is a no-op.
  dedupe_key text,
  payload bytea NOT NULL,
  state text NOT NULL DEFAULT 'ready' CHECK (state IN ('ready', 'running', 'done', 'dead')),
  run_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 8,
  locked_by text,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX work_items_dedupe ON work_items (queue, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX work_items_claimable ON work_items (queue, run_at, id) WHERE state IN ('ready', 'running');
CREATE INDEX work_items_integration ON work_items (integration_id);

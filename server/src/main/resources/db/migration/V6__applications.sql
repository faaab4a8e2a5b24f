-- 办件 — citizens' applications under a service's release, their materials and uploads, and the
-- events the process starts from.

-- A citizen's identity number, for prefill from the population registry (公民身份号码).
ALTER TABLE app_user ADD COLUMN id_number text CHECK (id_number ~ '^[0-9]{17}[0-9X]$');
CREATE UNIQUE INDEX app_user_id_number ON app_user (id_number) WHERE id_number IS NOT NULL;

-- Application numbers: region, day, sequence (330000-20261127-000001).
CREATE TABLE application_sequence (
  region text NOT NULL,
  day    date NOT NULL,
  last   integer NOT NULL,
  PRIMARY KEY (region, day)
);

CREATE TABLE application (
  id             text PRIMARY KEY CHECK (id ~ '^[0-9]{6}-[0-9]{8}-[0-9]{6}$'),
  region         text NOT NULL,
  service_slug   text NOT NULL,
  release_number integer NOT NULL,
  applicant      text NOT NULL REFERENCES app_user (id),
  channel        text NOT NULL CHECK (channel IN ('online', 'window', 'mobile', 'self-service')),
  data           jsonb NOT NULL,
  prefilled      jsonb NOT NULL DEFAULT '{}'::jsonb,
  status         text NOT NULL DEFAULT 'submitted',
  submitted_at   timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (region, service_slug, release_number) REFERENCES service_release (region, slug, number)
);
CREATE INDEX application_by_applicant ON application (applicant, submitted_at DESC);
CREATE INDEX application_by_service ON application (region, service_slug, submitted_at DESC);

-- Idempotency-Key: a repeat returns the first result; another body under the same key is refused.
CREATE TABLE submission_key (
  applicant      text NOT NULL REFERENCES app_user (id),
  key            text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  request_hash   text NOT NULL,
  application_id text NOT NULL REFERENCES application (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (applicant, key)
);

-- A file a citizen uploaded, stored once per owner and content.
CREATE TABLE upload (
  owner        text NOT NULL REFERENCES app_user (id),
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content_type text NOT NULL,
  size         integer NOT NULL CHECK (size > 0),
  filename     text,
  bytes        bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner, sha256)
);

-- One row per material of the release: supplied by an upload, or waived by an e-licence.
CREATE TABLE application_material (
  application_id text NOT NULL REFERENCES application (id),
  material_key   text NOT NULL,
  owner          text,
  sha256         text,
  e_licence      text,
  PRIMARY KEY (application_id, material_key),
  FOREIGN KEY (owner, sha256) REFERENCES upload (owner, sha256),
  CHECK ((sha256 IS NULL) = (owner IS NULL))
);

-- What was prefilled for a citizen from department systems, kept so that the submission uses the
-- authoritative values rather than what came back from the browser.
CREATE TABLE prefill_snapshot (
  applicant      text NOT NULL REFERENCES app_user (id),
  region         text NOT NULL,
  service_slug   text NOT NULL,
  release_number integer NOT NULL,
  values         jsonb NOT NULL,
  sources        jsonb NOT NULL,
  licences       jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (applicant, region, service_slug, release_number)
);

-- The audit trail of an application; the process starts from its 'submitted' event.
CREATE TABLE application_event (
  id             bigserial PRIMARY KEY,
  application_id text NOT NULL REFERENCES application (id),
  type           text NOT NULL,
  actor          text NOT NULL,
  payload        jsonb NOT NULL DEFAULT '{}'::jsonb,
  at             timestamptz NOT NULL DEFAULT now(),
  handled_at     timestamptz
);
CREATE INDEX application_event_by_application ON application_event (application_id, id);
CREATE INDEX application_event_unhandled ON application_event (id) WHERE handled_at IS NULL;

-- 办理过程 — the departments' process on a stored application: one instance per application,
-- its step instances (optimistic version; one per application and step), the outbox of
-- department-system calls, and ratings.

ALTER TABLE application ADD COLUMN due_date date;
-- 科室负责人: a clerk who also sees the department's overdue tasks (escalations).
ALTER TABLE app_user ADD COLUMN department_lead boolean NOT NULL DEFAULT false;
ALTER TABLE application ADD COLUMN completed_at timestamptz;

CREATE TABLE process_instance (
  application_id text PRIMARY KEY REFERENCES application (id),
  -- matter (or 'shared') → waiting | running | done | rejected | cancelled
  branches       jsonb NOT NULL,
  -- "matter#step" of the steps a route rule leaves out for this application
  skipped        jsonb NOT NULL DEFAULT '[]'::jsonb,
  status         text NOT NULL DEFAULT 'running',
  started_at     timestamptz NOT NULL DEFAULT now(),
  completed_at   timestamptz,
  version        integer NOT NULL DEFAULT 0
);

CREATE TABLE step_instance (
  id             bigserial PRIMARY KEY,
  application_id text NOT NULL REFERENCES application (id),
  region         text NOT NULL,
  branch         text NOT NULL,
  step_id        text NOT NULL,
  name           text NOT NULL,
  type           text NOT NULL,
  department     text NOT NULL,
  status         text NOT NULL CHECK (status IN ('waiting', 'active', 'claimed', 'supplement', 'done', 'skipped',
                                                 'rejected', 'cancelled')),
  automatic      boolean NOT NULL DEFAULT false,
  -- who acts on an open step: a clerk of its department, or the applicant (signing, paying)
  waits_on       text NOT NULL DEFAULT 'clerk' CHECK (waits_on IN ('clerk', 'citizen')),
  assignee       text,
  outcome        text,
  comment        text,
  due_date       date,
  activated_at   timestamptz,
  completed_at   timestamptz,
  version        integer NOT NULL DEFAULT 0,
  UNIQUE (application_id, branch, step_id)
);
CREATE INDEX step_instance_queue ON step_instance (department, status, due_date) WHERE status IN ('active', 'claimed');
CREATE INDEX step_instance_by_application ON step_instance (application_id);

-- Department-system calls the process makes (automatic verification, e-licence issuance): done
-- once each, retried with backoff, claimed with FOR UPDATE SKIP LOCKED so two servers never
-- make the same call twice at once. request_id is what the department system de-duplicates on.
CREATE TABLE outbox (
  id               bigserial PRIMARY KEY,
  application_id   text NOT NULL REFERENCES application (id),
  step_instance_id bigint NOT NULL REFERENCES step_instance (id),
  request_id       text NOT NULL UNIQUE,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';

CREATE TABLE rating (
  application_id text PRIMARY KEY REFERENCES application (id),
  region         text NOT NULL,
  service_slug   text NOT NULL,
  matters        text[] NOT NULL,
  score          integer NOT NULL CHECK (score BETWEEN 1 AND 5),
  tags           text[] NOT NULL DEFAULT '{}',
  comment        text,
  rated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rating_by_service ON rating (region, service_slug);

-- 办理过程 statements.

-- name: claimSubmitted
SELECT e.id, e.application_id FROM application_event e
 WHERE e.type = 'submitted' AND e.handled_at IS NULL
 ORDER BY e.id LIMIT 20
 FOR UPDATE SKIP LOCKED;

-- name: markHandled
UPDATE application_event SET handled_at = now() WHERE id = $1;

-- name: applicationForProcess
-- The release's content comes from ReleaseContents (read once per release), not with every application.
SELECT a.id, a.region, a.service_slug, a.release_number, a.applicant, a.data, a.status, a.submitted_at, a.due_date,
       (a.submitted_at AT TIME ZONE 'Asia/Shanghai')::date AS submitted_day
  FROM application a
 WHERE a.id = $1;

-- name: transitionView
-- What a transition reads once it holds the process lock, in one statement: the application (its
-- release's process comes from the engine's cache: releases never change), its materials still
-- missing (容缺), and all its steps, one row each (the application's columns repeated; at least one
-- row, as every started process has a step). The application is $1, or the one step $2 belongs to.
-- The application and its missing materials are read once (the CTE), not once per step row.
WITH app AS MATERIALIZED (
  SELECT a.id, a.region, a.service_slug, a.release_number, a.status,
         ARRAY(SELECT material_key FROM application_material
                WHERE application_id = a.id AND sha256 IS NULL AND e_licence IS NULL
                ORDER BY material_key) AS missing
    FROM application a
   WHERE a.id = coalesce($1, (SELECT application_id FROM step_instance WHERE id = $2)))
SELECT a.region AS app_region, a.service_slug, a.release_number, a.status AS app_status, a.missing,
       s.id, s.application_id, s.region, s.branch, s.step_id, s.name, s.type, s.department, s.status, s.automatic,
       s.waits_on, s.assignee, s.outcome, s.comment, s.due_date, s.activated_at, s.completed_at, s.version
  FROM app a
  LEFT JOIN step_instance s ON s.application_id = a.id
 ORDER BY s.id;

-- name: insertProcess
INSERT INTO process_instance (application_id, branches, skipped) VALUES ($1, $2, $3)
ON CONFLICT (application_id) DO NOTHING;

-- name: lockProcess
SELECT application_id, branches, skipped, status, version FROM process_instance
 WHERE application_id = coalesce($1, (SELECT application_id FROM step_instance WHERE id = $2)) FOR UPDATE;

-- name: updateProcess
UPDATE process_instance SET branches = $2, status = $3, completed_at = $4, version = version + 1
 WHERE application_id = $1 AND version = $5;

-- name: setApplicationStatus
UPDATE application SET status = $2, due_date = COALESCE($3, due_date), completed_at = $4 WHERE id = $1;

-- name: stepsOf
SELECT id, application_id, region, branch, step_id, name, type, department, status, automatic, waits_on, assignee,
       outcome, comment, due_date, activated_at, completed_at, version
  FROM step_instance WHERE application_id = coalesce($1, (SELECT application_id FROM step_instance WHERE id = $2))
 ORDER BY id;

-- name: insertStep
INSERT INTO step_instance (application_id, region, branch, step_id, name, type, department, status, automatic,
                           due_date, activated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $8 IN ('active', 'claimed') THEN now() END)
ON CONFLICT (application_id, branch, step_id) DO NOTHING
RETURNING id;

-- name: transitionStep
UPDATE step_instance SET status = $3, outcome = $4, comment = $5, assignee = $6,
       completed_at = CASE WHEN $3 IN ('done', 'skipped', 'rejected', 'cancelled') THEN now() END,
       activated_at = COALESCE(activated_at, CASE WHEN $3 IN ('active', 'claimed') THEN now() END),
       due_date = COALESCE($7, due_date), version = version + 1
 WHERE id = $1 AND version = $2
RETURNING version;

-- name: insertEvent
INSERT INTO application_event (application_id, type, actor, payload, handled_at) VALUES ($1, $2, $3, $4, now());

-- name: insertOutbox
INSERT INTO outbox (application_id, step_instance_id, request_id) VALUES ($1, $2, $3)
ON CONFLICT (request_id) DO NOTHING;

-- name: leaseOutbox
-- Takes due calls for 30 seconds (longer than a call with its retries); another server skips them, and takes
-- them again only if this one dies.
UPDATE outbox SET next_attempt_at = now() + interval '30 seconds'
 WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= now()
              ORDER BY next_attempt_at LIMIT 10 FOR UPDATE SKIP LOCKED)
RETURNING id, application_id, step_instance_id, request_id, attempts;

-- name: releaseOutboxLease
-- A call cut short by the database, not by the department: due again in a few seconds.
UPDATE outbox SET next_attempt_at = now() + interval '3 seconds' WHERE id = $1 AND status = 'pending';

-- name: manualAfterAll
UPDATE step_instance SET automatic = false, comment = $2, version = version + 1 WHERE id = $1 AND status = 'active';

-- name: outboxDone
UPDATE outbox SET status = 'done', attempts = attempts + 1, last_error = NULL WHERE id = $1;

-- name: outboxRetry
UPDATE outbox SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2), last_error = $3 WHERE id = $1;

-- name: outboxFailed
UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $2 WHERE id = $1;

-- name: queue
SELECT s.id, s.application_id, s.region, s.branch, s.step_id, s.name, s.type, s.department, s.status, s.assignee,
       s.due_date, s.activated_at, s.version, sv.title AS service_title, a.service_slug, a.due_date AS application_due
  FROM step_instance s
  JOIN application a ON a.id = s.application_id
  JOIN service sv ON sv.region = a.region AND sv.slug = a.service_slug
 WHERE s.department = $1 AND s.status IN ('active', 'claimed') AND NOT s.automatic AND s.waits_on = 'clerk'
   AND (s.region = $2 OR ($3 = 'province' AND left(s.region, 2) = left($2, 2))
        OR ($3 = 'city' AND left(s.region, 4) = left($2, 4)) OR $3 = 'national')
   AND ($4 = false OR s.due_date < $5)
 ORDER BY s.due_date NULLS LAST, s.id
 LIMIT 200;

-- name: stepById
SELECT id, application_id, region, branch, step_id, name, type, department, status, automatic, waits_on, assignee,
       outcome, comment, due_date, activated_at, completed_at, version
  FROM step_instance WHERE id = $1;

-- name: processOf
SELECT branches, skipped, status, started_at, completed_at FROM process_instance WHERE application_id = $1;

-- name: insertRating
INSERT INTO rating (application_id, region, service_slug, matters, score, tags, comment)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (application_id) DO NOTHING;

-- name: ratingOf
SELECT score, tags, comment, rated_at FROM rating WHERE application_id = $1;

-- name: stepsAwaitingSupplement
SELECT id, application_id, region, branch, step_id, name, type, department, status, automatic, assignee, outcome,
       comment, due_date, activated_at, completed_at, version
  FROM step_instance WHERE application_id = $1 AND status = 'supplement' ORDER BY id;

-- name: updateApplicationData
UPDATE application SET data = $2 WHERE id = $1;

-- name: waitOnCitizen
UPDATE step_instance SET waits_on = 'citizen' WHERE id = $1;

-- name: mergeApplicationData
UPDATE application SET data = data || $2 WHERE id = $1;

-- name: missingMaterials
SELECT material_key FROM application_material
 WHERE application_id = coalesce($1, (SELECT application_id FROM step_instance WHERE id = $2))
   AND sha256 IS NULL AND e_licence IS NULL ORDER BY material_key;

-- name: fillMaterial
UPDATE application_material SET owner = $3, sha256 = $4
 WHERE application_id = $1 AND material_key = $2 AND sha256 IS NULL AND e_licence IS NULL;

-- name: expiredPayments
-- Payment steps whose day has passed unpaid: they end with their second outcome (未缴纳).
SELECT id, version FROM step_instance
 WHERE type = 'pay' AND waits_on = 'citizen' AND status = 'active' AND due_date < $1
 LIMIT 50;

-- name: isLead
SELECT department_lead FROM app_user WHERE id = $1;

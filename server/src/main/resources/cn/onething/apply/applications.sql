-- 办件 statements: applications, their materials and uploads, submission keys, prefill snapshots.

-- name: publishedServices
SELECT s.slug, s.title, s.active_release, s.from_package, r.content -> 'figures' AS figures,
       r.content -> 'members' AS members
  FROM service s JOIN service_release r ON r.region = s.region AND r.slug = s.slug AND r.number = s.active_release
 WHERE s.region = $1
 ORDER BY s.title;

-- name: releaseContent
SELECT content FROM service_release WHERE region = $1 AND slug = $2 AND number = $3;

-- name: applicantIdNumber
SELECT id_number, name FROM app_user WHERE id = $1;

-- name: nextSequence
INSERT INTO application_sequence (region, day, last) VALUES ($1, $2, 1)
ON CONFLICT (region, day) DO UPDATE SET last = application_sequence.last + 1
RETURNING last;

-- name: insertApplication
INSERT INTO application (id, region, service_slug, release_number, applicant, channel, data, prefilled)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING submitted_at, status;

-- name: insertMaterial
INSERT INTO application_material (application_id, material_key, owner, sha256, e_licence)
VALUES ($1, $2, $3, $4, $5);

-- name: insertEvent
INSERT INTO application_event (application_id, type, actor, payload) VALUES ($1, $2, $3, $4);

-- name: findSubmissionKey
SELECT request_hash, application_id FROM submission_key WHERE applicant = $1 AND key = $2;

-- name: insertSubmissionKey
INSERT INTO submission_key (applicant, key, request_hash, application_id) VALUES ($1, $2, $3, $4)
ON CONFLICT (applicant, key) DO NOTHING;

-- name: lockSubmissionKey
SELECT pg_advisory_xact_lock(hashtextextended($1 || E'\n' || $2, 0));

-- name: insertUpload
INSERT INTO upload (owner, sha256, content_type, size, filename, bytes) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (owner, sha256) DO NOTHING;

-- name: ownedUploads
SELECT sha256, content_type, size, filename FROM upload WHERE owner = $1 AND sha256 = ANY ($2);

-- name: findApplication
SELECT a.id, a.region, a.service_slug, a.release_number, a.applicant, a.channel, a.data, a.prefilled, a.status,
       a.submitted_at, s.title
  FROM application a JOIN service s ON s.region = a.region AND s.slug = a.service_slug
 WHERE a.id = $1;

-- name: applicationMaterials
-- In code-point order (COLLATE "C"), as the answer to a new submission lists them, whatever the locale.
SELECT m.material_key, m.sha256, m.e_licence, u.content_type, u.size, u.filename
  FROM application_material m LEFT JOIN upload u ON u.owner = m.owner AND u.sha256 = m.sha256
 WHERE m.application_id = $1
 ORDER BY m.material_key COLLATE "C";

-- name: applicationsOf
SELECT a.id, a.region, a.service_slug, a.release_number, a.status, a.submitted_at, s.title
  FROM application a JOIN service s ON s.region = a.region AND s.slug = a.service_slug
 WHERE a.applicant = $1
 ORDER BY a.submitted_at DESC, a.id DESC
 LIMIT 200;

-- name: upsertPrefill
-- Written only when it differs from the stored snapshot or that is over an hour old (it is good for a
-- day): viewing the apply page again then inserts no row, so the statement is read-only and its
-- commit waits for no WAL flush.
INSERT INTO prefill_snapshot (applicant, region, service_slug, release_number, values, sources, licences)
SELECT $1, $2, $3, $4, $5, $6, $7
 WHERE NOT EXISTS (SELECT 1 FROM prefill_snapshot
                    WHERE applicant = $1 AND region = $2 AND service_slug = $3 AND release_number = $4
                      AND values = $5 AND sources = $6 AND licences = $7 AND created_at > now() - interval '1 hour')
ON CONFLICT (applicant, region, service_slug, release_number) DO UPDATE
  SET values = EXCLUDED.values, sources = EXCLUDED.sources, licences = EXCLUDED.licences, created_at = now();

-- name: findPrefill
SELECT values, sources, licences FROM prefill_snapshot
 WHERE applicant = $1 AND region = $2 AND service_slug = $3 AND release_number = $4
   AND created_at > now() - interval '1 day';

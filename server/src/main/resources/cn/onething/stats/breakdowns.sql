-- 运营分析 — figures grouped by a dimension (stats_application_key / stats_step_key, V10). Every
-- query reads the applications submitted in [$2, $3] (China dates; NULL = open) in the regions whose
-- code starts with $1 ('' = all; also written as a range of six-digit codes, which an index serves),
-- of one service ($4 region, $5 slug) or of all ($4 NULL); $6 is the dimension. Handling time is
-- calendar hours.

-- name: applicationsBy
WITH scoped AS (
  SELECT stats_application_key($6, a.region, a.service_slug, a.release_number, a.submitted_at) COLLATE "C" AS key,
         a.status, a.completed_at, a.due_date,
         EXTRACT(EPOCH FROM a.completed_at - a.submitted_at)::float8 / 3600 AS hours,
         a.id IN (SELECT e.application_id FROM application_event e WHERE e.type = 'supplement-requested') AS supplemented
    FROM application a
   WHERE starts_with(a.region, $1) AND a.region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
     AND ($2::date IS NULL OR a.submitted_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
     AND ($3::date IS NULL OR a.submitted_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
     AND ($4::text IS NULL OR (a.region = $4 AND a.service_slug = $5))
)
SELECT key,
       count(*) AS received,
       count(*) FILTER (WHERE status IN ('completed', 'partly-completed')) AS completed,
       count(*) FILTER (WHERE status = 'rejected') AS rejected,
       count(*) FILTER (WHERE supplemented) AS supplemented,
       count(hours) AS ended,
       avg(hours) AS mean_hours,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median_hours,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) AS p90_hours,
       count(*) FILTER (WHERE hours IS NOT NULL AND due_date IS NOT NULL) AS ended_with_due,
       count(*) FILTER (WHERE hours IS NOT NULL AND (completed_at AT TIME ZONE 'Asia/Shanghai')::date <= due_date) AS on_time
  FROM scoped
 GROUP BY key
 ORDER BY key;

-- $7 = today: steps active or claimed whose due date has passed.
-- name: overdueBy
SELECT stats_application_key($6, a.region, a.service_slug, a.release_number, a.submitted_at) COLLATE "C" AS key, count(*) AS overdue
  FROM step_instance s JOIN application a ON a.id = s.application_id
 WHERE starts_with(a.region, $1) AND a.region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($2::date IS NULL OR a.submitted_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND ($3::date IS NULL OR a.submitted_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND ($4::text IS NULL OR (a.region = $4 AND a.service_slug = $5))
   AND s.status IN ('active', 'claimed') AND s.due_date < $7
 GROUP BY 1;

-- name: ratingsBy
SELECT stats_application_key($6, a.region, a.service_slug, a.release_number, a.submitted_at) COLLATE "C" AS key,
       count(*) AS ratings, sum(r.score) AS score_sum,
       count(*) FILTER (WHERE r.score = 1) AS s1, count(*) FILTER (WHERE r.score = 2) AS s2,
       count(*) FILTER (WHERE r.score = 3) AS s3, count(*) FILTER (WHERE r.score = 4) AS s4,
       count(*) FILTER (WHERE r.score = 5) AS s5
  FROM rating r JOIN application a ON a.id = r.application_id
 WHERE starts_with(a.region, $1) AND a.region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($2::date IS NULL OR a.submitted_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND ($3::date IS NULL OR a.submitted_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND ($4::text IS NULL OR (a.region = $4 AND a.service_slug = $5))
 GROUP BY 1;

-- name: badTagsBy
SELECT stats_application_key($6, a.region, a.service_slug, a.release_number, a.submitted_at) COLLATE "C" AS key, t.tag, count(*) AS n
  FROM rating r JOIN application a ON a.id = r.application_id CROSS JOIN LATERAL unnest(r.tags) AS t (tag)
 WHERE starts_with(a.region, $1) AND a.region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($2::date IS NULL OR a.submitted_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND ($3::date IS NULL OR a.submitted_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND ($4::text IS NULL OR (a.region = $4 AND a.service_slug = $5))
   AND r.score <= 2
 GROUP BY 1, t.tag
 ORDER BY n DESC, t.tag;

-- Steps grouped by step, branch, release and step, or department ($6); $7 = today. A step is worked
-- when it ended done or rejected (skipped and cancelled steps are not); late = worked after its due
-- date (China date); overdue = open (active or claimed) past its due date now.
-- name: stepsBy
WITH scoped AS (
  SELECT stats_step_key($6, a.region, a.service_slug, a.release_number, s.branch, s.step_id, s.department) COLLATE "C" AS key,
         s.name, s.department, s.status, s.due_date, s.completed_at,
         s.status IN ('done', 'rejected') AS worked,
         CASE WHEN s.status IN ('done', 'rejected') AND s.activated_at IS NOT NULL
              THEN EXTRACT(EPOCH FROM s.completed_at - s.activated_at)::float8 / 3600 END AS hours,
         s.id::text IN (SELECT e.payload ->> 'step' FROM application_event e
                         WHERE e.type = 'supplement-requested') AS supplemented
    FROM step_instance s JOIN application a ON a.id = s.application_id
   WHERE starts_with(a.region, $1) AND a.region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
     AND ($2::date IS NULL OR a.submitted_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
     AND ($3::date IS NULL OR a.submitted_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
     AND ($4::text IS NULL OR (a.region = $4 AND a.service_slug = $5))
)
SELECT key, min(name) AS name, min(department) AS department,
       count(*) FILTER (WHERE worked) AS worked,
       count(*) FILTER (WHERE status = 'rejected') AS rejected,
       count(*) FILTER (WHERE supplemented) AS supplemented,
       count(hours) AS timed,
       avg(hours) AS mean_hours,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median_hours,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) AS p90_hours,
       count(*) FILTER (WHERE worked AND due_date IS NOT NULL) AS worked_with_due,
       count(*) FILTER (WHERE worked AND (completed_at AT TIME ZONE 'Asia/Shanghai')::date > due_date) AS late,
       count(*) FILTER (WHERE status IN ('active', 'claimed') AND due_date IS NOT NULL) AS open_with_due,
       count(*) FILTER (WHERE status IN ('active', 'claimed') AND due_date < $7) AS overdue
  FROM scoped
 GROUP BY key
 ORDER BY key;

-- A matter branch's handling time per application: from its first step's activation to its last
-- step's end, for the branches that have ended (no step waiting, open or in 补正, at least one worked).
-- name: branchHandlingBy
WITH per_application AS (
  SELECT stats_step_key('branch', a.region, a.service_slug, a.release_number, s.branch, '', '') COLLATE "C" AS key,
         EXTRACT(EPOCH FROM max(s.completed_at) FILTER (WHERE s.status IN ('done', 'rejected'))
                          - min(s.activated_at) FILTER (WHERE s.status IN ('done', 'rejected')))::float8 / 3600 AS hours
    FROM step_instance s JOIN application a ON a.id = s.application_id
   WHERE starts_with(a.region, $1) AND a.region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
     AND ($2::date IS NULL OR a.submitted_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
     AND ($3::date IS NULL OR a.submitted_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
     AND ($4::text IS NULL OR (a.region = $4 AND a.service_slug = $5))
   GROUP BY a.id, a.region, a.service_slug, a.release_number, s.branch
  HAVING count(*) FILTER (WHERE s.status IN ('waiting', 'active', 'claimed', 'supplement')) = 0
     AND count(*) FILTER (WHERE s.status IN ('done', 'rejected')) > 0
)
SELECT key, count(hours) AS ended, avg(hours) AS mean_hours,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median_hours,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) AS p90_hours
  FROM per_application
 GROUP BY key;

-- Ratings of the applications that went through a matter: a rating names the matters it is about.
-- name: branchRatingsBy
SELECT (a.region || '/' || a.service_slug || '|' || m.matter) COLLATE "C" AS key,
       count(*) AS ratings, sum(r.score) AS score_sum,
       count(*) FILTER (WHERE r.score = 1) AS s1, count(*) FILTER (WHERE r.score = 2) AS s2,
       count(*) FILTER (WHERE r.score = 3) AS s3, count(*) FILTER (WHERE r.score = 4) AS s4,
       count(*) FILTER (WHERE r.score = 5) AS s5
  FROM rating r JOIN application a ON a.id = r.application_id CROSS JOIN LATERAL unnest(r.matters) AS m (matter)
 WHERE starts_with(a.region, $1) AND a.region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($2::date IS NULL OR a.submitted_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND ($3::date IS NULL OR a.submitted_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND ($4::text IS NULL OR (a.region = $4 AND a.service_slug = $5))
 GROUP BY 1;

-- name: branchBadTagsBy
SELECT (a.region || '/' || a.service_slug || '|' || m.matter) COLLATE "C" AS key, t.tag, count(*) AS n
  FROM rating r JOIN application a ON a.id = r.application_id CROSS JOIN LATERAL unnest(r.matters) AS m (matter)
       CROSS JOIN LATERAL unnest(r.tags) AS t (tag)
 WHERE starts_with(a.region, $1) AND a.region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($2::date IS NULL OR a.submitted_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND ($3::date IS NULL OR a.submitted_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND ($4::text IS NULL OR (a.region = $4 AND a.service_slug = $5))
   AND r.score <= 2
 GROUP BY 1, t.tag
 ORDER BY n DESC, t.tag;

-- The services (published or not) in the regions $1 ('' = all), with their active release's figures
-- and process, to name rows and draw the promised limits.
-- name: servicesIn
SELECT s.region, t.name AS region_name, s.slug, s.title, s.active_release,
       r.content -> 'figures' AS figures, r.content -> 'process' AS process, r.content -> 'members' AS members
  FROM service s JOIN tenant t ON t.id = s.region
       LEFT JOIN service_release r ON r.region = s.region AND r.slug = s.slug AND r.number = s.active_release
 WHERE starts_with(s.region, $1)
 ORDER BY s.region, s.slug;

-- name: regionNames
SELECT id, name FROM tenant WHERE starts_with(id, $1) AND kind IN ('province', 'city', 'county');

-- name: releases
SELECT number, published_at, content -> 'figures' AS figures FROM service_release
 WHERE region = $1 AND slug = $2 ORDER BY number;

-- The latest bad ratings (1–2) of a service, newest first; $6 = how many.
-- name: badRatings
SELECT r.score, r.tags, r.comment, r.matters, r.rated_at, a.release_number
  FROM rating r JOIN application a ON a.id = r.application_id
 WHERE starts_with(a.region, $1) AND a.region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($2::date IS NULL OR a.submitted_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND ($3::date IS NULL OR a.submitted_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND ($4::text IS NULL OR (a.region = $4 AND a.service_slug = $5))
   AND r.score <= 2
 ORDER BY r.rated_at DESC, r.application_id DESC
 LIMIT $6;

-- Every standard template a service uses: the package it was composed from, and each member matter
-- with the version it pins; $1 = one template or NULL, $2 = one publisher or NULL.
-- name: templateUses
SELECT u.template, u.kind, u.version, s.region, t.name AS region_name, s.slug, s.title, s.active_release,
       (SELECT v.title FROM template_version v
         WHERE v.publisher = split_part(u.template, '/', 1) AND v.slug = split_part(u.template, '/', 2)
         ORDER BY v.status = 'published' DESC, v.major DESC, v.minor DESC, v.patch DESC LIMIT 1) AS template_title
  FROM service s JOIN tenant t ON t.id = s.region
       CROSS JOIN LATERAL (
         SELECT s.from_package AS template, 'package' AS kind, NULL::text AS version WHERE s.from_package IS NOT NULL
         UNION ALL
         SELECT m ->> 'template', 'matter', m ->> 'version' FROM jsonb_array_elements(s.definition -> 'members') AS m
       ) AS u
 WHERE ($1::text IS NULL OR u.template = $1)
   AND ($2::text IS NULL OR split_part(u.template, '/', 1) = $2)
 ORDER BY u.template, s.region, s.slug;

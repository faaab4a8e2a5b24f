-- 运营分析 — figures grouped by a dimension, read from the rollups (V11): rows of additive figures per
-- China-time day ('d') or month ('m') of submission. A window of days [$2, $3] is read as its whole
-- months [$4, $5) from the month rows and the rest from the day rows (stats_in_window); a trend by
-- day or week passes an empty month range. Regions whose code starts with $1 ('' = all; also
-- written as a range of six-digit codes), of one service ($6 region, $7 slug) or of all ($6 NULL).
-- Readers sum every row of a key (rows are folded, not unique): the Java side (Tally) sums them
-- and merges the handling-time histograms.

-- $8 = the dimension (stats_rollup_key).
-- name: applicationRollup
SELECT stats_rollup_key($8, region, service_slug, release_number, period) AS key,
       received, completed, rejected, supplemented, ended, handling_us, ended_with_due, on_time,
       ratings, score_sum, s1, s2, s3, s4, s5, hist
  FROM stats_application_rollup
 WHERE stats_in_window(span, period, $2, $3, $4, $5)
   AND starts_with(region, $1) AND region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($6::text IS NULL OR (region = $6 AND service_slug = $7));

-- name: badTagRollup
SELECT stats_rollup_key($8, region, service_slug, release_number, period) AS key, tag, sum(n)::bigint AS n
  FROM stats_bad_tag
 WHERE matter = '' AND stats_in_window(span, period, $2, $3, $4, $5)
   AND starts_with(region, $1) AND region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($6::text IS NULL OR (region = $6 AND service_slug = $7))
 GROUP BY 1, 2
HAVING sum(n) > 0
 ORDER BY n DESC, tag;

-- Open steps (active or claimed, with a due date) by application dimension; day rows only, over
-- [$2, $3]; $6 the dimension, $7 today.
-- name: openRollup
SELECT stats_rollup_key($6, region, service_slug, release_number, period) AS key,
       coalesce(sum(n) FILTER (WHERE due_date < $7), 0)::bigint AS overdue
  FROM stats_open_step
 WHERE period BETWEEN $2 AND $3
   AND starts_with(region, $1) AND region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($4::text IS NULL OR (region = $4 AND service_slug = $5))
 GROUP BY 1;

-- Steps grouped by step, branch, release and step, or department ($8). A step is worked when it
-- ended done or rejected (skipped and cancelled steps are not); late = worked after its due date
-- (China date).
-- name: stepRollup
SELECT stats_step_key($8, region, service_slug, release_number, branch, step_id, department) AS key, name, department,
       steps, worked, rejected, supplemented, timed, handling_us, worked_with_due, late, hist
  FROM stats_step_rollup
 WHERE stats_in_window(span, period, $2, $3, $4, $5)
   AND starts_with(region, $1) AND region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($6::text IS NULL OR (region = $6 AND service_slug = $7));

-- Open steps by step dimension ($6); $7 = today: overdue = open past its due date now.
-- name: openStepRollup
SELECT stats_step_key($6, region, service_slug, release_number, branch, step_id, department) AS key,
       sum(n)::bigint AS open_with_due, coalesce(sum(n) FILTER (WHERE due_date < $7), 0)::bigint AS overdue
  FROM stats_open_step
 WHERE period BETWEEN $2 AND $3
   AND starts_with(region, $1) AND region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($4::text IS NULL OR (region = $4 AND service_slug = $5))
 GROUP BY 1;

-- A matter branch's handling time per application: from its first step's activation to its last
-- step's end, for the branches that have ended (no step waiting, open or in 补正, at least one worked).
-- name: branchRollup
SELECT stats_step_key('branch', region, service_slug, release_number, branch, '', '') AS key,
       ended, handling_us, hist
  FROM stats_branch_rollup
 WHERE stats_in_window(span, period, $2, $3, $4, $5)
   AND starts_with(region, $1) AND region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($6::text IS NULL OR (region = $6 AND service_slug = $7));

-- Ratings of the applications that went through a matter: a rating names the matters it is about.
-- name: matterRollup
SELECT region || '/' || service_slug || '|' || matter AS key, ratings, score_sum, s1, s2, s3, s4, s5
  FROM stats_matter_rollup
 WHERE stats_in_window(span, period, $2, $3, $4, $5)
   AND starts_with(region, $1) AND region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($6::text IS NULL OR (region = $6 AND service_slug = $7));

-- name: matterBadTags
SELECT region || '/' || service_slug || '|' || matter AS key, tag, sum(n)::bigint AS n
  FROM stats_bad_tag
 WHERE matter <> '' AND stats_in_window(span, period, $2, $3, $4, $5)
   AND starts_with(region, $1) AND region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($6::text IS NULL OR (region = $6 AND service_slug = $7))
 GROUP BY 1, 2
HAVING sum(n) > 0
 ORDER BY n DESC, tag;

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

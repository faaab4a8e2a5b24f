-- 统计 — read-only figures over applications, steps, events and ratings. Every figure is about the
-- applications submitted in the window [$2, $3] (dates in China time; NULL = open), in the regions
-- whose code starts with $1 ('' = all; also written as a range of codes, which an index can serve).
-- Handling time is calendar hours.

-- name: services
SELECT s.region, s.slug, s.title, r.content -> 'figures' AS figures
  FROM service s JOIN service_release r ON r.region = s.region AND r.slug = s.slug AND r.number = s.active_release
 WHERE starts_with(s.region, $1)
 ORDER BY s.region, s.title;

-- name: applications
WITH scoped AS (
  SELECT a.region, a.service_slug, a.status, a.completed_at, a.due_date,
         EXTRACT(EPOCH FROM a.completed_at - a.submitted_at)::float8 / 3600 AS hours,
         a.id IN (SELECT e.application_id FROM application_event e WHERE e.type = 'supplement-requested') AS supplemented
    FROM application a
   WHERE starts_with(a.region, $1) AND a.region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
     AND ($2::date IS NULL OR a.submitted_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
     AND ($3::date IS NULL OR a.submitted_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
)
SELECT region, service_slug,
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
 GROUP BY region, service_slug;

-- name: overdueSteps
SELECT a.region, a.service_slug, count(*) AS overdue
  FROM step_instance s JOIN application a ON a.id = s.application_id
 WHERE starts_with(a.region, $1) AND a.region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($2::date IS NULL OR a.submitted_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND ($3::date IS NULL OR a.submitted_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND s.status IN ('active', 'claimed') AND s.due_date < $4
 GROUP BY a.region, a.service_slug;

-- name: ratings
SELECT a.region, a.service_slug, count(*) AS ratings, avg(r.score)::float8 AS mean,
       count(*) FILTER (WHERE r.score = 1) AS s1, count(*) FILTER (WHERE r.score = 2) AS s2,
       count(*) FILTER (WHERE r.score = 3) AS s3, count(*) FILTER (WHERE r.score = 4) AS s4,
       count(*) FILTER (WHERE r.score = 5) AS s5
  FROM rating r JOIN application a ON a.id = r.application_id
 WHERE starts_with(a.region, $1) AND a.region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($2::date IS NULL OR a.submitted_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND ($3::date IS NULL OR a.submitted_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
 GROUP BY a.region, a.service_slug;

-- name: badTags
SELECT a.region, a.service_slug, t.tag, count(*) AS n
  FROM rating r JOIN application a ON a.id = r.application_id CROSS JOIN LATERAL unnest(r.tags) AS t (tag)
 WHERE starts_with(a.region, $1) AND a.region BETWEEN rpad($1, 6, '0') AND rpad($1, 6, '9')
   AND ($2::date IS NULL OR a.submitted_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND ($3::date IS NULL OR a.submitted_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND r.score <= 2
 GROUP BY a.region, a.service_slug, t.tag
 ORDER BY n DESC, t.tag;

-- name: publishedService
SELECT title FROM service WHERE region = $1 AND slug = $2 AND active_release IS NOT NULL;

-- Steps of one service ($1 region, $2 slug, window $3..$4, today $5). A step counts as completed when
-- a clerk, the applicant or a system worked it to an end (done or rejected), not when it was skipped
-- or cancelled.
-- name: steps
WITH scoped AS (
  SELECT s.branch, s.step_id, s.name, s.department, s.status, s.due_date, s.completed_at,
         s.status IN ('done', 'rejected') AS worked,
         CASE WHEN s.status IN ('done', 'rejected') AND s.activated_at IS NOT NULL
              THEN EXTRACT(EPOCH FROM s.completed_at - s.activated_at)::float8 / 3600 END AS hours
    FROM step_instance s JOIN application a ON a.id = s.application_id
   WHERE a.region = $1 AND a.service_slug = $2
     AND ($3::date IS NULL OR a.submitted_at >= $3::date::timestamp AT TIME ZONE 'Asia/Shanghai')
     AND ($4::date IS NULL OR a.submitted_at < ($4::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
)
SELECT branch, step_id, min(name) AS name, min(department) AS department,
       count(*) FILTER (WHERE worked) AS completed,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median_hours,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) AS p90_hours,
       count(*) FILTER (WHERE status IN ('active', 'claimed') AND due_date < $5) AS overdue,
       count(*) FILTER (WHERE worked AND due_date IS NOT NULL) AS completed_with_due,
       count(*) FILTER (WHERE worked AND (completed_at AT TIME ZONE 'Asia/Shanghai')::date > due_date) AS late
  FROM scoped
 GROUP BY branch, step_id
 ORDER BY percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) DESC NULLS LAST, branch, step_id;

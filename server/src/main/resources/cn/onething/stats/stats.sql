-- 统计 — the services figures are about; the figures themselves come from the rollups (breakdowns.sql).

-- name: services
SELECT s.region, s.slug, s.title, r.content -> 'figures' AS figures
  FROM service s JOIN service_release r ON r.region = s.region AND r.slug = s.slug AND r.number = s.active_release
 WHERE starts_with(s.region, $1)
 ORDER BY s.region, s.title;

-- name: publishedService
SELECT title FROM service WHERE region = $1 AND slug = $2 AND active_release IS NOT NULL;

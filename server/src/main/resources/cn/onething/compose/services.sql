-- Service statements: definitions and releases.

-- name: insertService
INSERT INTO service (region, slug, title, definition, from_package, created_by, updated_by)
VALUES ($1, $2, $3, $4, $5, $6, $6)
ON CONFLICT (region, slug) DO NOTHING
RETURNING slug;

-- name: findService
SELECT region, slug, title, definition, from_package, active_release, created_by, created_at, updated_by, updated_at
  FROM service WHERE region = $1 AND slug = $2;

-- name: listServices
SELECT slug, title, from_package, active_release, updated_at FROM service WHERE region = $1 ORDER BY slug;

-- name: updateService
UPDATE service SET title = $3, definition = $4, updated_by = $5, updated_at = now()
 WHERE region = $1 AND slug = $2
RETURNING updated_at;

-- name: nextReleaseNumber
SELECT coalesce(max(number), 0) + 1 AS next FROM service_release WHERE region = $1 AND slug = $2;

-- name: insertRelease
INSERT INTO service_release (region, slug, number, content, content_hash, published_by)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: activate
UPDATE service SET active_release = $3, updated_at = now() WHERE region = $1 AND slug = $2
RETURNING active_release;

-- name: listReleases
SELECT number, content_hash, published_by, published_at, content -> 'figures' AS figures, content -> 'members' AS members
  FROM service_release WHERE region = $1 AND slug = $2 ORDER BY number;

-- name: findRelease
SELECT number, content, content_hash, published_by, published_at FROM service_release
 WHERE region = $1 AND slug = $2 AND number = $3;

-- name: servicesFromPackage
SELECT s.region, t.name AS region_name, s.slug, s.title, s.definition, s.active_release
  FROM service s JOIN tenant t ON t.id = s.region
 WHERE s.from_package = $1
 ORDER BY s.region, s.slug;

-- name: servicesUsing
SELECT s.region, t.name AS region_name, s.slug, s.title, m ->> 'version' AS version, s.active_release
  FROM service s JOIN tenant t ON t.id = s.region, jsonb_array_elements(s.definition -> 'members') m
 WHERE m ->> 'template' = $1
 ORDER BY s.region, s.slug;

-- name: activeRelease
-- Which release of the service is active, and its title (ActiveReleases keeps it between changes).
SELECT title, active_release FROM service WHERE region = $1 AND slug = $2 AND active_release IS NOT NULL;

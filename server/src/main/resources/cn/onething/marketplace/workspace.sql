-- Workspace statements: what a province installed from the catalogue, and who uses what.

-- name: install
INSERT INTO workspace_item (region, publisher, slug, version, installed_by, via_package)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (region, publisher, slug) DO UPDATE
   SET version = EXCLUDED.version, installed_by = EXCLUDED.installed_by, installed_at = now(),
       via_package = EXCLUDED.via_package
RETURNING (xmax = 0) AS created;

-- name: uninstall
DELETE FROM workspace_item WHERE region = $1 AND publisher = $2 AND slug = $3 RETURNING version;

-- name: listWorkspace
SELECT w.publisher, w.slug, w.version, w.installed_by, w.installed_at, w.via_package, t.kind, v.title, v.deprecated,
       (SELECT c.version FROM template_version c
         WHERE c.publisher = w.publisher AND c.slug = w.slug AND c.status = 'published' AND NOT c.deprecated
         ORDER BY c.major DESC, c.minor DESC, c.patch DESC LIMIT 1) AS latest
  FROM workspace_item w
  JOIN template t USING (publisher, slug)
  JOIN template_version v USING (publisher, slug, version)
 WHERE w.region = $1
 ORDER BY t.kind DESC, w.publisher, w.slug;

-- name: usage
SELECT w.version, w.region, tn.name AS region_name, tn.kind AS region_kind, w.installed_at, w.via_package
  FROM workspace_item w JOIN tenant tn ON tn.id = w.region
 WHERE w.publisher = $1 AND w.slug = $2
 ORDER BY w.version, w.region;

-- name: usageSummary
SELECT w.version, count(DISTINCT left(w.region, 2)) AS provinces
  FROM workspace_item w WHERE w.publisher = $1 AND w.slug = $2
 GROUP BY w.version ORDER BY w.version;

-- name: publisherName
SELECT name FROM tenant WHERE id = $1;

-- name: usageTotal
SELECT count(DISTINCT left(region, 2)) AS provinces FROM workspace_item WHERE publisher = $1 AND slug = $2;

-- Search statements: what the index is built from.

-- name: publishedForIndex
-- Read through a cursor in batches: packages last, since a package's document names its members.
SELECT v.publisher, v.slug, v.version, v.content, v.deprecated, v.published_at, coalesce(u.usage, 0) AS usage
  FROM template_version v
  LEFT JOIN (SELECT publisher, slug, count(DISTINCT left(region, 2)) AS usage
               FROM workspace_item GROUP BY publisher, slug) u USING (publisher, slug)
 WHERE v.status = 'published'
 ORDER BY v.content->>'kind' = 'package', v.publisher, v.slug, v.major DESC, v.minor DESC, v.patch DESC;

-- name: publishedForIndexOfOne
SELECT v.publisher, v.slug, v.version, v.content, v.deprecated, v.published_at, coalesce(u.usage, 0) AS usage
  FROM template_version v
  LEFT JOIN (SELECT publisher, slug, count(DISTINCT left(region, 2)) AS usage
               FROM workspace_item WHERE publisher = $1 AND slug = $2 GROUP BY publisher, slug) u USING (publisher, slug)
 WHERE v.status = 'published' AND v.publisher = $1 AND v.slug = $2
 ORDER BY v.major DESC, v.minor DESC, v.patch DESC;

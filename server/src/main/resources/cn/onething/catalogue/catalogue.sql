-- Catalogue statements: templates and their versions.

-- name: ensureTemplate
INSERT INTO template (publisher, slug, kind) VALUES ($1, $2, $3)
ON CONFLICT (publisher, slug) DO NOTHING;

-- name: templateKind
SELECT kind FROM template WHERE publisher = $1 AND slug = $2;

-- name: findVersion
SELECT publisher, slug, version, status, title, content, content_hash, source, created_by, created_at, updated_at,
       published_by, published_at, deprecated, deprecated_by, deprecated_at, deprecation_note
  FROM template_version WHERE publisher = $1 AND slug = $2 AND version = $3;

-- name: saveDraft
INSERT INTO template_version (publisher, slug, version, major, minor, patch, status, title, content, content_hash,
                              source, created_by)
VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $9, 'api', $10)
ON CONFLICT (publisher, slug, version) DO UPDATE
   SET title = EXCLUDED.title, content = EXCLUDED.content, content_hash = EXCLUDED.content_hash, updated_at = now()
 WHERE template_version.status = 'draft'
RETURNING (xmax = 0) AS created;

-- name: publishDraft
UPDATE template_version
   SET status = 'published', published_by = $4, published_at = now(), updated_at = now()
 WHERE publisher = $1 AND slug = $2 AND version = $3 AND status = 'draft' AND content_hash = $5
RETURNING published_at;

-- name: insertPublished
INSERT INTO template_version (publisher, slug, version, major, minor, patch, status, title, content, content_hash,
                              source, created_by, published_by, published_at)
VALUES ($1, $2, $3, $4, $5, $6, 'published', $7, $8, $9, $10, $11, $11, now())
ON CONFLICT (publisher, slug, version) DO NOTHING
RETURNING version;

-- name: deprecate
UPDATE template_version
   SET deprecated = true, deprecated_by = $4, deprecated_at = now(), deprecation_note = $5, updated_at = now()
 WHERE publisher = $1 AND slug = $2 AND version = $3 AND status = 'published' AND NOT deprecated
RETURNING deprecated_at;

-- name: listVersions
SELECT version, status, title, deprecated, deprecation_note, published_at, updated_at
  FROM template_version WHERE publisher = $1 AND slug = $2
 ORDER BY major, minor, patch;

-- name: listCurrent
SELECT DISTINCT ON (v.publisher, v.slug)
       v.publisher, v.slug, t.kind, v.version, v.title, v.deprecated, v.published_at,
       v.content -> 'summary' AS summary, v.content -> 'stages' AS stages
  FROM template_version v JOIN template t USING (publisher, slug)
 WHERE v.status = 'published' AND ($1::boolean OR NOT v.deprecated)
   AND ($2::text IS NULL OR t.kind = $2) AND ($3::text IS NULL OR v.publisher = $3)
 ORDER BY v.publisher, v.slug, v.major DESC, v.minor DESC, v.patch DESC;

-- name: allPublished
SELECT content FROM template_version WHERE status = 'published';

-- name: notifyChange
SELECT pg_notify('onething_catalogue', $1);

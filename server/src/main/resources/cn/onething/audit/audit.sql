-- 审计留痕 — the statements behind the audit trail (table in V9__audit.sql).

-- name: insert
INSERT INTO audit_event (actor, actor_name, roles, tenant, action, subject, detail, request_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);

-- name: page
-- $1 the caller's own tenant (NULL: the national platform, which sees all), $2 the region prefix it
-- encloses ('33' for a province, '3301' for a city; its own code otherwise), then the filters.
SELECT id, at, actor, actor_name, roles, tenant, action, subject, detail, request_id
  FROM audit_event
 WHERE ($1::text IS NULL OR tenant = $1 OR (tenant ~ '^[0-9]{6}$' AND starts_with(tenant, $2)))
   AND ($3::text IS NULL OR tenant = $3)
   AND ($4::text IS NULL OR action = $4 OR starts_with(action, $4 || '.'))
   AND ($5::text IS NULL OR actor = $5)
   AND ($6::text IS NULL OR subject = $6)
   AND ($7::timestamptz IS NULL OR at >= $7)
   AND ($8::timestamptz IS NULL OR at < $8)
   AND ($9::bigint IS NULL OR id < $9)
 ORDER BY id DESC
 LIMIT $10;

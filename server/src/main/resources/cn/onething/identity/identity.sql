-- Identity statements: users, tenants and departments.

-- name: findActiveUser
SELECT u.id, u.name, u.tenant_id, t.kind AS tenant_kind, u.department_code, u.roles
  FROM app_user u LEFT JOIN tenant t ON t.id = u.tenant_id
 WHERE u.id = $1 AND u.active;

-- name: listDemoUsers
SELECT u.id, u.name, u.tenant_id, t.kind AS tenant_kind, u.department_code, u.roles
  FROM app_user u LEFT JOIN tenant t ON t.id = u.tenant_id
 WHERE u.active
 ORDER BY u.roles[1], u.tenant_id NULLS LAST, u.id;

-- name: listTenants
SELECT id, kind, name, parent_id FROM tenant
 ORDER BY array_position(ARRAY['national', 'publisher', 'province', 'city', 'county'], kind), id;

-- name: findTenant
SELECT id, kind, name, parent_id FROM tenant WHERE id = $1;

-- name: listDepartments
SELECT code, name FROM department WHERE tenant_id = $1 ORDER BY code;

-- name: listTenantUsers
SELECT id, name, department_code, roles, active FROM app_user WHERE tenant_id = $1 ORDER BY id;

-- name: upsertDepartment
INSERT INTO department (tenant_id, code, name) VALUES ($1, $2, $3)
ON CONFLICT (tenant_id, code) DO UPDATE SET name = EXCLUDED.name, updated_at = now()
RETURNING code, name, (xmax = 0) AS created;

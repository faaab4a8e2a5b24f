-- 租户、部门与用户 (tenants, departments, users).
-- A tenant is the national platform, a central publisher (by slug), or a region by its
-- GB/T 2260 code. Departments live inside a tenant; users belong to a tenant and, for
-- clerks, to one of its departments. Citizens belong to no tenant.

CREATE TABLE tenant (
  id         text PRIMARY KEY,
  kind       text NOT NULL CHECK (kind IN ('national', 'publisher', 'province', 'city', 'county')),
  name       text NOT NULL CHECK (length(name) BETWEEN 2 AND 64),
  parent_id  text REFERENCES tenant (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT tenant_region_code CHECK (kind NOT IN ('province', 'city', 'county') OR id ~ '^[1-9][0-9]{5}$'),
  CONSTRAINT tenant_province_code CHECK (kind <> 'province' OR id ~ '0000$'),
  CONSTRAINT tenant_city_code CHECK (kind <> 'city' OR (id ~ '00$' AND id !~ '0000$')),
  CONSTRAINT tenant_publisher_slug CHECK (kind NOT IN ('publisher', 'national') OR id ~ '^[a-z][a-z0-9-]{1,31}$')
);

CREATE TABLE department (
  tenant_id  text NOT NULL REFERENCES tenant (id),
  code       text NOT NULL CHECK (code ~ '^[a-z][a-z0-9-]{1,39}$'),
  name       text NOT NULL CHECK (length(name) BETWEEN 2 AND 64),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, code)
);

CREATE TABLE app_user (
  id              text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,63}$'),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  tenant_id       text REFERENCES tenant (id),
  department_code text,
  roles           text[] NOT NULL,
  active          boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, department_code) REFERENCES department (tenant_id, code),
  CONSTRAINT app_user_known_roles CHECK (
    cardinality(roles) > 0 AND roles <@ ARRAY['publisher', 'admin', 'clerk', 'citizen', 'auditor']),
  CONSTRAINT app_user_clerk_has_department CHECK (NOT ('clerk' = ANY (roles)) OR department_code IS NOT NULL),
  CONSTRAINT app_user_staff_has_tenant CHECK (tenant_id IS NOT NULL OR roles = ARRAY['citizen'])
);

CREATE INDEX app_user_tenant ON app_user (tenant_id);

-- Reference data: the national platform, the central publishers, the 31 provincial-level regions.
INSERT INTO tenant (id, kind, name) VALUES
  ('national', 'national', '国家政务服务平台');

INSERT INTO tenant (id, kind, name, parent_id) VALUES
  ('mps',    'publisher', '公安部',                 'national'),
  ('nhc',    'publisher', '国家卫生健康委员会',     'national'),
  ('nhsa',   'publisher', '国家医疗保障局',         'national'),
  ('samr',   'publisher', '国家市场监督管理总局',   'national'),
  ('sta',    'publisher', '国家税务总局',           'national'),
  ('mohrss', 'publisher', '人力资源和社会保障部',   'national'),
  ('mnr',    'publisher', '自然资源部',             'national'),
  ('moe',    'publisher', '教育部',                 'national'),
  ('mohurd', 'publisher', '住房和城乡建设部',       'national'),
  ('mca',    'publisher', '民政部',                 'national'),
  ('ndrc',   'publisher', '国家发展和改革委员会',   'national'),
  ('pbc',    'publisher', '中国人民银行',           'national'),
  ('cdpf',   'publisher', '中国残疾人联合会',       'national');

INSERT INTO tenant (id, kind, name, parent_id) VALUES
  ('110000', 'province', '北京市',           'national'),
  ('120000', 'province', '天津市',           'national'),
  ('130000', 'province', '河北省',           'national'),
  ('140000', 'province', '山西省',           'national'),
  ('150000', 'province', '内蒙古自治区',     'national'),
  ('210000', 'province', '辽宁省',           'national'),
  ('220000', 'province', '吉林省',           'national'),
  ('230000', 'province', '黑龙江省',         'national'),
  ('310000', 'province', '上海市',           'national'),
  ('320000', 'province', '江苏省',           'national'),
  ('330000', 'province', '浙江省',           'national'),
  ('340000', 'province', '安徽省',           'national'),
  ('350000', 'province', '福建省',           'national'),
  ('360000', 'province', '江西省',           'national'),
  ('370000', 'province', '山东省',           'national'),
  ('410000', 'province', '河南省',           'national'),
  ('420000', 'province', '湖北省',           'national'),
  ('430000', 'province', '湖南省',           'national'),
  ('440000', 'province', '广东省',           'national'),
  ('450000', 'province', '广西壮族自治区',   'national'),
  ('460000', 'province', '海南省',           'national'),
  ('500000', 'province', '重庆市',           'national'),
  ('510000', 'province', '四川省',           'national'),
  ('520000', 'province', '贵州省',           'national'),
  ('530000', 'province', '云南省',           'national'),
  ('540000', 'province', '西藏自治区',       'national'),
  ('610000', 'province', '陕西省',           'national'),
  ('620000', 'province', '甘肃省',           'national'),
  ('630000', 'province', '青海省',           'national'),
  ('640000', 'province', '宁夏回族自治区',   'national'),
  ('650000', 'province', '新疆维吾尔自治区', 'national');

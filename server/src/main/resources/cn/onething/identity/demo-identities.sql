-- 演示身份 — demo cities, departments and users, loaded at start in dev mode only.
-- Idempotent: re-running it changes nothing (names are refreshed from this file).

INSERT INTO tenant (id, kind, name, parent_id) VALUES
  ('330100', 'city', '杭州市', '330000'),
  ('440100', 'city', '广州市', '440000'),
  ('440300', 'city', '深圳市', '440000')
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name;

INSERT INTO department (tenant_id, code, name) VALUES
  ('330000', 'data',              '浙江省大数据发展管理局'),
  ('330000', 'health',            '浙江省卫生健康委员会'),
  ('330000', 'public-security',   '浙江省公安厅'),
  ('330000', 'medical-insurance', '浙江省医疗保障局'),
  ('330000', 'hrss',              '浙江省人力资源和社会保障厅'),
  ('330000', 'market',            '浙江省市场监督管理局'),
  ('330000', 'tax',               '国家税务总局浙江省税务局'),
  ('330000', 'natural-resources', '浙江省自然资源厅'),
  ('330000', 'housing',           '浙江省住房和城乡建设厅'),
  ('330000', 'education',         '浙江省教育厅'),
  ('330000', 'civil-affairs',     '浙江省民政厅'),
  ('330000', 'disabled-persons',  '浙江省残疾人联合会'),
  ('330100', 'health',            '杭州市卫生健康委员会'),
  ('330100', 'public-security',   '杭州市公安局'),
  ('440000', 'data',              '广东省政务服务和数据管理局'),
  ('440000', 'health',            '广东省卫生健康委员会'),
  ('440000', 'public-security',   '广东省公安厅'),
  ('440000', 'medical-insurance', '广东省医疗保障局'),
  ('440000', 'hrss',              '广东省人力资源和社会保障厅'),
  ('440000', 'market',            '广东省市场监督管理局'),
  ('440000', 'tax',               '国家税务总局广东省税务局'),
  ('440000', 'natural-resources', '广东省自然资源厅'),
  ('440000', 'housing',           '广东省住房和城乡建设厅'),
  ('440000', 'education',         '广东省教育厅'),
  ('440000', 'civil-affairs',     '广东省民政厅'),
  ('440000', 'disabled-persons',  '广东省残疾人联合会')
ON CONFLICT (tenant_id, code) DO UPDATE SET name = EXCLUDED.name;

INSERT INTO app_user (id, name, tenant_id, department_code, roles) VALUES
  ('publisher-mps',    '公安部 模板发布员',                 'mps',    NULL, ARRAY['publisher']),
  ('publisher-nhc',    '国家卫生健康委员会 模板发布员',     'nhc',    NULL, ARRAY['publisher']),
  ('publisher-nhsa',   '国家医疗保障局 模板发布员',         'nhsa',   NULL, ARRAY['publisher']),
  ('publisher-samr',   '国家市场监督管理总局 模板发布员',   'samr',   NULL, ARRAY['publisher']),
  ('publisher-sta',    '国家税务总局 模板发布员',           'sta',    NULL, ARRAY['publisher']),
  ('publisher-mohrss', '人力资源和社会保障部 模板发布员',   'mohrss', NULL, ARRAY['publisher']),
  ('publisher-mnr',    '自然资源部 模板发布员',             'mnr',    NULL, ARRAY['publisher']),
  ('publisher-moe',    '教育部 模板发布员',                 'moe',    NULL, ARRAY['publisher']),
  ('publisher-mohurd', '住房和城乡建设部 模板发布员',       'mohurd', NULL, ARRAY['publisher']),
  ('publisher-mca',    '民政部 模板发布员',                 'mca',    NULL, ARRAY['publisher']),
  ('publisher-ndrc',   '国家发展和改革委员会 模板发布员',   'ndrc',   NULL, ARRAY['publisher']),
  ('publisher-pbc',    '中国人民银行 模板发布员',           'pbc',    NULL, ARRAY['publisher']),
  ('publisher-cdpf',   '中国残疾人联合会 模板发布员',       'cdpf',   NULL, ARRAY['publisher']),
  ('auditor-national', '国家政务服务平台 审计员',           'national', NULL, ARRAY['auditor']),

  ('admin-330000',     '浙江省 政务服务管理员',             '330000', 'data', ARRAY['admin']),
  ('admin-330100',     '杭州市 政务服务管理员',             '330100', NULL,   ARRAY['admin']),
  ('auditor-330000',   '浙江省 审计员',                     '330000', NULL,   ARRAY['auditor']),
  ('clerk-330000-data',              '浙江省政务服务中心 综合窗口',       '330000', 'data',              ARRAY['clerk']),
  ('clerk-330000-health',            '浙江省卫生健康委员会 审批人员',     '330000', 'health',            ARRAY['clerk']),
  ('lead-330000-health',             '浙江省卫生健康委员会 科室负责人',   '330000', 'health',            ARRAY['clerk']),
  ('clerk-330000-public-security',   '浙江省公安厅 审批人员',             '330000', 'public-security',   ARRAY['clerk']),
  ('clerk-330000-medical-insurance', '浙江省医疗保障局 审批人员',         '330000', 'medical-insurance', ARRAY['clerk']),
  ('clerk-330000-hrss',              '浙江省人力资源和社会保障厅 审批人员', '330000', 'hrss',            ARRAY['clerk']),
  ('clerk-330000-market',            '浙江省市场监督管理局 审批人员',     '330000', 'market',            ARRAY['clerk']),
  ('clerk-330000-housing',           '浙江省住房和城乡建设厅 审批人员',   '330000', 'housing',           ARRAY['clerk']),
  ('clerk-330000-tax',               '国家税务总局浙江省税务局 审批人员', '330000', 'tax',               ARRAY['clerk']),
  ('clerk-330100-health',            '杭州市卫生健康委员会 审批人员',     '330100', 'health',            ARRAY['clerk']),

  ('admin-440000',     '广东省 政务服务管理员',             '440000', 'data', ARRAY['admin']),
  ('auditor-440000',   '广东省 审计员',                     '440000', NULL,   ARRAY['auditor']),
  ('clerk-440000-health',          '广东省卫生健康委员会 审批人员',   '440000', 'health',          ARRAY['clerk']),
  ('clerk-440000-public-security', '广东省公安厅 审批人员',           '440000', 'public-security', ARRAY['clerk']),
  ('clerk-440000-market',          '广东省市场监督管理局 审批人员',   '440000', 'market',          ARRAY['clerk']),

  ('citizen-zhangwei', '张伟', NULL, NULL, ARRAY['citizen']),
  ('citizen-lina',     '李娜', NULL, NULL, ARRAY['citizen']),
  ('citizen-chenjie',  '陈杰', NULL, NULL, ARRAY['citizen'])
ON CONFLICT (id) DO UPDATE SET
  name = EXCLUDED.name, tenant_id = EXCLUDED.tenant_id,
  department_code = EXCLUDED.department_code, roles = EXCLUDED.roles;

-- The demo citizens' identity numbers: the department simulator's population registry knows them.
UPDATE app_user SET id_number = v.id_number
  FROM (VALUES ('citizen-zhangwei', '330106199003071236'),
               ('citizen-lina',     '330106199208151424'),
               ('citizen-chenjie',  '330102198511203514')) AS v (id, id_number)
 WHERE app_user.id = v.id AND app_user.id_number IS DISTINCT FROM v.id_number;

-- The health department's lead sees its overdue tasks (escalations).
UPDATE app_user SET department_lead = (id = 'lead-330000-health') WHERE id LIKE 'lead-%' OR department_lead;

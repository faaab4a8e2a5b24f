-- Central publishers whose matters the national catalogue needs beyond V1.
INSERT INTO tenant (id, kind, name, parent_id) VALUES
  ('miit', 'publisher', '工业和信息化部', 'national'),
  ('nea',  'publisher', '国家能源局',     'national'),
  ('mem',  'publisher', '应急管理部',     'national');

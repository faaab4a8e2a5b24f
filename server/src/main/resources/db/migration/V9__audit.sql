-- 审计留痕 — who changed which template, service or release, who decided which task, and who looked
-- at a full sensitive value: one row per act, written before the act is answered as done. Rows are
-- only ever added: a trigger refuses UPDATE, DELETE and TRUNCATE, whoever asks.
CREATE TABLE audit_event (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  actor_name  text,
  roles       text[] NOT NULL DEFAULT '{}',
  tenant      text NOT NULL,
  action      text NOT NULL,
  subject     text NOT NULL,
  detail      jsonb NOT NULL DEFAULT '{}',
  request_id  text
);
CREATE INDEX audit_event_tenant ON audit_event (tenant, id DESC);
CREATE INDEX audit_event_subject ON audit_event (subject, id DESC);

CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '审计记录只能追加，不能修改或删除' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();

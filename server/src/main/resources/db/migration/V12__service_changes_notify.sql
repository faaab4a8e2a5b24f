-- 服务变更通知: every process keeps which release of a service is active (and its title) in memory;
-- any change to that, from any path (publish, rollback, rename, a hand-made UPDATE), tells every
-- listening process at commit, so none serves a stale release for longer than the notification takes.
CREATE FUNCTION notify_service_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('onething_services', OLD.region || '/' || OLD.slug);
  RETURN NULL;
END $$;

CREATE TRIGGER service_changed
  AFTER UPDATE OF active_release, title OR DELETE ON service
  FOR EACH ROW EXECUTE FUNCTION notify_service_change();

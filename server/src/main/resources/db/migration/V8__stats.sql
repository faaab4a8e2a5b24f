-- 统计 — figures read from the runtime's own tables. The supplement rate asks, per application,
-- whether a 补正 was ever requested: a small partial index answers that without reading the trail.
CREATE INDEX application_event_supplement ON application_event (application_id) WHERE type = 'supplement-requested';

-- 运营分析 — what the breakdowns group by, named once so that every query of a breakdown groups
-- the same way. Plain SQL functions: PostgreSQL inlines them into the query that calls them.

-- The group of an application: all in one, its service, region, release, or the China-time day,
-- week (starting Monday) or month it was submitted in.
CREATE FUNCTION stats_application_key(dimension text, region text, slug text, release integer, submitted timestamptz)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE dimension
    WHEN 'all' THEN 'all'
    WHEN 'service' THEN region || '/' || slug
    WHEN 'region' THEN region
    WHEN 'release' THEN release::text
    WHEN 'day' THEN to_char(submitted AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')
    WHEN 'week' THEN to_char(date_trunc('week', submitted AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD')
    WHEN 'month' THEN to_char(submitted AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')
  END
$$;

-- The group of a step instance: the step or the matter branch of a service (optionally per release),
-- or the department of a region.
CREATE FUNCTION stats_step_key(dimension text, region text, slug text, release integer, branch text, step text,
                               department text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE dimension
    WHEN 'step' THEN region || '/' || slug || '|' || branch || '#' || step
    WHEN 'branch' THEN region || '/' || slug || '|' || branch
    WHEN 'release-step' THEN release::text || '|' || branch || '#' || step
    WHEN 'department' THEN region || '|' || department
  END
$$;

-- Step figures ask which steps a 补正 was requested on (the event's payload names the step): the
-- breakdowns read the step numbers of all 补正 events once, from this small partial index.
CREATE INDEX application_event_supplement_step ON application_event (((payload ->> 'step')))
  WHERE type = 'supplement-requested';

-- The figures read a few narrow columns of many applications in a window of submission dates: a
-- covering index answers them from the index alone (an index-only scan), without reading the wide
-- rows with their form data.
CREATE INDEX application_stats ON application (submitted_at)
  INCLUDE (id, region, service_slug, release_number, status, completed_at, due_date);
-- The same for a province, a city or one service: the queries also bound the region code as a
-- range (codes are six digits: 浙江 is 330000–339999), which this index serves.
CREATE INDEX application_stats_by_region ON application (region, service_slug, submitted_at)
  INCLUDE (id, release_number, status, completed_at, due_date);

-- 统计汇总 — pre-aggregated figures, so that a year of the whole country is read from a few thousand
-- rows instead of a million applications and four million steps.
--
-- Every rollup row holds additive figures (counts, sums, and a histogram of handling times packed
-- as bytes: see stats_hist) for one China-time day ('d') or month ('m') of submission and
-- one region, service and release (and step, branch, matter or tag). Triggers on application,
-- step_instance, rating and application_event append signed delta rows (delta = true) in the
-- writer's own transaction: no row is locked, nothing is ever a day behind, and a figure moves
-- exactly when its row moves (minus the old contribution, plus the new). Readers sum every row of
-- a key. stats_compact() folds the delta rows into one row per key from time to time (the server
-- does it every minute); stats_rebuild() recomputes everything from the raw rows.
--
-- Handling times are counted at a stated resolution (stats_bin): 0.1 h below 10 h, whole hours
-- from 10 h to 1,000 h, 10 h from 1,000 h; a duration is cut down to its bin. Medians and p90s are
-- percentile_cont over the durations so counted, which the histogram answers exactly. Means use the
-- exact sums (microseconds).

-- The bin of a duration (negative durations, from clock errors, count as zero; no duration, no bin).
CREATE FUNCTION stats_bin(duration interval) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN s < 36000 THEN s / 360
              WHEN s < 3600000 THEN 90 + s / 3600
              ELSE 990 + s / 36000 END::integer
    FROM (SELECT greatest(floor(EXTRACT(EPOCH FROM duration)), 0)::bigint AS s) x
$$;

CREATE FUNCTION stats_us(duration interval) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT (EXTRACT(EPOCH FROM duration) * 1000000)::bigint
$$;

CREATE FUNCTION stats_day(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (t AT TIME ZONE 'Asia/Shanghai')::date
$$;

-- A histogram of handling times is packed as bytes: (bin, count) pairs of big-endian 4-byte
-- integers (a folded row has one pair per bin that holds any, in bin order; a delta row one or two). Reading a year of the country is then a few
-- thousand short byte strings, not hundreds of thousands of array elements to encode and decode.
CREATE FUNCTION stats_hist(bin integer, n integer) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN bin IS NULL THEN '\x'::bytea ELSE int4send(bin) || int4send(n) END
$$;

CREATE FUNCTION stats_hist_entries(h bytea) RETURNS TABLE (bin integer, n integer)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT (get_byte(h, o) << 24) | (get_byte(h, o + 1) << 16) | (get_byte(h, o + 2) << 8) | get_byte(h, o + 3),
         (get_byte(h, o + 4) << 24) | (get_byte(h, o + 5) << 16) | (get_byte(h, o + 6) << 8) | get_byte(h, o + 7)
    FROM generate_series(0, length(h) - 8, 8) AS o
$$;

-- The key of a rollup row for a breakdown by application dimension (see stats_application_key, V10:
-- the same keys, from the submission day instead of the submission time). STABLE like to_char, so
-- that PostgreSQL inlines it (an IMMUTABLE function calling a STABLE one is called row by row).
CREATE FUNCTION stats_rollup_key(dimension text, region text, slug text, release integer, period date)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE dimension
    WHEN 'all' THEN 'all'
    WHEN 'service' THEN region || '/' || slug
    WHEN 'region' THEN region
    WHEN 'release' THEN release::text
    WHEN 'day' THEN to_char(period, 'YYYY-MM-DD')
    WHEN 'week' THEN to_char(period - (EXTRACT(ISODOW FROM period)::integer - 1), 'YYYY-MM-DD')
    WHEN 'month' THEN to_char(period, 'YYYY-MM')
  END
$$;

-- Whether a rollup row falls in a window of days [day_from, day_to] read as whole months
-- [month_from, month_to) from the month rows and the rest from the day rows.
CREATE FUNCTION stats_in_window(span text, period date, day_from date, day_to date, month_from date, month_to date)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (span = 'm' AND period >= month_from AND period < month_to)
      OR (span = 'd' AND period BETWEEN day_from AND day_to AND NOT (period >= month_from AND period < month_to))
$$;

-- --- the rollups ------------------------------------------------------------------------------

-- Applications by submission day: what happened to them, and their ratings.
CREATE TABLE stats_application_rollup (
  span           text NOT NULL CHECK (span IN ('d', 'm')),
  period         date NOT NULL,
  region         text NOT NULL,
  service_slug   text NOT NULL,
  release_number integer NOT NULL,
  delta          boolean NOT NULL DEFAULT true,
  received       bigint NOT NULL DEFAULT 0,
  completed      bigint NOT NULL DEFAULT 0,
  rejected       bigint NOT NULL DEFAULT 0,
  supplemented   bigint NOT NULL DEFAULT 0,
  ended          bigint NOT NULL DEFAULT 0,
  handling_us    bigint NOT NULL DEFAULT 0,
  ended_with_due bigint NOT NULL DEFAULT 0,
  on_time        bigint NOT NULL DEFAULT 0,
  ratings        bigint NOT NULL DEFAULT 0,
  score_sum      bigint NOT NULL DEFAULT 0,
  s1 bigint NOT NULL DEFAULT 0, s2 bigint NOT NULL DEFAULT 0, s3 bigint NOT NULL DEFAULT 0,
  s4 bigint NOT NULL DEFAULT 0, s5 bigint NOT NULL DEFAULT 0,
  hist           bytea NOT NULL DEFAULT '\x'
);
CREATE INDEX stats_application_rollup_period ON stats_application_rollup (span, period);
CREATE INDEX stats_application_rollup_delta ON stats_application_rollup (period) WHERE delta;

-- Steps by the submission day of their application.
CREATE TABLE stats_step_rollup (
  span            text NOT NULL CHECK (span IN ('d', 'm')),
  period          date NOT NULL,
  region          text NOT NULL,
  service_slug    text NOT NULL,
  release_number  integer NOT NULL,
  branch          text NOT NULL,
  step_id         text NOT NULL,
  department      text NOT NULL,
  name            text NOT NULL,
  delta           boolean NOT NULL DEFAULT true,
  steps           bigint NOT NULL DEFAULT 0,
  worked          bigint NOT NULL DEFAULT 0,
  rejected        bigint NOT NULL DEFAULT 0,
  supplemented    bigint NOT NULL DEFAULT 0,
  timed           bigint NOT NULL DEFAULT 0,
  handling_us     bigint NOT NULL DEFAULT 0,
  worked_with_due bigint NOT NULL DEFAULT 0,
  late            bigint NOT NULL DEFAULT 0,
  hist            bytea NOT NULL DEFAULT '\x'
);
CREATE INDEX stats_step_rollup_period ON stats_step_rollup (span, period);
CREATE INDEX stats_step_rollup_delta ON stats_step_rollup (period) WHERE delta;

-- Open steps (active or claimed) with a due date, by due date: overdue now = due before today.
CREATE TABLE stats_open_step (
  period         date NOT NULL,
  region         text NOT NULL,
  service_slug   text NOT NULL,
  release_number integer NOT NULL,
  branch         text NOT NULL,
  step_id        text NOT NULL,
  department     text NOT NULL,
  due_date       date NOT NULL,
  delta          boolean NOT NULL DEFAULT true,
  n              bigint NOT NULL DEFAULT 0
);
CREATE INDEX stats_open_step_period ON stats_open_step (period);
CREATE INDEX stats_open_step_delta ON stats_open_step (period) WHERE delta;

-- Matter branches that have ended, one per application and branch.
CREATE TABLE stats_branch_rollup (
  span           text NOT NULL CHECK (span IN ('d', 'm')),
  period         date NOT NULL,
  region         text NOT NULL,
  service_slug   text NOT NULL,
  release_number integer NOT NULL,
  branch         text NOT NULL,
  delta          boolean NOT NULL DEFAULT true,
  ended          bigint NOT NULL DEFAULT 0,
  handling_us    bigint NOT NULL DEFAULT 0,
  hist           bytea NOT NULL DEFAULT '\x'
);
CREATE INDEX stats_branch_rollup_period ON stats_branch_rollup (span, period);
CREATE INDEX stats_branch_rollup_delta ON stats_branch_rollup (period) WHERE delta;

-- Ratings per matter they name.
CREATE TABLE stats_matter_rollup (
  span           text NOT NULL CHECK (span IN ('d', 'm')),
  period         date NOT NULL,
  region         text NOT NULL,
  service_slug   text NOT NULL,
  release_number integer NOT NULL,
  matter         text NOT NULL,
  delta          boolean NOT NULL DEFAULT true,
  ratings        bigint NOT NULL DEFAULT 0,
  score_sum      bigint NOT NULL DEFAULT 0,
  s1 bigint NOT NULL DEFAULT 0, s2 bigint NOT NULL DEFAULT 0, s3 bigint NOT NULL DEFAULT 0,
  s4 bigint NOT NULL DEFAULT 0, s5 bigint NOT NULL DEFAULT 0
);
CREATE INDEX stats_matter_rollup_period ON stats_matter_rollup (span, period);
CREATE INDEX stats_matter_rollup_delta ON stats_matter_rollup (period) WHERE delta;

-- Tags of bad ratings (1–2), per application (matter = '') and per matter the rating names.
CREATE TABLE stats_bad_tag (
  span           text NOT NULL CHECK (span IN ('d', 'm')),
  period         date NOT NULL,
  region         text NOT NULL,
  service_slug   text NOT NULL,
  release_number integer NOT NULL,
  matter         text NOT NULL,
  tag            text NOT NULL,
  delta          boolean NOT NULL DEFAULT true,
  n              bigint NOT NULL DEFAULT 0
);
CREATE INDEX stats_bad_tag_period ON stats_bad_tag (span, period);
CREATE INDEX stats_bad_tag_delta ON stats_bad_tag (period) WHERE delta;

-- Rollup tables churn (every fold deletes and re-inserts the rows of a key, every rolled-back
-- writer leaves dead delta rows) and are small, so vacuum them after a few thousand dead rows,
-- not after PostgreSQL's default fifth of the table: with ten dead rows to a live one, reading a
-- year of the country took twice as long.
ALTER TABLE stats_application_rollup SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 2000);
ALTER TABLE stats_step_rollup SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 2000);
ALTER TABLE stats_open_step SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 2000);
ALTER TABLE stats_branch_rollup SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 2000);
ALTER TABLE stats_matter_rollup SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 2000);
ALTER TABLE stats_bad_tag SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 2000);

-- What the rollups have counted, so that a change is counted once: the applications and steps a
-- 补正 was requested on (the unique key settles two requests at once), and each ended matter
-- branch's handling time.
CREATE TABLE stats_supplemented_application (application_id text PRIMARY KEY);
CREATE TABLE stats_supplemented_step (step text PRIMARY KEY);
CREATE TABLE stats_branch_state (
  application_id text NOT NULL,
  branch         text NOT NULL,
  handling_us    bigint NOT NULL,
  PRIMARY KEY (application_id, branch)
);

-- --- facts of one row ---------------------------------------------------------------------------

CREATE FUNCTION stats_application_facts(status text, submitted_at timestamptz, completed_at timestamptz, due_date date)
RETURNS TABLE (day date, completed integer, rejected integer, ended integer, handling_us bigint, bin integer,
               ended_with_due integer, on_time integer)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT stats_day(submitted_at),
         (status IN ('completed', 'partly-completed'))::integer,
         (status = 'rejected')::integer,
         (completed_at IS NOT NULL)::integer,
         stats_us(completed_at - submitted_at),
         stats_bin(completed_at - submitted_at),
         (completed_at IS NOT NULL AND due_date IS NOT NULL)::integer,
         coalesce(stats_day(completed_at) <= due_date, false)::integer
$$;

-- A step is worked when it ended done or rejected; timed when worked with both times known.
CREATE FUNCTION stats_step_facts(status text, due_date date, activated_at timestamptz, completed_at timestamptz)
RETURNS TABLE (worked integer, rejected integer, timed integer, handling_us bigint, bin integer,
               worked_with_due integer, late integer, open_due boolean)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (w)::integer, (status = 'rejected')::integer, (t)::integer,
         CASE WHEN t THEN stats_us(completed_at - activated_at) END,
         CASE WHEN t THEN stats_bin(completed_at - activated_at) END,
         (w AND due_date IS NOT NULL)::integer,
         coalesce(w AND stats_day(completed_at) > due_date, false)::integer,
         status IN ('active', 'claimed') AND due_date IS NOT NULL
    FROM (SELECT status IN ('done', 'rejected') AS w,
                 status IN ('done', 'rejected') AND activated_at IS NOT NULL AND completed_at IS NOT NULL AS t) x
$$;

-- A matter branch's handling time in an application: first activation to last end of its worked
-- steps, once no step is waiting, open or in 补正 and one at least was worked; NULL otherwise.
CREATE FUNCTION stats_branch_us(app text, matter text) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN count(*) FILTER (WHERE status IN ('waiting', 'active', 'claimed', 'supplement')) = 0
               AND count(*) FILTER (WHERE status IN ('done', 'rejected')) > 0
              THEN stats_us(max(completed_at) FILTER (WHERE status IN ('done', 'rejected'))
                          - min(activated_at) FILTER (WHERE status IN ('done', 'rejected'))) END
    FROM step_instance WHERE application_id = app AND branch = matter
$$;

-- --- deltas -------------------------------------------------------------------------------------

-- The application side of one application: sign +1 to add it, -1 to take it away.
CREATE FUNCTION stats_put_application(a application, sign integer, supplemented integer) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO stats_application_rollup (span, period, region, service_slug, release_number, received, completed,
         rejected, supplemented, ended, handling_us, ended_with_due, on_time, hist)
  SELECT s.span, CASE s.span WHEN 'd' THEN f.day ELSE date_trunc('month', f.day)::date END, a.region,
         a.service_slug, a.release_number, sign, sign * f.completed, sign * f.rejected, sign * supplemented,
         sign * f.ended, sign * coalesce(f.handling_us, 0), sign * f.ended_with_due, sign * f.on_time,
         stats_hist(f.bin, sign)
    FROM stats_application_facts(a.status, a.submitted_at, a.completed_at, a.due_date) f
   CROSS JOIN (VALUES ('d'), ('m')) AS s (span)
$$;

CREATE FUNCTION stats_put_step(a application, st step_instance, sign integer, supplemented integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  f record;
  day date := stats_day(a.submitted_at);
BEGIN
  SELECT * INTO f FROM stats_step_facts(st.status, st.due_date, st.activated_at, st.completed_at);
  INSERT INTO stats_step_rollup (span, period, region, service_slug, release_number, branch, step_id, department,
         name, steps, worked, rejected, supplemented, timed, handling_us, worked_with_due, late, hist)
  SELECT s.span, CASE s.span WHEN 'd' THEN day ELSE date_trunc('month', day)::date END, a.region, a.service_slug,
         a.release_number, st.branch, st.step_id, st.department, st.name, sign, sign * f.worked, sign * f.rejected,
         sign * supplemented, sign * f.timed, sign * coalesce(f.handling_us, 0), sign * f.worked_with_due,
         sign * f.late, stats_hist(f.bin, sign)
    FROM (VALUES ('d'), ('m')) AS s (span);
  IF f.open_due THEN
    INSERT INTO stats_open_step (period, region, service_slug, release_number, branch, step_id, department, due_date, n)
    VALUES (day, a.region, a.service_slug, a.release_number, st.branch, st.step_id, st.department, st.due_date, sign);
  END IF;
END
$$;

-- A 补正 request counted on an application (st NULL) or on one of its steps, or no longer.
CREATE FUNCTION stats_put_supplemented(a application, st step_instance, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  day date := stats_day(a.submitted_at);
BEGIN
  IF st IS NULL THEN
    INSERT INTO stats_application_rollup (span, period, region, service_slug, release_number, supplemented)
    SELECT s.span, CASE s.span WHEN 'd' THEN day ELSE date_trunc('month', day)::date END, a.region, a.service_slug,
           a.release_number, sign
      FROM (VALUES ('d'), ('m')) AS s (span);
  ELSE
    INSERT INTO stats_step_rollup (span, period, region, service_slug, release_number, branch, step_id, department,
           name, supplemented)
    SELECT s.span, CASE s.span WHEN 'd' THEN day ELSE date_trunc('month', day)::date END, a.region, a.service_slug,
           a.release_number, st.branch, st.step_id, st.department, st.name, sign
      FROM (VALUES ('d'), ('m')) AS s (span);
  END IF;
END
$$;

CREATE FUNCTION stats_put_rating(a application, r rating, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  day date := stats_day(a.submitted_at);
BEGIN
  INSERT INTO stats_application_rollup (span, period, region, service_slug, release_number, ratings, score_sum,
         s1, s2, s3, s4, s5)
  SELECT s.span, CASE s.span WHEN 'd' THEN day ELSE date_trunc('month', day)::date END, a.region, a.service_slug,
         a.release_number, sign, sign * r.score, sign * (r.score = 1)::integer, sign * (r.score = 2)::integer,
         sign * (r.score = 3)::integer, sign * (r.score = 4)::integer, sign * (r.score = 5)::integer
    FROM (VALUES ('d'), ('m')) AS s (span);
  INSERT INTO stats_matter_rollup (span, period, region, service_slug, release_number, matter, ratings, score_sum,
         s1, s2, s3, s4, s5)
  SELECT s.span, CASE s.span WHEN 'd' THEN day ELSE date_trunc('month', day)::date END, a.region, a.service_slug,
         a.release_number, m.matter, sign, sign * r.score, sign * (r.score = 1)::integer, sign * (r.score = 2)::integer,
         sign * (r.score = 3)::integer, sign * (r.score = 4)::integer, sign * (r.score = 5)::integer
    FROM (VALUES ('d'), ('m')) AS s (span) CROSS JOIN unnest(r.matters) AS m (matter);
  IF r.score <= 2 THEN
    INSERT INTO stats_bad_tag (span, period, region, service_slug, release_number, matter, tag, n)
    SELECT s.span, CASE s.span WHEN 'd' THEN day ELSE date_trunc('month', day)::date END, a.region, a.service_slug,
           a.release_number, m.matter, t.tag, sign
      FROM (VALUES ('d'), ('m')) AS s (span)
     CROSS JOIN (SELECT '' AS matter UNION ALL SELECT unnest(r.matters)) AS m
     CROSS JOIN unnest(r.tags) AS t (tag);
  END IF;
END
$$;

CREATE FUNCTION stats_put_branch(a application, matter text, us bigint, sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO stats_branch_rollup (span, period, region, service_slug, release_number, branch, ended, handling_us,
         hist)
  SELECT s.span, CASE s.span WHEN 'd' THEN d.day ELSE date_trunc('month', d.day)::date END, a.region, a.service_slug,
         a.release_number, matter, sign, sign * us, stats_hist(stats_bin(us * interval '1 microsecond'), sign)
    FROM (VALUES ('d'), ('m')) AS s (span) CROSS JOIN (SELECT stats_day(a.submitted_at) AS day) d
$$;

-- Brings a matter branch's counted handling time in line with its steps. Serialised per branch
-- (a transaction-level advisory lock), and the steps read after the lock, so that two transactions
-- ending the last two steps at once count the branch once.
CREATE FUNCTION stats_refresh_branch(a application, matter text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  counted bigint;
  now_us bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('stats_branch|' || a.id || '|' || matter, 0));
  SELECT handling_us INTO counted FROM stats_branch_state WHERE application_id = a.id AND branch = matter;
  now_us := stats_branch_us(a.id, matter);
  IF counted IS NOT DISTINCT FROM now_us THEN
    RETURN;
  END IF;
  IF counted IS NOT NULL THEN
    PERFORM stats_put_branch(a, matter, counted, -1);
    DELETE FROM stats_branch_state WHERE application_id = a.id AND branch = matter;
  END IF;
  IF now_us IS NOT NULL THEN
    PERFORM stats_put_branch(a, matter, now_us, 1);
    INSERT INTO stats_branch_state (application_id, branch, handling_us) VALUES (a.id, matter, now_us);
  END IF;
END
$$;

-- --- triggers -----------------------------------------------------------------------------------
-- An application's region, service, release and submission time are fixed once it is submitted:
-- its steps and rating are counted under them.

CREATE FUNCTION stats_application_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sup integer;
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.status, OLD.submitted_at, OLD.completed_at, OLD.due_date, OLD.region,
      OLD.service_slug, OLD.release_number) IS NOT DISTINCT FROM (NEW.status, NEW.submitted_at, NEW.completed_at,
      NEW.due_date, NEW.region, NEW.service_slug, NEW.release_number) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    sup := (EXISTS (SELECT 1 FROM stats_supplemented_application WHERE application_id = OLD.id))::integer;
    PERFORM stats_put_application(OLD, -1, sup);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    sup := (EXISTS (SELECT 1 FROM stats_supplemented_application WHERE application_id = NEW.id))::integer;
    PERFORM stats_put_application(NEW, 1, sup);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER stats_application AFTER INSERT OR UPDATE OR DELETE ON application
  FOR EACH ROW EXECUTE FUNCTION stats_application_changed();

CREATE FUNCTION stats_step_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a application;
  sup integer;
  o record;
  n record;
  day date;
  old_open boolean := TG_OP <> 'INSERT' AND OLD.status IN ('active', 'claimed') AND OLD.due_date IS NOT NULL;
  new_open boolean := TG_OP <> 'DELETE' AND NEW.status IN ('active', 'claimed') AND NEW.due_date IS NOT NULL;
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.application_id, OLD.branch, OLD.step_id, OLD.name, OLD.department, OLD.status,
      OLD.due_date, OLD.activated_at, OLD.completed_at) IS NOT DISTINCT FROM (NEW.application_id, NEW.branch,
      NEW.step_id, NEW.name, NEW.department, NEW.status, NEW.due_date, NEW.activated_at, NEW.completed_at) THEN
    RETURN NULL;
  END IF;
  -- The common case, a step moving on (activated, claimed, done): one delta row per span with the
  -- difference, and only what changed.
  IF TG_OP = 'UPDATE' AND (OLD.id, OLD.application_id, OLD.branch, OLD.step_id, OLD.name, OLD.department)
      = (NEW.id, NEW.application_id, NEW.branch, NEW.step_id, NEW.name, NEW.department) THEN
    -- Nothing moves when the step stays unworked, stays open with the same due date or not open,
    -- and its branch cannot move (a claim, 补正 and back, waiting to skipped): no query at all.
    IF OLD.status NOT IN ('done', 'rejected') AND NEW.status NOT IN ('done', 'rejected')
        AND old_open = new_open AND (NOT old_open OR OLD.due_date = NEW.due_date)
        AND ((OLD.status IN ('waiting', 'active', 'claimed', 'supplement')
              AND NEW.status IN ('waiting', 'active', 'claimed', 'supplement'))
          OR (OLD.status IN ('skipped', 'cancelled') AND NEW.status IN ('skipped', 'cancelled'))) THEN
      RETURN NULL;
    END IF;
    SELECT * INTO a FROM application WHERE id = NEW.application_id;
    IF NOT FOUND THEN
      RETURN NULL;
    END IF;
    day := stats_day(a.submitted_at);
    -- A step that is not worked before or after counts nothing in the step rollup.
    IF OLD.status IN ('done', 'rejected') OR NEW.status IN ('done', 'rejected') THEN
      SELECT * INTO o FROM stats_step_facts(OLD.status, OLD.due_date, OLD.activated_at, OLD.completed_at);
      SELECT * INTO n FROM stats_step_facts(NEW.status, NEW.due_date, NEW.activated_at, NEW.completed_at);
      IF (o.worked, o.rejected, o.timed, o.handling_us, o.bin, o.worked_with_due, o.late)
          IS DISTINCT FROM (n.worked, n.rejected, n.timed, n.handling_us, n.bin, n.worked_with_due, n.late) THEN
        INSERT INTO stats_step_rollup (span, period, region, service_slug, release_number, branch, step_id, department,
               name, worked, rejected, timed, handling_us, worked_with_due, late, hist)
        SELECT s.span, CASE s.span WHEN 'd' THEN day ELSE date_trunc('month', day)::date END, a.region, a.service_slug,
               a.release_number, NEW.branch, NEW.step_id, NEW.department, NEW.name, n.worked - o.worked,
               n.rejected - o.rejected, n.timed - o.timed, coalesce(n.handling_us, 0) - coalesce(o.handling_us, 0),
               n.worked_with_due - o.worked_with_due, n.late - o.late,
               CASE WHEN o.bin IS NOT DISTINCT FROM n.bin THEN '\x'::bytea
                    ELSE stats_hist(o.bin, -1) || stats_hist(n.bin, 1) END
          FROM (VALUES ('d'), ('m')) AS s (span);
      END IF;
    END IF;
    IF (old_open OR new_open) AND NOT (old_open AND new_open AND OLD.due_date = NEW.due_date) THEN
      INSERT INTO stats_open_step (period, region, service_slug, release_number, branch, step_id, department,
             due_date, n)
      SELECT day, a.region, a.service_slug, a.release_number, NEW.branch, NEW.step_id, NEW.department, d.due, d.sign
        FROM (VALUES (OLD.due_date, -1, old_open), (NEW.due_date, 1, new_open)) AS d (due, sign, open)
       WHERE d.open;
    END IF;
    -- A branch's figure moves only when this step is or was worked, or when it leaves or enters the
    -- states that keep a branch open (waiting, active, claimed, 补正).
    IF NOT ((OLD.status IN ('waiting', 'active', 'claimed', 'supplement')
             AND NEW.status IN ('waiting', 'active', 'claimed', 'supplement'))
         OR (OLD.status IN ('skipped', 'cancelled') AND NEW.status IN ('skipped', 'cancelled'))) THEN
      PERFORM stats_refresh_branch(a, NEW.branch);
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT * INTO a FROM application WHERE id = OLD.application_id;
    IF FOUND THEN
      sup := (EXISTS (SELECT 1 FROM stats_supplemented_step WHERE step = OLD.id::text))::integer;
      PERFORM stats_put_step(a, OLD, -1, sup);
      PERFORM stats_refresh_branch(a, OLD.branch);
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT * INTO a FROM application WHERE id = NEW.application_id;
    IF FOUND THEN
      sup := (EXISTS (SELECT 1 FROM stats_supplemented_step WHERE step = NEW.id::text))::integer;
      PERFORM stats_put_step(a, NEW, 1, sup);
      IF TG_OP = 'INSERT' OR NEW.branch <> OLD.branch OR NEW.application_id <> OLD.application_id THEN
        PERFORM stats_refresh_branch(a, NEW.branch);
      END IF;
    END IF;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER stats_step AFTER INSERT OR UPDATE OR DELETE ON step_instance
  FOR EACH ROW EXECUTE FUNCTION stats_step_changed();

CREATE FUNCTION stats_rating_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a application;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT * INTO a FROM application WHERE id = OLD.application_id;
    IF FOUND THEN
      PERFORM stats_put_rating(a, OLD, -1);
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT * INTO a FROM application WHERE id = NEW.application_id;
    IF FOUND THEN
      PERFORM stats_put_rating(a, NEW, 1);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER stats_rating AFTER INSERT OR UPDATE OR DELETE ON rating
  FOR EACH ROW EXECUTE FUNCTION stats_rating_changed();

-- A 补正 request marks its application and the step its payload names, the first time only.
CREATE FUNCTION stats_supplement_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a application;
  st step_instance;
  n integer;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.type = 'supplement-requested' THEN
    IF NOT EXISTS (SELECT 1 FROM application_event WHERE application_id = OLD.application_id
                      AND type = 'supplement-requested') THEN
      DELETE FROM stats_supplemented_application WHERE application_id = OLD.application_id;
      GET DIAGNOSTICS n = ROW_COUNT;
      SELECT * INTO a FROM application WHERE id = OLD.application_id;
      IF n > 0 AND FOUND THEN
        PERFORM stats_put_supplemented(a, NULL, -1);
      END IF;
    END IF;
    IF OLD.payload ->> 'step' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM application_event
        WHERE type = 'supplement-requested' AND payload ->> 'step' = OLD.payload ->> 'step') THEN
      DELETE FROM stats_supplemented_step WHERE step = OLD.payload ->> 'step';
      GET DIAGNOSTICS n = ROW_COUNT;
      SELECT * INTO st FROM step_instance WHERE id::text = OLD.payload ->> 'step';
      IF n > 0 AND FOUND THEN
        SELECT * INTO a FROM application WHERE id = st.application_id;
        IF FOUND THEN
          PERFORM stats_put_supplemented(a, st, -1);
        END IF;
      END IF;
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.type = 'supplement-requested' THEN
    INSERT INTO stats_supplemented_application VALUES (NEW.application_id) ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN
      SELECT * INTO a FROM application WHERE id = NEW.application_id;
      IF FOUND THEN
        PERFORM stats_put_supplemented(a, NULL, 1);
      END IF;
    END IF;
    IF NEW.payload ->> 'step' IS NOT NULL THEN
      INSERT INTO stats_supplemented_step VALUES (NEW.payload ->> 'step') ON CONFLICT DO NOTHING;
      GET DIAGNOSTICS n = ROW_COUNT;
      IF n > 0 THEN
        SELECT * INTO st FROM step_instance WHERE id::text = NEW.payload ->> 'step';
        IF FOUND THEN
          SELECT * INTO a FROM application WHERE id = st.application_id;
          IF FOUND THEN
            PERFORM stats_put_supplemented(a, st, 1);
          END IF;
        END IF;
      END IF;
    END IF;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER stats_supplement AFTER INSERT OR DELETE OR UPDATE OF type, application_id, payload ON application_event
  FOR EACH ROW EXECUTE FUNCTION stats_supplement_changed();

-- --- folding and rebuilding ---------------------------------------------------------------------

-- Folds the rows of every key that has delta rows into one row: deletes them and inserts their
-- sums, in one statement. Rows a writer adds meanwhile are not in the statement's snapshot, so
-- they are neither deleted nor summed: nothing is lost or counted twice, and two folds at once
-- only fold what each deleted.
CREATE FUNCTION stats_fold(tbl text, keys text[], sums text[], hist boolean) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  k text := array_to_string(keys, ', ');
  tk text := array_to_string(ARRAY(SELECT 't.' || x FROM unnest(keys) x), ', ');
  dk text := array_to_string(ARRAY(SELECT 'd.' || x FROM unnest(keys) x), ', ');
  gk text := array_to_string(ARRAY(SELECT 'g.' || x FROM unnest(keys) x), ', ');
  s text := array_to_string(sums, ', ');
  ss text := array_to_string(ARRAY(SELECT format('sum(%1$s)::bigint AS %1$s', x) FROM unnest(sums) x), ', ');
  gs text := array_to_string(ARRAY(SELECT 'g.' || x FROM unnest(sums) x), ', ');
  folded bigint;
BEGIN
  EXECUTE format($q$
    WITH gone AS (
      DELETE FROM %1$s t USING (SELECT DISTINCT %2$s FROM %1$s WHERE delta) d
       WHERE (%3$s) = (%4$s)
      RETURNING t.*
    ), g AS (
      SELECT %2$s, %6$s FROM gone GROUP BY %2$s
    )%9$s
    INSERT INTO %1$s (%2$s, delta, %5$s%10$s)
    SELECT %7$s, false, %8$s%11$s FROM g%12$s
  $q$, tbl, k, tk, dk, s, ss, gk, gs,
    CASE WHEN hist THEN format($h$, h AS (
      SELECT %1$s, u.bin, sum(u.n)::integer AS n FROM gone CROSS JOIN LATERAL stats_hist_entries(gone.hist) AS u
       GROUP BY %1$s, u.bin HAVING sum(u.n) <> 0
    ), ha AS (
      SELECT %1$s, string_agg(stats_hist(bin, n), ''::bytea ORDER BY bin) AS hist FROM h GROUP BY %1$s
    )$h$, k) ELSE '' END,
    CASE WHEN hist THEN ', hist' ELSE '' END,
    CASE WHEN hist THEN ', coalesce(ha.hist, ''\x''::bytea)' ELSE '' END,
    CASE WHEN hist THEN ' LEFT JOIN ha USING (' || k || ')' ELSE '' END);
  GET DIAGNOSTICS folded = ROW_COUNT;
  RETURN folded;
END
$$;

-- Folds the delta rows of every rollup (the server calls it every minute). One at a time: a second
-- caller returns at once.
CREATE FUNCTION stats_compact() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  folded bigint := 0;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtextextended('stats_compact', 0)) THEN
    RETURN 0;
  END IF;
  folded := folded + stats_fold('stats_application_rollup', ARRAY['span', 'period', 'region', 'service_slug', 'release_number'],
    ARRAY['received', 'completed', 'rejected', 'supplemented', 'ended', 'handling_us', 'ended_with_due', 'on_time',
          'ratings', 'score_sum', 's1', 's2', 's3', 's4', 's5'], true);
  folded := folded + stats_fold('stats_step_rollup', ARRAY['span', 'period', 'region', 'service_slug', 'release_number', 'branch',
          'step_id', 'department', 'name'],
    ARRAY['steps', 'worked', 'rejected', 'supplemented', 'timed', 'handling_us', 'worked_with_due', 'late'], true);
  folded := folded + stats_fold('stats_open_step', ARRAY['period', 'region', 'service_slug', 'release_number', 'branch',
          'step_id', 'department', 'due_date'], ARRAY['n'], false);
  folded := folded + stats_fold('stats_branch_rollup', ARRAY['span', 'period', 'region', 'service_slug', 'release_number',
          'branch'], ARRAY['ended', 'handling_us'], true);
  folded := folded + stats_fold('stats_matter_rollup', ARRAY['span', 'period', 'region', 'service_slug', 'release_number',
          'matter'], ARRAY['ratings', 'score_sum', 's1', 's2', 's3', 's4', 's5'], false);
  folded := folded + stats_fold('stats_bad_tag', ARRAY['span', 'period', 'region', 'service_slug', 'release_number', 'matter',
          'tag'], ARRAY['n'], false);
  -- Keys whose figures all went back to zero (a row deleted, an open step closed) leave no row.
  DELETE FROM stats_open_step WHERE n = 0;
  DELETE FROM stats_bad_tag WHERE n = 0;
  RETURN folded;
END
$$;

-- Recomputes every rollup from the raw rows (the migration, the benchmark after a bulk load, and
-- an operator after repairing data by hand). Holds writers off while it runs.
CREATE FUNCTION stats_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE application, step_instance, rating, application_event IN SHARE MODE;
  TRUNCATE stats_application_rollup, stats_step_rollup, stats_open_step, stats_branch_rollup, stats_matter_rollup,
           stats_bad_tag, stats_supplemented_application, stats_supplemented_step, stats_branch_state;
  SET LOCAL work_mem = '256MB';

  INSERT INTO stats_supplemented_application
  SELECT DISTINCT application_id FROM application_event WHERE type = 'supplement-requested';
  INSERT INTO stats_supplemented_step
  SELECT DISTINCT payload ->> 'step' FROM application_event
   WHERE type = 'supplement-requested' AND payload ->> 'step' IS NOT NULL;

  INSERT INTO stats_application_rollup (span, period, region, service_slug, release_number, delta, received, completed,
         rejected, supplemented, ended, handling_us, ended_with_due, on_time, hist)
  SELECT span, period, region, service_slug, release_number, false, sum(n), sum(completed), sum(rejected),
         sum(supplemented), sum(ended), sum(handling_us), sum(ended_with_due), sum(on_time),
         coalesce(string_agg(stats_hist(bin, n), ''::bytea ORDER BY bin) FILTER (WHERE bin IS NOT NULL), '\x'::bytea)
    FROM (SELECT s.span, CASE s.span WHEN 'd' THEN f.day ELSE date_trunc('month', f.day)::date END AS period,
                 a.region, a.service_slug, a.release_number, f.bin, count(*)::integer AS n,
                 sum(f.completed) AS completed, sum(f.rejected) AS rejected,
                 count(*) FILTER (WHERE m.application_id IS NOT NULL) AS supplemented, sum(f.ended) AS ended,
                 coalesce(sum(f.handling_us), 0) AS handling_us, sum(f.ended_with_due) AS ended_with_due,
                 sum(f.on_time) AS on_time
            FROM application a
           CROSS JOIN LATERAL stats_application_facts(a.status, a.submitted_at, a.completed_at, a.due_date) f
            LEFT JOIN stats_supplemented_application m ON m.application_id = a.id
           CROSS JOIN (VALUES ('d'), ('m')) AS s (span)
           GROUP BY 1, 2, 3, 4, 5, 6) x
   GROUP BY 1, 2, 3, 4, 5;

  INSERT INTO stats_step_rollup (span, period, region, service_slug, release_number, branch, step_id, department, name,
         delta, steps, worked, rejected, supplemented, timed, handling_us, worked_with_due, late, hist)
  SELECT span, period, region, service_slug, release_number, branch, step_id, department, name, false, sum(n),
         sum(worked),
         sum(rejected), sum(supplemented), sum(timed), sum(handling_us), sum(worked_with_due), sum(late),
         coalesce(string_agg(stats_hist(bin, n), ''::bytea ORDER BY bin) FILTER (WHERE bin IS NOT NULL), '\x'::bytea)
    FROM (SELECT s.span, CASE s.span WHEN 'd' THEN x.day ELSE date_trunc('month', x.day)::date END AS period,
                 x.region, x.service_slug, x.release_number, x.branch, x.step_id, x.department, x.name, f.bin,
                 count(*)::integer AS n, sum(f.worked) AS worked, sum(f.rejected) AS rejected,
                 count(*) FILTER (WHERE x.supplemented) AS supplemented, sum(f.timed) AS timed,
                 coalesce(sum(f.handling_us), 0) AS handling_us, sum(f.worked_with_due) AS worked_with_due,
                 sum(f.late) AS late
            FROM (SELECT stats_day(a.submitted_at) AS day, a.region, a.service_slug, a.release_number, st.branch,
                         st.step_id, st.department, st.name, st.status, st.due_date, st.activated_at, st.completed_at,
                         m.step IS NOT NULL AS supplemented
                    FROM step_instance st JOIN application a ON a.id = st.application_id
                    LEFT JOIN stats_supplemented_step m ON m.step = st.id::text) x
           CROSS JOIN LATERAL stats_step_facts(x.status, x.due_date, x.activated_at, x.completed_at) f
           CROSS JOIN (VALUES ('d'), ('m')) AS s (span)
           GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) y
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;

  INSERT INTO stats_open_step (period, region, service_slug, release_number, branch, step_id, department, due_date,
         delta, n)
  SELECT stats_day(a.submitted_at), a.region, a.service_slug, a.release_number, st.branch, st.step_id, st.department,
         st.due_date, false, count(*)
    FROM step_instance st JOIN application a ON a.id = st.application_id
   WHERE st.status IN ('active', 'claimed') AND st.due_date IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

  INSERT INTO stats_branch_state (application_id, branch, handling_us)
  SELECT application_id, branch,
         stats_us(max(completed_at) FILTER (WHERE status IN ('done', 'rejected'))
                - min(activated_at) FILTER (WHERE status IN ('done', 'rejected')))
    FROM step_instance
   GROUP BY application_id, branch
  HAVING count(*) FILTER (WHERE status IN ('waiting', 'active', 'claimed', 'supplement')) = 0
     AND count(*) FILTER (WHERE status IN ('done', 'rejected')) > 0
     AND stats_us(max(completed_at) FILTER (WHERE status IN ('done', 'rejected'))
                - min(activated_at) FILTER (WHERE status IN ('done', 'rejected'))) IS NOT NULL;

  INSERT INTO stats_branch_rollup (span, period, region, service_slug, release_number, branch, delta, ended,
         handling_us, hist)
  SELECT span, period, region, service_slug, release_number, branch, false, sum(n), sum(handling_us),
         string_agg(stats_hist(bin, n), ''::bytea ORDER BY bin)
    FROM (SELECT s.span, CASE s.span WHEN 'd' THEN stats_day(a.submitted_at)
                                     ELSE date_trunc('month', stats_day(a.submitted_at))::date END AS period,
                 a.region, a.service_slug, a.release_number, b.branch,
                 stats_bin(b.handling_us * interval '1 microsecond') AS bin, count(*)::integer AS n,
                 sum(b.handling_us) AS handling_us
            FROM stats_branch_state b JOIN application a ON a.id = b.application_id
           CROSS JOIN (VALUES ('d'), ('m')) AS s (span)
           GROUP BY 1, 2, 3, 4, 5, 6, 7) x
   GROUP BY 1, 2, 3, 4, 5, 6;

  INSERT INTO stats_application_rollup (span, period, region, service_slug, release_number, delta, ratings, score_sum,
         s1, s2, s3, s4, s5)
  SELECT s.span, CASE s.span WHEN 'd' THEN stats_day(a.submitted_at)
                             ELSE date_trunc('month', stats_day(a.submitted_at))::date END,
         a.region, a.service_slug, a.release_number, true, count(*), sum(r.score),
         count(*) FILTER (WHERE r.score = 1), count(*) FILTER (WHERE r.score = 2), count(*) FILTER (WHERE r.score = 3),
         count(*) FILTER (WHERE r.score = 4), count(*) FILTER (WHERE r.score = 5)
    FROM rating r JOIN application a ON a.id = r.application_id CROSS JOIN (VALUES ('d'), ('m')) AS s (span)
   GROUP BY 1, 2, 3, 4, 5;

  INSERT INTO stats_matter_rollup (span, period, region, service_slug, release_number, matter, delta, ratings,
         score_sum, s1, s2, s3, s4, s5)
  SELECT s.span, CASE s.span WHEN 'd' THEN stats_day(a.submitted_at)
                             ELSE date_trunc('month', stats_day(a.submitted_at))::date END,
         a.region, a.service_slug, a.release_number, m.matter, false, count(*), sum(r.score),
         count(*) FILTER (WHERE r.score = 1), count(*) FILTER (WHERE r.score = 2), count(*) FILTER (WHERE r.score = 3),
         count(*) FILTER (WHERE r.score = 4), count(*) FILTER (WHERE r.score = 5)
    FROM rating r JOIN application a ON a.id = r.application_id CROSS JOIN unnest(r.matters) AS m (matter)
   CROSS JOIN (VALUES ('d'), ('m')) AS s (span)
   GROUP BY 1, 2, 3, 4, 5, 6;

  INSERT INTO stats_bad_tag (span, period, region, service_slug, release_number, matter, tag, delta, n)
  SELECT s.span, CASE s.span WHEN 'd' THEN stats_day(a.submitted_at)
                             ELSE date_trunc('month', stats_day(a.submitted_at))::date END,
         a.region, a.service_slug, a.release_number, m.matter, t.tag, false, count(*)
    FROM rating r JOIN application a ON a.id = r.application_id
   CROSS JOIN LATERAL (SELECT '' AS matter UNION ALL SELECT unnest(r.matters)) AS m
   CROSS JOIN unnest(r.tags) AS t (tag)
   CROSS JOIN (VALUES ('d'), ('m')) AS s (span)
   WHERE r.score <= 2
   GROUP BY 1, 2, 3, 4, 5, 6, 7;

  -- The ratings went in as delta rows beside the applications' rows: fold them together.
  PERFORM stats_fold('stats_application_rollup', ARRAY['span', 'period', 'region', 'service_slug', 'release_number'],
    ARRAY['received', 'completed', 'rejected', 'supplemented', 'ended', 'handling_us', 'ended_with_due', 'on_time',
          'ratings', 'score_sum', 's1', 's2', 's3', 's4', 's5'], true);
END
$$;

-- An upgraded database reports the same figures from its first request.
SELECT stats_rebuild();

-- 运行指标 — the backlog figures the metrics endpoint shows, read every 15 seconds.

-- name: backlog
-- Overdue: a clerk's step still open after its due date (a date in China time).
SELECT (SELECT count(*) FROM outbox WHERE status = 'pending') AS outbox_pending,
       (SELECT count(*) FROM outbox WHERE status = 'pending' AND next_attempt_at <= now()) AS outbox_due,
       (SELECT count(*) FROM outbox WHERE status = 'failed') AS outbox_failed,
       (SELECT count(*) FROM step_instance
         WHERE status IN ('active', 'claimed') AND due_date < (now() AT TIME ZONE 'Asia/Shanghai')::date) AS steps_overdue;

-- 办理中的表: every step completion updates a step_instance row (and activates the next), the
-- process_instance row and now and then the application row. With the default thresholds (20 % of
-- the table dead) autovacuum waits too long: a transition reads all of an application's steps, and
-- in the step benchmark (as many dead versions as live ones) more than half of that read's time went
-- on dead versions. Vacuumed at 2 %.
ALTER TABLE step_instance SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
                               autovacuum_analyze_scale_factor = 0.05);
-- The process row changes with every completion of its application and only its branches, status and
-- version change, none indexed: room left in each page lets those updates stay on the page (HOT).
ALTER TABLE process_instance SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02,
                                  autovacuum_vacuum_threshold = 1000);
ALTER TABLE application SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_vacuum_threshold = 1000);

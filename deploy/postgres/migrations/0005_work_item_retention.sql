-- 0005: the queue at scale (issue 11). Finished work items are purged after a
-- retention period (queue::Purge: done after --work_item_retention_days, dead
-- after --dead_work_item_retention_days), and what the depth gauge and the
-- purge read is indexed, so neither scans the table.
--
-- The depth gauge (queue::kDepthQuery) counts ready, running and dead items
-- per (queue, state): an index-only scan of this partial index, which holds
-- no done items (most of the table).
CREATE INDEX work_items_depth ON work_items (queue, state) WHERE state IN ('ready', 'running', 'dead');
-- The purge finds finished items by age.
-- (A plain CREATE INDEX: migrations run in a transaction, so not CONCURRENTLY;
-- it blocks writes to work_items while it builds, seconds for millions of rows.)
CREATE INDEX work_items_finished ON work_items (updated_at) WHERE state IN ('done', 'dead');

-- The message log is appended in time order, so a block range index finds its oldest rows as well as a B-tree
-- does, for a fraction of the cost: a B-tree on ts took an index entry per frame logged, a block range index
-- takes one summary per 128 pages. Retention reads the old ranges through it and deletes their oldest rows first.
DROP INDEX IF EXISTS ocpp_messages_ts;
CREATE INDEX ocpp_messages_ts ON ocpp_messages USING brin (ts);

-- The event stream's outbox. An event row is inserted in the transaction of the change that raised it; SQLite has
-- one writer, so positions are committed in the order they are numbered. AUTOINCREMENT never reuses a position,
-- even one pruned away. Timestamps are UTC text of fixed width, so text order is time order.
CREATE TABLE events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    charge_point_id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    type TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    body TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

-- One charge point's events in order, for a stream filtered to it.
CREATE INDEX events_charge_point ON events (charge_point_id, position);

-- The last sequence number each charge point's events were given; kept when its events are pruned.
CREATE TABLE event_sequences (
    charge_point_id TEXT PRIMARY KEY,
    last_sequence INTEGER NOT NULL
) WITHOUT ROWID;

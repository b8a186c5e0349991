-- The event stream's outbox. An event row is inserted in the transaction of the change that raised it, under a
-- transaction-scoped advisory lock, so positions are committed in the order they are numbered: a reader that has
-- seen position n has seen every event before it. recorded_at is when it was stored, for retention.
CREATE TABLE events (
    position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    charge_point_id text NOT NULL,
    sequence bigint NOT NULL,
    type text NOT NULL,
    occurred_at timestamptz NOT NULL,
    body jsonb NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

-- One charge point's events in order, for a stream filtered to it.
CREATE INDEX events_charge_point ON events (charge_point_id, position);

-- The last sequence number each charge point's events were given; kept when its events are pruned, so numbering
-- carries on rather than starting again.
CREATE TABLE event_sequences (
    charge_point_id text PRIMARY KEY,
    last_sequence bigint NOT NULL
);

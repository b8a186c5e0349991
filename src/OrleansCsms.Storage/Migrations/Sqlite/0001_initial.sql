-- Grain state. A cleared grain keeps its row with a NULL state (a tombstone) so its version keeps counting
-- up: were the row deleted, a re-created grain would restart at version 1 and a stale writer still holding
-- etag "1" could overwrite it.
CREATE TABLE grain_state (
    grain_type TEXT NOT NULL,
    grain_key TEXT NOT NULL,
    version INTEGER NOT NULL,
    state TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (grain_type, grain_key)
) WITHOUT ROWID;

CREATE INDEX grain_state_charge_point_front_end ON grain_state (json_extract(state, '$.session.frontEndId'))
    WHERE grain_type = 'ChargePoint';
CREATE INDEX grain_state_transaction_id ON grain_state (json_extract(state, '$.transactionId'))
    WHERE grain_type = 'Transaction';
CREATE INDEX grain_state_transaction_charge_point ON grain_state (json_extract(state, '$.chargePointId'), json_extract(state, '$.transactionId'))
    WHERE grain_type = 'Transaction';
CREATE INDEX grain_state_transaction_id_tag ON grain_state (json_extract(state, '$.idTag'))
    WHERE grain_type = 'Transaction';

-- Durable counters; transaction ids are handed out from blocks reserved here.
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO counters (name, value) VALUES ('transaction_ids', 0);

-- Timestamps are UTC text of fixed width (yyyy-MM-ddTHH:mm:ss.fffffffZ), so text order is time order.
CREATE TABLE meter_values (
    id INTEGER PRIMARY KEY,
    charge_point_id TEXT NOT NULL,
    connector_id INTEGER NOT NULL,
    transaction_id INTEGER,
    ts TEXT NOT NULL,
    value TEXT NOT NULL,
    context TEXT,
    format TEXT,
    measurand TEXT,
    phase TEXT,
    location TEXT,
    unit TEXT,
    source TEXT NOT NULL
);

-- The business key of a sampled value: a replayed MeterValues or StopTransaction adds nothing.
CREATE UNIQUE INDEX meter_values_business_key ON meter_values (
    charge_point_id, connector_id, coalesce(transaction_id, -1), ts,
    coalesce(measurand, ''), coalesce(phase, ''), coalesce(location, ''), coalesce(context, ''));
CREATE INDEX meter_values_transaction ON meter_values (transaction_id, ts) WHERE transaction_id IS NOT NULL;

CREATE TABLE ocpp_messages (
    id INTEGER PRIMARY KEY,
    ts TEXT NOT NULL,
    charge_point_id TEXT NOT NULL,
    direction TEXT NOT NULL,
    message_type INTEGER NOT NULL,
    message_id TEXT NOT NULL,
    action TEXT,
    frame TEXT NOT NULL
);

CREATE INDEX ocpp_messages_charge_point ON ocpp_messages (charge_point_id, id DESC);

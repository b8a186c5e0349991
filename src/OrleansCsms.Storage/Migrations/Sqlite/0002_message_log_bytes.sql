-- The message log keeps each frame as the UTF-8 bytes that went over the socket: logging copies bytes instead of
-- decoding text, and a frame that is not valid UTF-8 is kept as it came. SQLite cannot change a column's type,
-- so the table is rebuilt; frames logged as text keep their bytes and every entry keeps its id.
CREATE TABLE ocpp_messages_bytes (
    id INTEGER PRIMARY KEY,
    ts TEXT NOT NULL,
    charge_point_id TEXT NOT NULL,
    direction TEXT NOT NULL,
    message_type INTEGER NOT NULL,
    message_id TEXT NOT NULL,
    action TEXT,
    frame BLOB NOT NULL
);

INSERT INTO ocpp_messages_bytes (id, ts, charge_point_id, direction, message_type, message_id, action, frame)
SELECT id, ts, charge_point_id, direction, message_type, message_id, action, CAST(frame AS BLOB) FROM ocpp_messages;

DROP TABLE ocpp_messages;
ALTER TABLE ocpp_messages_bytes RENAME TO ocpp_messages;

CREATE INDEX ocpp_messages_charge_point ON ocpp_messages (charge_point_id, id DESC);

-- Retention deletes entries by age, oldest first.
CREATE INDEX ocpp_messages_ts ON ocpp_messages (ts);

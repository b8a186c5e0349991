-- The message log keeps each frame as the UTF-8 bytes that went over the socket: logging copies bytes instead of
-- decoding text, and a frame that is not valid UTF-8 is kept as it came. Frames logged as text keep their bytes.
ALTER TABLE ocpp_messages ALTER COLUMN frame TYPE bytea USING convert_to(frame, 'UTF8');

-- Retention deletes entries by age, oldest first.
CREATE INDEX ocpp_messages_ts ON ocpp_messages (ts);

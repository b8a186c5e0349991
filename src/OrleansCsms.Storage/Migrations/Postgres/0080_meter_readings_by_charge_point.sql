-- A station's latest readings, within transactions or not (clock-aligned values of the whole station among them),
-- are listed by charge point, newest first.
CREATE INDEX meter_readings_charge_point ON meter_readings (charge_point_id, ts DESC);

-- The view of one row per sampled value gains the meter's signature of a signed value (OCPP 2.0.1 signedMeterValue).
CREATE OR REPLACE VIEW meter_values AS
SELECT r.id AS reading_id, r.charge_point_id, r.connector_id, r.transaction_id, r.ts,
       s.sample->>'value' AS value, s.sample->>'context' AS context, s.sample->>'format' AS format,
       s.sample->>'measurand' AS measurand, s.sample->>'phase' AS phase, s.sample->>'location' AS location,
       s.sample->>'unit' AS unit, r.source, s.position AS position,
       s.sample->'signedMeterValue'->>'signedMeterData' AS signed_meter_data,
       s.sample->'signedMeterValue'->>'signingMethod' AS signing_method,
       s.sample->'signedMeterValue'->>'encodingMethod' AS encoding_method,
       s.sample->'signedMeterValue'->>'publicKey' AS public_key
FROM meter_readings r
CROSS JOIN LATERAL jsonb_array_elements(r.samples) WITH ORDINALITY AS s(sample, position);

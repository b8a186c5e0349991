-- A station's latest readings, within transactions or not (clock-aligned values of the whole station among them),
-- are listed by charge point, newest first.
CREATE INDEX meter_readings_charge_point ON meter_readings (charge_point_id, ts DESC);

-- The view of one row per sampled value gains the meter's signature of a signed value (OCPP 2.0.1 signedMeterValue).
DROP VIEW meter_values;
CREATE VIEW meter_values AS
SELECT r.id AS reading_id, r.charge_point_id, r.connector_id, r.transaction_id, r.ts,
       json_extract(s.value, '$.value') AS value, json_extract(s.value, '$.context') AS context,
       json_extract(s.value, '$.format') AS format, json_extract(s.value, '$.measurand') AS measurand,
       json_extract(s.value, '$.phase') AS phase, json_extract(s.value, '$.location') AS location,
       json_extract(s.value, '$.unit') AS unit, r.source, s.key AS position,
       json_extract(s.value, '$.signedMeterValue.signedMeterData') AS signed_meter_data,
       json_extract(s.value, '$.signedMeterValue.signingMethod') AS signing_method,
       json_extract(s.value, '$.signedMeterValue.encodingMethod') AS encoding_method,
       json_extract(s.value, '$.signedMeterValue.publicKey') AS public_key
FROM meter_readings r, json_each(r.samples) AS s;

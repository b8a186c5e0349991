-- Sampled values move to one row per reading: the values a charge point sent for one connector, transaction,
-- timestamp and message kind, kept in order as a JSON array. A reading of seven samples costs one row and one set
-- of index entries instead of seven. Its key adds which quantities it holds (sample_key: measurand|phase|location|
-- context of each sample, joined by ';'), so a replay adds nothing and another reading at the same time is kept.
CREATE TABLE meter_readings (
    id INTEGER PRIMARY KEY,
    charge_point_id TEXT NOT NULL,
    connector_id INTEGER NOT NULL,
    transaction_id INTEGER,
    ts TEXT NOT NULL,
    source TEXT NOT NULL,
    sample_key TEXT NOT NULL,
    sample_count INTEGER NOT NULL,
    samples TEXT NOT NULL
);

CREATE UNIQUE INDEX meter_readings_business_key ON meter_readings (
    charge_point_id, connector_id, coalesce(transaction_id, -1), ts, sample_key);
CREATE INDEX meter_readings_transaction ON meter_readings (transaction_id, ts) WHERE transaction_id IS NOT NULL;

-- Aggregates follow the order rows come from the ordered subquery.
INSERT INTO meter_readings (charge_point_id, connector_id, transaction_id, ts, source, sample_key, sample_count, samples)
SELECT charge_point_id, connector_id, transaction_id, ts, min(source),
       group_concat(coalesce(measurand, '') || '|' || coalesce(phase, '') || '|' || coalesce(location, '') || '|' || coalesce(context, ''), ';'),
       count(*),
       json_group_array(json_patch('{}', json_object(
           'value', value, 'context', context, 'format', format, 'measurand', measurand,
           'phase', phase, 'location', location, 'unit', unit)))
FROM (SELECT * FROM meter_values ORDER BY id)
GROUP BY charge_point_id, connector_id, transaction_id, ts;

DROP TABLE meter_values;

-- One row per sampled value, as before, for anyone reading them with SQL.
CREATE VIEW meter_values AS
SELECT r.id AS reading_id, r.charge_point_id, r.connector_id, r.transaction_id, r.ts,
       json_extract(s.value, '$.value') AS value, json_extract(s.value, '$.context') AS context,
       json_extract(s.value, '$.format') AS format, json_extract(s.value, '$.measurand') AS measurand,
       json_extract(s.value, '$.phase') AS phase, json_extract(s.value, '$.location') AS location,
       json_extract(s.value, '$.unit') AS unit, r.source, s.key AS position
FROM meter_readings r, json_each(r.samples) AS s;

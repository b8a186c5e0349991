-- Sampled values move to one row per reading: the values a charge point sent for one connector, transaction,
-- timestamp and message kind, kept in order as a JSON array. A reading of seven samples costs one row and one set
-- of index entries instead of seven. Its key adds which quantities it holds (sample_key: measurand|phase|location|
-- context of each sample, joined by ';'), so a replay adds nothing and another reading at the same time is kept.
CREATE TABLE meter_readings (
    id bigserial PRIMARY KEY,
    charge_point_id text NOT NULL,
    connector_id integer NOT NULL,
    transaction_id integer,
    ts timestamptz NOT NULL,
    source text NOT NULL,
    sample_key text NOT NULL,
    sample_count integer NOT NULL,
    samples jsonb NOT NULL
);

CREATE UNIQUE INDEX meter_readings_business_key ON meter_readings (
    charge_point_id, connector_id, coalesce(transaction_id, -1), ts, sample_key);
CREATE INDEX meter_readings_transaction ON meter_readings (transaction_id, ts) WHERE transaction_id IS NOT NULL;

INSERT INTO meter_readings (charge_point_id, connector_id, transaction_id, ts, source, sample_key, sample_count, samples)
SELECT charge_point_id, connector_id, transaction_id, ts, min(source),
       string_agg(concat_ws('|', coalesce(measurand, ''), coalesce(phase, ''), coalesce(location, ''), coalesce(context, '')), ';' ORDER BY id),
       count(*),
       jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
           'value', value, 'context', context, 'format', format, 'measurand', measurand,
           'phase', phase, 'location', location, 'unit', unit)) ORDER BY id)
FROM meter_values
GROUP BY charge_point_id, connector_id, transaction_id, ts;

DROP TABLE meter_values;

-- One row per sampled value, as before, for anyone reading them with SQL.
CREATE VIEW meter_values AS
SELECT r.id AS reading_id, r.charge_point_id, r.connector_id, r.transaction_id, r.ts,
       s.sample->>'value' AS value, s.sample->>'context' AS context, s.sample->>'format' AS format,
       s.sample->>'measurand' AS measurand, s.sample->>'phase' AS phase, s.sample->>'location' AS location,
       s.sample->>'unit' AS unit, r.source, s.position AS position
FROM meter_readings r
CROSS JOIN LATERAL jsonb_array_elements(r.samples) WITH ORDINALITY AS s(sample, position);

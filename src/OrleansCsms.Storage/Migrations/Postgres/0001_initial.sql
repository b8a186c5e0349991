-- Grain state. A cleared grain keeps its row with a NULL state (a tombstone) so its version keeps counting
-- up: were the row deleted, a re-created grain would restart at version 1 and a stale writer still holding
-- etag "1" could overwrite it.
CREATE TABLE grain_state (
    grain_type text NOT NULL,
    grain_key text NOT NULL,
    version bigint NOT NULL,
    state jsonb,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grain_type, grain_key)
);

-- text::timestamptz is only STABLE (it consults the TimeZone and DateStyle settings), so it cannot appear
-- in an index. Grain state timestamps are ISO 8601 with an explicit offset, which parse the same under any
-- setting, so declaring the conversion IMMUTABLE is truthful for the values stored here.
CREATE FUNCTION csms_timestamptz(value text) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT value::timestamptz $$;

CREATE INDEX grain_state_registered_charge_points ON grain_state (grain_key)
    WHERE grain_type = 'ChargePoint' AND (state->>'registered')::boolean;
CREATE INDEX grain_state_charge_point_status ON grain_state (lower(state->>'status'))
    WHERE grain_type = 'ChargePoint';
CREATE INDEX grain_state_charge_point_front_end ON grain_state ((state->'session'->>'frontEndId'))
    WHERE grain_type = 'ChargePoint';
CREATE INDEX grain_state_transaction_id ON grain_state (((state->>'transactionId')::integer) DESC)
    WHERE grain_type = 'Transaction';
CREATE INDEX grain_state_transaction_charge_point ON grain_state ((state->>'chargePointId'), ((state->>'transactionId')::integer) DESC)
    WHERE grain_type = 'Transaction';
CREATE INDEX grain_state_transaction_id_tag ON grain_state ((state->>'idTag'))
    WHERE grain_type = 'Transaction';
CREATE INDEX grain_state_transaction_start ON grain_state (csms_timestamptz(state->>'startTimestamp'))
    WHERE grain_type = 'Transaction';

-- OCPP 1.6 transaction ids are int32; the sequence fails loudly rather than wrapping onto old ids.
CREATE SEQUENCE transaction_ids AS integer START WITH 1 NO CYCLE;

CREATE TABLE meter_values (
    id bigserial PRIMARY KEY,
    charge_point_id text NOT NULL,
    connector_id integer NOT NULL,
    transaction_id integer,
    ts timestamptz NOT NULL,
    value text NOT NULL,
    context text,
    format text,
    measurand text,
    phase text,
    location text,
    unit text,
    source text NOT NULL
);

-- The business key of a sampled value: a replayed MeterValues or StopTransaction adds nothing.
CREATE UNIQUE INDEX meter_values_business_key ON meter_values (
    charge_point_id, connector_id, coalesce(transaction_id, -1), ts,
    coalesce(measurand, ''), coalesce(phase, ''), coalesce(location, ''), coalesce(context, ''));
CREATE INDEX meter_values_transaction ON meter_values (transaction_id, ts) WHERE transaction_id IS NOT NULL;

CREATE TABLE ocpp_messages (
    id bigserial PRIMARY KEY,
    ts timestamptz NOT NULL,
    charge_point_id text NOT NULL,
    direction text NOT NULL,
    message_type smallint NOT NULL,
    message_id text NOT NULL,
    action text,
    frame text NOT NULL
);

CREATE INDEX ocpp_messages_charge_point ON ocpp_messages (charge_point_id, id DESC);

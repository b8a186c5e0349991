-- The charge points on the map: those with a position, without reading every other charge point's state.
CREATE INDEX grain_state_located_charge_points ON grain_state (grain_key)
    WHERE grain_type = 'ChargePoint' AND (state->>'registered')::boolean AND state->'position' IS NOT NULL;

-- A charge point's reservations, newest first, without reading every other grain's state.
CREATE INDEX grain_state_reservation_charge_point ON grain_state ((state->>'chargePointId'), ((state->>'reservationId')::integer) DESC)
    WHERE grain_type = 'Reservation';

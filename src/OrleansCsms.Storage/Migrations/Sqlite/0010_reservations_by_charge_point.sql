-- A charge point's reservations, newest first, without reading every other grain's state.
CREATE INDEX grain_state_reservation_charge_point ON grain_state (json_extract(state, '$.chargePointId'), json_extract(state, '$.reservationId') DESC)
    WHERE grain_type = 'Reservation';

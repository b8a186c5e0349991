-- A charge point's maintenance jobs, newest first, without reading every other grain's state.
CREATE INDEX grain_state_maintenance_job_charge_point ON grain_state ((state->>'chargePointId'), ((state->>'jobId')::integer) DESC)
    WHERE grain_type = 'MaintenanceJob';

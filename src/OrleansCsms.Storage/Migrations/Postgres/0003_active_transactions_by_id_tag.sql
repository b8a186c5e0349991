-- The transactions an id tag is in are derived from the stored transactions, never kept in a list on the tag:
-- this index finds a tag's transactions in progress without reading its history.
CREATE INDEX grain_state_active_transaction_id_tag ON grain_state ((state->>'idTag'))
    WHERE grain_type = 'Transaction' AND (state->>'active')::boolean;

-- Seed 004's functions, for PostgreSQL, run after user_events.sql. For the table user_events they
-- have the seed's names; for another table T they are T_get_recent_events and T_get_user_events, so
-- that two archives in one schema keep their own (${recent_events} and ${user_events} below).
-- Newest first; among events of the same time, the last archived first.
CREATE OR REPLACE FUNCTION ${recent_events}(max_rows INTEGER) RETURNS SETOF ${table} AS $$ SELECT * FROM ${table} ORDER BY event_timestamp DESC, id DESC LIMIT max_rows $$ LANGUAGE sql STABLE;
CREATE OR REPLACE FUNCTION ${user_events}(wanted_user_id BIGINT, max_rows INTEGER) RETURNS SETOF ${table} AS $$ SELECT * FROM ${table} WHERE user_id = wanted_user_id ORDER BY event_timestamp DESC, id DESC LIMIT max_rows $$ LANGUAGE sql STABLE;

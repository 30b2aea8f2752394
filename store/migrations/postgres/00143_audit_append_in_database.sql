-- +goose Up
-- The audit chain serialises its appenders with an advisory lock, held to
-- the end of the transaction of the change. werkpad read the last event,
-- hashed the new one and inserted it: three round trips under the lock
-- before the commit. Under the load test (two servers, 100 users, scale 61)
-- appenders waited 286 ms for the lock on average (2.330 appends in 5
-- minutes; viewing a candidate is audited), since every round trip waits
-- for a core. audit_append does the three in one call: it takes the lock,
-- reads the last event, computes the hash exactly as werkpad.AuditHash does
-- (each field as its length in bytes, ':', the field, '|'; the time in UTC
-- as Go's RFC 3339 with nanoseconds, trailing zeros of the fraction left
-- out; SHA-256 in lowercase hex) and inserts. VerifyAudit still checks the
-- chain with werkpad.AuditHash, so a difference between the two is a broken
-- chain that the tests see (TestAuditAppendHashesAsGo).
-- +goose StatementBegin
CREATE FUNCTION audit_append(p_at TIMESTAMPTZ, p_actor_id BIGINT, p_actor_email TEXT, p_role TEXT,
    p_action TEXT, p_entity TEXT, p_entity_id TEXT, p_municipality TEXT, p_request_id TEXT, p_detail TEXT)
RETURNS BIGINT AS $$
DECLARE
    last_id   BIGINT;
    last_hash TEXT;
    new_id    BIGINT;
    frac      TEXT;
    stamp     TEXT;
    msg       TEXT := '';
    f         TEXT;
BEGIN
    PERFORM pg_advisory_xact_lock(7700417);
    -- A statement after the lock: in READ COMMITTED it sees every append
    -- committed while this one waited.
    SELECT id, hash INTO last_id, last_hash FROM audit_events ORDER BY id DESC LIMIT 1;
    new_id := COALESCE(last_id, 0) + 1;
    last_hash := COALESCE(last_hash, '');
    frac := rtrim(to_char(p_at AT TIME ZONE 'UTC', 'US'), '0');
    stamp := to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        || CASE WHEN frac = '' THEN '' ELSE '.' || frac END || 'Z';
    FOREACH f IN ARRAY ARRAY[new_id::text, stamp, p_actor_id::text, p_actor_email, p_role, p_action,
        p_entity, p_entity_id, p_municipality, p_request_id, p_detail, last_hash] LOOP
        msg := msg || octet_length(f)::text || ':' || f || '|';
    END LOOP;
    INSERT INTO audit_events
        (id, at, actor_id, actor_email, role, action, entity, entity_id, municipality, request_id, detail, prev_hash, hash)
    VALUES (new_id, p_at, p_actor_id, p_actor_email, p_role, p_action, p_entity, p_entity_id,
        p_municipality, p_request_id, p_detail, last_hash, encode(sha256(convert_to(msg, 'UTF8')), 'hex'));
    RETURN new_id;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION audit_append;

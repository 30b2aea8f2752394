-- +goose Up
-- Dated history of the candidate attributes that reports read from the
-- candidate itself: municipality of residence (a move is a dated event),
-- caseload consultant and service line. candidates keeps the current value
-- (for lists and the scope filter); the history is what a report of a past
-- period reads. Periods of one attribute of one candidate never overlap;
-- the last one is open (to_date NULL) and holds the current value.
-- The first residence period starts on the birth date: "from the start",
-- so that every dated record of the person has a residence.
CREATE TABLE candidate_history (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    attribute    TEXT NOT NULL CHECK (attribute IN ('gemeente', 'consulent', 'dienstverlening')),
    value        TEXT NOT NULL,
    from_date    TEXT NOT NULL,
    to_date      TEXT,
    recorded_at  TIMESTAMP NOT NULL
);
CREATE INDEX candidate_history_on ON candidate_history (candidate_id, attribute, from_date);
CREATE INDEX candidate_history_value ON candidate_history (attribute, value, from_date);

-- Seed from the current values; moves recorded in the audit log ("wijzigen
-- kandidaat ... van GMxxxx", municipality = the new one) become dated moves
-- on the day they were recorded (the last move of a day wins).
WITH m AS (
    SELECT a.id AS seq, CAST(a.entity_id AS INTEGER) AS candidate_id, substr(a.at, 1, 10) AS day, a.at AS at,
           substr(a.detail, instr(a.detail, 'van GM') + 4, 6) AS old_code, a.municipality AS new_code
    FROM audit_events a
    WHERE a.entity = 'kandidaat' AND a.action = 'wijzigen' AND a.detail LIKE '%van GM%'
), moves AS (
    SELECT m.* FROM m JOIN candidates c ON c.id = m.candidate_id
    WHERE NOT EXISTS (SELECT 1 FROM m m2 WHERE m2.candidate_id = m.candidate_id AND m2.day = m.day AND m2.seq > m.seq)
      AND m.day > c.birth_date
), ordered AS (
    SELECT moves.*, ROW_NUMBER() OVER (PARTITION BY candidate_id ORDER BY seq) AS n,
           LEAD(day) OVER (PARTITION BY candidate_id ORDER BY seq) AS next_day
    FROM moves
)
INSERT INTO candidate_history (candidate_id, attribute, value, from_date, to_date, recorded_at)
SELECT o.candidate_id, 'gemeente',
       (SELECT m0.old_code FROM m m0 WHERE m0.candidate_id = o.candidate_id ORDER BY m0.seq LIMIT 1),
       c.birth_date, date(o.day, '-1 day'), c.created_at
FROM ordered o JOIN candidates c ON c.id = o.candidate_id WHERE o.n = 1
UNION ALL
SELECT o.candidate_id, 'gemeente', CASE WHEN o.next_day IS NULL THEN c.municipality ELSE o.new_code END,
       o.day, CASE WHEN o.next_day IS NULL THEN NULL ELSE date(o.next_day, '-1 day') END, o.at
FROM ordered o JOIN candidates c ON c.id = o.candidate_id
UNION ALL
SELECT c.id, 'gemeente', c.municipality, c.birth_date, NULL, c.created_at FROM candidates c
WHERE NOT EXISTS (SELECT 1 FROM moves WHERE moves.candidate_id = c.id)
UNION ALL
SELECT c.id, 'dienstverlening', c.service_line, c.registered_on, NULL, c.created_at FROM candidates c
UNION ALL
SELECT c.id, 'consulent', CAST(c.consultant_id AS TEXT), c.registered_on, NULL, c.created_at FROM candidates c
WHERE c.consultant_id IS NOT NULL;

-- +goose Down
DROP TABLE candidate_history;

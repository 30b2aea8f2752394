-- +goose Up
-- Daily jobs (the retention run) that one instance of many does per day:
-- the day it last ran and a lease while it runs.
CREATE TABLE job_runs (
    name        TEXT PRIMARY KEY,
    last_day    TEXT,
    lease_until TIMESTAMP
);

-- The retention run is a processing of its own in the register.
INSERT INTO processing_activities (id, name, purpose, legal_basis) VALUES
    ('bewaartermijnen', 'Bewaartermijnen', 'Persoonsgegevens anonimiseren waarvan de bewaartermijn na het einde van de zaak is verstreken.',
     'AVG art. 5 lid 1 onder e en art. 17; Archiefwet 1995 en de Selectielijst gemeenten en intergemeentelijke organen 2020');

-- +goose Down
DELETE FROM processing_activities WHERE id = 'bewaartermijnen';
DROP TABLE job_runs;

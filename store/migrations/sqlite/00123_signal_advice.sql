-- +goose Up
-- What WerkBedrijf's advice on a signal comes down to: 'maatregel' or
-- 'geen-maatregel' ('' on signals recorded before it was asked). Whether
-- the municipality's decision deviates from the advice follows from the
-- two; the old decision value 'afwijkend' stays on signals decided before.
ALTER TABLE signals ADD COLUMN advised_decision TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE signals DROP COLUMN advised_decision;

-- +goose Up
-- A card item may name the instrument of the casework through which it is
-- delivered (zorgjongeren → zorgjongerenbegeleiding); realisation is then
-- also derived from the enrolments in that instrument (DVO art. 14.2).
ALTER TABLE agreement_card_items ADD COLUMN instrument TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE agreement_card_items DROP COLUMN instrument;

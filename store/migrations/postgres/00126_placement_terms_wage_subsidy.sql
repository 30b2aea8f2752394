-- +goose Up
-- The wage subsidy of a placement is dated with its hours and loonwaarde:
-- a subsidy granted or ended during a placement takes effect on a day, so
-- a past period's LKS figures keep the subsidy of their own day. Existing
-- terms take the placement's flag (the only one known so far).
ALTER TABLE placement_terms ADD COLUMN wage_subsidy BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE placement_terms SET wage_subsidy = (SELECT p.wage_subsidy FROM placements p WHERE p.id = placement_terms.placement_id);
CREATE INDEX placement_terms_wage_subsidy ON placement_terms (placement_id) WHERE wage_subsidy;

-- +goose Down
DROP INDEX placement_terms_wage_subsidy;
ALTER TABLE placement_terms DROP COLUMN wage_subsidy;

-- +goose Up
-- A mutation column may include the change of other columns of the budget
-- and forecast tables: JSON list of "column:included" strings. The shipped
-- SW contribution mutation of 2024 prints the Rijksbijdrage including the
-- one-off extra contribution of the May circular 2024 (Tussenrapportage
-- 2024 r. 4814-4859: Nijmegen 22.425 + 715 − 21.261 = 1.879).
ALTER TABLE finance_tables ADD COLUMN mutation_includes TEXT NOT NULL DEFAULT '[]';
UPDATE finance_tables SET mutation_includes = '["rijksbijdrage:extra_tegemoetkoming_meicirculaire_2024"]'
    WHERE year = 2024 AND key = 'sw_bijdrage_mutatie';
-- The label as a word, not as the PDF extraction split it at a line end.
UPDATE finance_columns SET label = 'Extra tegemoetkoming mei-circulaire 2024'
    WHERE label = 'Extra tege-moetkoming mei-circulaire 2024';

-- +goose Down
ALTER TABLE finance_tables DROP COLUMN mutation_includes;

-- +goose Up
-- candidates_search_given (00002) and candidates_given_prefix (00010) are
-- the same index (search_given text_pattern_ops): every insert paid for it
-- twice (an import of 400.000 candidates spends most of its time keeping
-- the indexes).
DROP INDEX candidates_search_given;

-- +goose Down
CREATE INDEX candidates_search_given ON candidates (search_given text_pattern_ops);

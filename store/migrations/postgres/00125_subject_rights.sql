-- +goose Up
-- The processing activity of the rights of data subjects: the copy of
-- everything werkpad holds on a person, with who processed it (AVG art. 15).
INSERT INTO processing_activities (id, name, purpose, legal_basis) VALUES
    ('rechten-betrokkene', 'Rechten van betrokkenen', 'Een verzoek om inzage beantwoorden: een afschrift van alle gegevens over de betrokkene en van wie ze verwerkte.',
     'AVG art. 15 en 12; AVG art. 6 lid 1 onder c');

-- +goose Down
DELETE FROM processing_activities WHERE id = 'rechten-betrokkene';

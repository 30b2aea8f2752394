-- +goose Up
-- Single sign-on with OpenID Connect. An account made or linked by a sign-in
-- through the organisation's provider carries the provider's subject
-- ("issuer subject"); it is found by it on later sign-ins. An account
-- provisioned this way has no password (password_hash ''). A session opened
-- through the provider keeps its ID token, sent as id_token_hint when the
-- user signs out at the provider.
ALTER TABLE users ADD COLUMN oidc_subject TEXT;
CREATE UNIQUE INDEX users_oidc_subject ON users (oidc_subject);
ALTER TABLE sessions ADD COLUMN id_token TEXT;

-- +goose Down
ALTER TABLE sessions DROP COLUMN id_token;
DROP INDEX users_oidc_subject;
ALTER TABLE users DROP COLUMN oidc_subject;

// Package store implements the werkpad services on database/sql, for two
// dialects: SQLite (modernc.org/sqlite, the embedded default) and PostgreSQL
// (jackc/pgx/v5). Queries are written once with ? placeholders and rebound
// for PostgreSQL; schema migrations live in one folder per dialect.
//
// It imports the domain package werkpad and database drivers, never another
// adapter (http, report, demo).
package store

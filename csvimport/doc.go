// Package csvimport reads the CSV files of a previous system — semicolon
// separated, UTF-8 with or without a byte-order mark, as Dutch Excel writes
// them — into domain objects: candidates, placements and exits. It checks
// each row against the domain's Validate methods and returns the parsed
// objects together with every row problem (line, column, reason); checks
// that need the database are left to the caller.
//
// It imports only the domain package (werkpad), never an adapter.
package csvimport

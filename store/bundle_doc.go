package store

import (
	"fmt"
	"strings"
)

// BundleDocPath is where the generated description of the bundle lives;
// TestBundleDocs keeps it equal to BundleDoc().
const BundleDocPath = "docs/BUNDLE.md"

// BundleDoc renders docs/BUNDLE.md from the spec (BundleKinds and
// BundleExcluded).
func BundleDoc() string {
	var b strings.Builder
	b.WriteString(`# The bundle: all history, in and out

<!-- Generated from store/bundle_spec.go by store.BundleDoc; do not edit.
     Regenerate: WERKPAD_UPDATE_DOCS=1 go test ./store -run TestBundleDocs -->

A bundle moves the whole case history of one werkpad database into another
(for instance from SQLite to PostgreSQL, or from an old installation to a new
one):

` + "```sh" + `
werkpad export --bundle PAD                 # writes the folder PAD
werkpad import bundle PAD                   # dry run: checks everything, changes nothing
werkpad import bundle PAD --apply           # loads it, all or nothing, into an empty database
` + "```" + `

**A bundle holds personal data, with the BSNs unencrypted.** Keep it on an
encrypted disk, move it only encrypted, and delete it as soon as the import
is done. The export writes the folder and its files readable for their owner
only.

## Format

- A folder with one CSV file per record kind (below) and ` + "`manifest.json`" + `.
- ` + "`manifest.json`" + `: ` + "`format`" + ` (` + "`" + BundleFormat + "`" + `), ` + "`version`" + ` (` + fmt.Sprint(BundleVersion) + `), ` + "`created_at`" + ` (UTC),
  ` + "`source_dialect`" + ` (` + "`sqlite`" + ` or ` + "`postgres`" + `), ` + "`schema_version`" + ` (the last migration of the
  source) and ` + "`files`" + `: per file its ` + "`name`" + `, ` + "`rows`" + ` (data rows, without the header)
  and ` + "`sha256`" + ` (hex). The import refuses a file whose checksum or row count differs.
- CSV: UTF-8 without BOM, comma as separator, ` + "`\"`" + ` quotes where needed (RFC 4180),
  ` + "`\\n`" + ` line ends, one header row with exactly the columns below in this order.
  Rows are sorted by the key.
- Values, the same for SQLite and PostgreSQL (an export of the same data is
  byte-identical from both):
  - ` + "`int`" + `: a plain decimal integer, no thousands separator (` + "`-12`" + `, ` + "`150000`" + `);
    amounts are whole cents, fractions are whole thousandths or basis points as the column says.
  - ` + "`text`" + `: UTF-8 text; the text rules of werkpad apply (no control characters;
    names one line of at most 200 characters, other texts at most 4.000).
  - ` + "`date`" + `: ISO ` + "`YYYY-MM-DD`" + ` (2024-06-30), between 1900-01-01 and 2100-12-31.
  - ` + "`timestamp`" + `: UTC with microseconds, ` + "`YYYY-MM-DDTHH:MM:SS.ffffffZ`" + `.
  - ` + "`bool`" + `: ` + "`true`" + ` or ` + "`false`" + `.
  - ` + "`bsn`" + `: the BSN in plain text, 9 digits that pass the elfproef; empty when
    retention erased it. The import seals it with the key of the target
    database (encrypted value, lookup hash, last four digits).
  - Empty is NULL, except for a text column that is not nullable (empty text).
    ` + "*Required*" + ` columns may not be empty.
- *Ref* means the value must occur in that column of another file of the same bundle.

## Import

- The dry run (without ` + "`--apply`" + `) reads the whole bundle and reports every problem
  with file, line and column: checksums, header, types, required values,
  text rules, BSNs (elfproef; one candidate per BSN, while referrals may
  repeat one), references and
  duplicate keys. It needs no database and changes nothing.
- ` + "`--apply`" + ` checks the same and then loads everything in one transaction.
  The target must be empty (a fresh ` + "`werkpad migrate`" + `); the reference data that
  the migrations fill (marked *merged* below) is merged by key, the bundle
  winning. A row the database still refuses (a constraint the checks do not
  cover) is named by file and line, and nothing is stored.
  Ids are kept; on PostgreSQL the id sequences move past the highest
  id. The audit log of the target records the import, and the Logboek a
  record per candidate (as the other imports do).
- The import reads the whole bundle into memory before it loads it: reckon
  with a few times the size of the CSV files.
- Users come without password: local users set one with
  ` + "`werkpad user reset-password`" + `; OIDC users sign in as before.

## Not in the bundle

| Table | Why |
|---|---|
`)
	for _, e := range BundleExcluded {
		fmt.Fprintf(&b, "| `%s` | %s |\n", e.Table, e.Reason)
	}
	b.WriteString("\nColumns left out of bundled tables (the import fills in the default):\n\n| Column | Default | Why |\n|---|---|---|\n")
	for _, k := range BundleKinds {
		for _, o := range BundleOmitted[k.Table] {
			def := "NULL"
			if o.Default != nil {
				def = fmt.Sprintf("`%v`", o.Default)
			}
			if o.Default == "" {
				def = "empty"
			}
			fmt.Fprintf(&b, "| `%s.%s` | %s | %s |\n", k.Table, o.Column, def, o.Reason)
		}
	}
	b.WriteString("\n## Files\n\nIn load order.\n\n")
	for _, k := range BundleKinds {
		fmt.Fprintf(&b, "- [`%s`](#%s)\n", k.File, anchor(k.File))
	}
	for _, k := range BundleKinds {
		fmt.Fprintf(&b, "\n### %s\n\n%s Table `%s`, key `%s`", k.File, k.Desc, k.Table, strings.Join(k.Key, ", "))
		if bundleSeeded[k.Table] {
			b.WriteString(", *merged* (filled by the migrations)")
		}
		b.WriteString(".\n\n| Column | Type | Required | Description |\n|---|---|---|---|\n")
		for _, c := range k.Columns {
			req := ""
			if c.Required {
				req = "yes"
			}
			desc := c.Desc
			if c.Ref != "" {
				desc += " Ref: `" + c.Ref + "`."
			}
			if c.Null {
				desc += " Empty: NULL."
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", c.Name, c.Type, req, desc)
		}
	}
	return b.String()
}

// anchor is GitHub's heading anchor of a file name.
func anchor(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), ".", "")
}

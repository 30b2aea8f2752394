package store

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"werkpad"
)

// BundleFormat and BundleVersion identify the bundle format in manifest.json;
// an import refuses any other.
const (
	BundleFormat  = "werkpad-bundle"
	BundleVersion = 1
	// BundleManifest is the name of the manifest in the bundle folder.
	BundleManifest = "manifest.json"
	// bundleTimeLayout writes every timestamp in UTC at microseconds, the
	// precision PostgreSQL keeps, so that both dialects write the same bytes.
	bundleTimeLayout = "2006-01-02T15:04:05.000000Z"
)

// Manifest is manifest.json of a bundle.
type Manifest struct {
	Format        string         `json:"format"`
	Version       int            `json:"version"`
	CreatedAt     string         `json:"created_at"`
	SourceDialect string         `json:"source_dialect"`
	SchemaVersion int64          `json:"schema_version"`
	Files         []ManifestFile `json:"files"`
}

// ManifestFile describes one CSV file of the bundle.
type ManifestFile struct {
	Name   string `json:"name"`
	Rows   int    `json:"rows"`
	SHA256 string `json:"sha256"`
}

// ExportBundle writes the whole database as a bundle into dir, which must
// not exist yet or be empty. BSNs are opened with sealer and written plain.
func (d *DB) ExportBundle(ctx context.Context, sealer *Sealer, dir string) (*Manifest, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, werkpad.Errorf(werkpad.EINVALID, "De map %s is niet leeg; kies een nieuwe of lege map voor de bundel.", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store.ExportBundle: %w", err)
	}
	m := &Manifest{Format: BundleFormat, Version: BundleVersion, CreatedAt: d.Now().UTC().Format(time.RFC3339), SourceDialect: string(d.Dialect)}
	err := d.readTx(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version`).Scan(&m.SchemaVersion); err != nil {
			return err
		}
		for i := range BundleKinds {
			f, err := tx.exportFile(ctx, sealer, &BundleKinds[i], dir)
			if err != nil {
				return fmt.Errorf("%s: %w", BundleKinds[i].File, err)
			}
			m.Files = append(m.Files, f)
		}
		b, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, BundleManifest), append(b, '\n'), 0o600)
	})
	if err != nil {
		// No half bundle: a folder without its manifest is not one, but
		// it holds personal data all the same.
		for _, k := range BundleKinds {
			os.Remove(filepath.Join(dir, k.File))
		}
		return nil, fmt.Errorf("store.ExportBundle: %w", err)
	}
	return m, nil
}

// exportFile writes the file of one kind into dir and describes it.
func (tx *Tx) exportFile(ctx context.Context, sealer *Sealer, k *BundleKind, dir string) (ManifestFile, error) {
	f, err := os.OpenFile(filepath.Join(dir, k.File), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return ManifestFile{}, err
	}
	h := sha256.New()
	w := bufio.NewWriter(io.MultiWriter(f, h))
	rows, err := tx.exportKind(ctx, sealer, k, w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return ManifestFile{Name: k.File, Rows: rows, SHA256: hex.EncodeToString(h.Sum(nil))}, err
}

// dbColumns returns the table columns behind a bundle column: a BSN is
// three.
func (c BundleColumn) dbColumns() []string {
	if c.Type == BundleBSN {
		return []string{"bsn_encrypted", "bsn_hash", "bsn_last4"}
	}
	return []string{c.Name}
}

// exportKind writes one kind as CSV to w and returns its number of rows.
func (tx *Tx) exportKind(ctx context.Context, sealer *Sealer, k *BundleKind, w io.Writer) (int, error) {
	sel := make([]string, len(k.Columns))
	for i, c := range k.Columns {
		sel[i] = c.Name
		if c.Type == BundleBSN {
			sel[i] = "bsn_encrypted"
		}
	}
	order := make([]string, len(k.Key))
	for i, name := range k.Key {
		order[i] = name
		if tx.db.Dialect == Postgres && k.column(name).Type == BundleText {
			order[i] += ` COLLATE "C"` // byte order, as SQLite sorts
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+strings.Join(sel, ", ")+` FROM `+k.Table+` ORDER BY `+strings.Join(order, ", "))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	if err := cw.Write(k.names()); err != nil {
		return 0, err
	}
	vals := make([]any, len(k.Columns))
	ptrs := make([]any, len(k.Columns))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	rec := make([]string, len(k.Columns))
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, err
		}
		for i, c := range k.Columns {
			s, err := formatBundleValue(c, vals[i], sealer)
			if err != nil {
				return 0, fmt.Errorf("regel %d, kolom %s: %w", n+2, c.Name, err)
			}
			rec[i] = s
		}
		if err := cw.Write(rec); err != nil {
			return 0, err
		}
		if k.Table == "candidates" {
			id, _ := strconv.ParseInt(rec[0], 10, 64)
			loggedCandidate(ctx, id)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	cw.Flush()
	return n, cw.Error()
}

// formatBundleValue writes a scanned value in the bundle's normal form, the
// same for both dialects: NULL is empty.
func formatBundleValue(c BundleColumn, v any, sealer *Sealer) (string, error) {
	if v == nil {
		return "", nil
	}
	switch c.Type {
	case BundleInt:
		switch x := v.(type) {
		case int64:
			return strconv.FormatInt(x, 10), nil
		case int32:
			return strconv.FormatInt(int64(x), 10), nil
		case float64:
			return strconv.FormatInt(int64(x), 10), nil
		}
		s := asString(v)
		if _, err := strconv.ParseInt(s, 10, 64); err != nil {
			return "", fmt.Errorf("geen geheel getal: %q", s)
		}
		return s, nil
	case BundleBool:
		switch x := v.(type) {
		case bool:
			return strconv.FormatBool(x), nil
		case int64:
			return strconv.FormatBool(x != 0), nil
		}
		b, err := strconv.ParseBool(asString(v))
		if err != nil {
			return "", fmt.Errorf("geen waar/onwaar: %v", v)
		}
		return strconv.FormatBool(b), nil
	case BundleDate:
		var d werkpad.Date
		if err := d.Scan(v); err != nil {
			return "", err
		}
		if d.IsZero() {
			return "", nil
		}
		return d.String(), nil
	case BundleTimestamp:
		t, err := scanTimestamp(v)
		if err != nil {
			return "", err
		}
		return t.UTC().Truncate(time.Microsecond).Format(bundleTimeLayout), nil
	case BundleBSN:
		return sealer.Open(asString(v))
	}
	return asString(v), nil
}

func asString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

// scanTimestamp reads a TIMESTAMP column: a time.Time, or the text forms
// SQLite keeps.
func scanTimestamp(v any) (time.Time, error) {
	if t, ok := v.(time.Time); ok {
		return t, nil
	}
	s := asString(v)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999Z07:00",
		"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("geen tijdstip: %q", s)
}

func (k *BundleKind) names() []string {
	names := make([]string, len(k.Columns))
	for i, c := range k.Columns {
		names[i] = c.Name
	}
	return names
}

func (k *BundleKind) column(name string) BundleColumn {
	for _, c := range k.Columns {
		if c.Name == name {
			return c
		}
	}
	return BundleColumn{}
}

package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"werkpad"
)

// BundleProblem is one error in a bundle: file, line (1 is the header; 0
// for the file as a whole) and column.
type BundleProblem struct {
	File   string
	Line   int
	Column string
	Msg    string
}

func (p BundleProblem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ", regel %d", p.Line)
	}
	if p.Column != "" {
		fmt.Fprintf(&b, ", kolom %s", p.Column)
	}
	return b.String() + ": " + p.Msg
}

// Bundle is a read and checked bundle: per kind, its rows as values ready
// to insert (BSNs still plain).
type Bundle struct {
	Manifest Manifest
	Rows     map[string][][]any // by table
	Lines    map[string][]int   // the line of each row in its file
}

// ReadBundle reads the bundle in dir and checks all of it: the manifest
// and its checksums, the header of every file, every value against its
// column (type, required, text rules, BSN) and every reference. It returns
// all problems found, in file and line order; the bundle is only usable
// when there are none.
func ReadBundle(dir string) (*Bundle, []BundleProblem, error) {
	var probs []BundleProblem
	add := func(file string, line int, col, format string, args ...any) {
		probs = append(probs, BundleProblem{File: file, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)})
	}
	raw, err := os.ReadFile(filepath.Join(dir, BundleManifest))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, werkpad.Errorf(werkpad.ENOTFOUND, "In %s staat geen %s: dat is geen werkpad-bundel.", dir, BundleManifest)
	} else if err != nil {
		return nil, nil, err
	}
	b := &Bundle{Rows: map[string][][]any{}, Lines: map[string][]int{}}
	if err := json.Unmarshal(raw, &b.Manifest); err != nil {
		return nil, nil, werkpad.Errorf(werkpad.EINVALID, "%s is geen geldige JSON: %v", BundleManifest, err)
	}
	if b.Manifest.Format != BundleFormat || b.Manifest.Version != BundleVersion {
		return nil, nil, werkpad.Errorf(werkpad.EINVALID, "%s beschrijft formaat %q versie %d; deze werkpad leest %q versie %d.",
			BundleManifest, b.Manifest.Format, b.Manifest.Version, BundleFormat, BundleVersion)
	}
	listed := map[string]ManifestFile{}
	for _, f := range b.Manifest.Files {
		listed[f.Name] = f
	}
	for _, f := range b.Manifest.Files {
		if bundleKind(f.Name) == nil {
			add(BundleManifest, 0, "", "onbekend bestand %s", f.Name)
		}
	}
	// keys holds the values of every column some other column refers to.
	keys := map[string]map[string]bool{}
	for _, k := range BundleKinds {
		for _, c := range k.Columns {
			if c.Ref != "" {
				keys[c.Ref] = map[string]bool{}
			}
		}
	}
	for i := range BundleKinds {
		k := &BundleKinds[i]
		mf, ok := listed[k.File]
		if !ok {
			add(BundleManifest, 0, "", "%s ontbreekt in de lijst van bestanden", k.File)
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, k.File))
		if errors.Is(err, fs.ErrNotExist) {
			add(k.File, 0, "", "het bestand ontbreekt in %s", dir)
			continue
		} else if err != nil {
			add(k.File, 0, "", "het bestand is niet te lezen: %v", err)
			continue
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != mf.SHA256 {
			add(k.File, 0, "", "de SHA-256 klopt niet met %s: het bestand is veranderd of beschadigd", BundleManifest)
		}
		rows, lines, n := readKind(k, data, keys, func(line int, col, format string, args ...any) { add(k.File, line, col, format, args...) })
		if n != mf.Rows {
			add(k.File, 0, "", "%d regels, maar %s noemt er %d", n, BundleManifest, mf.Rows)
		}
		b.Rows[k.Table], b.Lines[k.Table] = rows, lines
	}
	return b, probs, nil
}

func bundleKind(file string) *BundleKind {
	for i := range BundleKinds {
		if BundleKinds[i].File == file {
			return &BundleKinds[i]
		}
	}
	return nil
}

// readKind parses and checks one file; it records the values of referenced
// columns in keys, after checking its own references against them (kinds
// come after the kinds they refer to).
func readKind(k *BundleKind, data []byte, keys map[string]map[string]bool, add func(line int, col, format string, args ...any)) ([][]any, []int, int) {
	if err := werkpad.CheckRawText(k.File, data); err != nil {
		add(0, "", "%s", werkpad.ErrorMessage(err))
		return nil, nil, 0
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		add(1, "", "geen kopregel: %v", err)
		return nil, nil, 0
	}
	want := k.names()
	if strings.Join(header, ",") != strings.Join(want, ",") {
		for i, name := range want {
			if i >= len(header) || header[i] != name {
				got := "(geen)"
				if i < len(header) {
					got = header[i]
				}
				add(1, name, "kolom %d heet %s, verwacht %s (kopregel: %s)", i+1, got, name, strings.Join(want, ","))
				return nil, nil, 0
			}
		}
		add(1, header[len(want)], "onbekende kolom (kopregel: %s)", strings.Join(want, ","))
		return nil, nil, 0
	}
	var out [][]any
	var lines []int
	seen := map[string]bool{}
	bsns := map[string]int{}
	n := 0
	for {
		rec, err := r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			line, msg := 0, err.Error()
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line, msg = pe.Line, fmt.Sprintf("teken %d: %v", pe.Column, pe.Err)
				if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
					msg = fmt.Sprintf("teken %d: een aanhalingsteken staat verkeerd (binnen een veld tussen aanhalingstekens wordt \" verdubbeld tot \"\")", pe.Column)
				}
			}
			add(line, "", "onleesbare CSV, %s; de rest van het bestand is niet gelezen", msg)
			break
		}
		n++
		line, _ := r.FieldPos(0)
		if len(rec) != len(k.Columns) {
			add(line, "", "%d velden, verwacht %d", len(rec), len(k.Columns))
			continue
		}
		row := make([]any, len(k.Columns))
		ok := true
		for i, c := range k.Columns {
			v, err := parseBundleValue(k.Table, c, rec[i])
			if err != nil {
				add(line, c.Name, "%s", err.Error())
				ok = false
				continue
			}
			if c.Ref != "" && v != nil && !keys[c.Ref][rec[i]] {
				add(line, c.Name, "%s %s bestaat niet in %s", refColumn(c.Ref), rec[i], refFile(c.Ref))
				ok = false
			}
			// A person is one candidate: candidates.bsn is unique (a
			// referral may repeat a BSN).
			if c.Type == BundleBSN && rec[i] != "" && k.Table == "candidates" {
				if first, dup := bsns[rec[i]]; dup {
					add(line, c.Name, "dit BSN staat ook op regel %d", first)
					ok = false
				}
				bsns[rec[i]] = line
			}
			row[i] = v
		}
		key := make([]string, len(k.Key))
		for i, name := range k.Key {
			key[i] = rec[k.index(name)]
		}
		if ks := strings.Join(key, "\x00"); seen[ks] {
			add(line, k.Key[0], "de sleutel %s komt twee keer voor", strings.Join(key, ", "))
			ok = false
		} else {
			seen[ks] = true
		}
		for i, c := range k.Columns {
			if set := keys[k.Table+"."+c.Name]; set != nil {
				set[rec[i]] = true
			}
		}
		if ok {
			out, lines = append(out, row), append(lines, line)
		}
	}
	return out, lines, n
}

func refColumn(ref string) string { _, c, _ := strings.Cut(ref, "."); return c }
func refFile(ref string) string   { t, _, _ := strings.Cut(ref, "."); return t + ".csv" }

func (k *BundleKind) index(name string) int {
	for i, c := range k.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// bundleLine are the one-line texts (names); bundleUnbounded the texts
// that may be longer than MaxTextLong (stored JSON).
var (
	bundleLine      = map[string]bool{"given_name": true, "infix": true, "surname": true, "email": true, "kvk": true}
	bundleUnbounded = map[string]bool{"report_fixes.figures": true, "report_fixes.records": true, "report_fixes.definitions": true}
)

// parseBundleValue reads one CSV value as the Go value to insert; nil is
// NULL. A BSN stays plain text here.
func parseBundleValue(table string, c BundleColumn, s string) (any, error) {
	if s == "" {
		switch {
		case c.Required:
			return nil, errors.New("leeg, maar verplicht")
		case c.Type == BundleText && !c.Null:
			return "", nil
		case c.Type == BundleBSN:
			return "", nil
		}
		return nil, nil
	}
	switch c.Type {
	case BundleInt:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is geen geheel getal", s)
		}
		return n, nil
	case BundleBool:
		switch s {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, fmt.Errorf("%q is geen true of false", s)
	case BundleDate:
		d, err := werkpad.ParseDate(s)
		if err != nil || len(s) != 10 || s[4] != '-' {
			return nil, fmt.Errorf("%q is geen datum als 2024-06-30", s)
		}
		if err := werkpad.CheckDateRange(c.Name, d); err != nil {
			return nil, errors.New(werkpad.ErrorMessage(err))
		}
		return d.String(), nil
	case BundleTimestamp:
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, fmt.Errorf("%q is geen tijdstip als 2024-06-30T12:00:00.000000Z", s)
		}
		return t.UTC(), nil
	case BundleBSN:
		if !werkpad.ValidBSN(s) {
			return nil, fmt.Errorf("%q is geen geldig BSN (9 cijfers, elfproef)", s)
		}
		return s, nil
	}
	var err error
	switch {
	case bundleUnbounded[table+"."+c.Name]:
		err = werkpad.CheckText(c.Name, s, 1<<30)
	case bundleLine[c.Name]:
		err = werkpad.CheckLine(c.Name, s, werkpad.MaxTextShort)
	default:
		err = werkpad.CheckText(c.Name, s, werkpad.MaxTextLong)
	}
	if err != nil {
		return nil, errors.New(werkpad.ErrorMessage(err))
	}
	return s, nil
}

// ErrBundleTargetNotEmpty refuses a bundle import into a database that
// already holds records.
var ErrBundleTargetNotEmpty = errors.New("doeldatabase niet leeg")

// ImportBundle loads a checked bundle into d in one transaction: all of it
// or nothing. The database must be empty apart from what the migrations
// fill (merged by key). Ids are kept; BSNs are sealed with sealer, and on
// PostgreSQL the id sequences are moved past the highest id.
func (d *DB) ImportBundle(ctx context.Context, sealer *Sealer, b *Bundle) error {
	return d.inTx(ctx, func(tx *Tx) error {
		for _, k := range BundleKinds {
			if bundleSeeded[k.Table] {
				continue
			}
			var one int
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM `+k.Table+` LIMIT 1`).Scan(&one)
			if err == nil {
				return fmt.Errorf("%w: %w", ErrBundleTargetNotEmpty, werkpad.Errorf(werkpad.ECONFLICT,
					"De database is niet leeg: %s bevat al gegevens. Een bundel laadt alleen in een lege database (maak een nieuwe aan met werkpad migrate); er is niets opgeslagen.", k.Table))
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		total := 0
		for i := range BundleKinds {
			k := &BundleKinds[i]
			if err := tx.insertKind(ctx, sealer, k, b.Rows[k.Table], b.Lines[k.Table]); err != nil {
				return err
			}
			total += len(b.Rows[k.Table])
		}
		if d.Dialect == Postgres {
			for _, k := range BundleKinds {
				if len(k.Key) != 1 || k.Key[0] != "id" || k.column("id").Type != BundleInt {
					continue
				}
				_, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+k.Table+`', 'id'), COALESCE((SELECT MAX(id) FROM `+k.Table+`), 0) + 1, false)`)
				if err != nil {
					return fmt.Errorf("store.ImportBundle: sequence of %s: %w", k.Table, err)
				}
			}
		}
		return tx.audit(ctx, "importeren", "bundel", "", "",
			fmt.Sprintf("bundel van %s (%s, schema %d): %d regels", b.Manifest.CreatedAt, b.Manifest.SourceDialect, b.Manifest.SchemaVersion, total))
	})
}

// insertKind inserts the rows of one kind in multi-row statements; a
// seeded kind is merged on its key. When the database refuses a statement
// (a constraint the checks do not know), its rows are tried one by one
// after a rollback to a savepoint, to name the line.
func (tx *Tx) insertKind(ctx context.Context, sealer *Sealer, k *BundleKind, rows [][]any, lines []int) error {
	var cols []string
	for _, c := range k.Columns {
		cols = append(cols, c.dbColumns()...)
	}
	omitted := BundleOmitted[k.Table]
	for _, o := range omitted {
		cols = append(cols, o.Column)
	}
	tail := ""
	if bundleSeeded[k.Table] {
		var set []string
		for _, c := range cols {
			if k.index(c) >= 0 && !slices.Contains(k.Key, c) {
				set = append(set, c+" = excluded."+c)
			}
		}
		tail = " ON CONFLICT (" + strings.Join(k.Key, ", ") + ") DO NOTHING"
		if len(set) > 0 {
			tail = " ON CONFLICT (" + strings.Join(k.Key, ", ") + ") DO UPDATE SET " + strings.Join(set, ", ")
		}
	}
	placeholder := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	insert := func(n int, args []any) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO `+k.Table+` (`+strings.Join(cols, ", ")+`) VALUES `+
			strings.TrimSuffix(strings.Repeat(placeholder+", ", n), ", ")+tail, args...)
		return err
	}
	idIndex := k.index("id")
	// The marker retention leaves in bsn_hash of an erased BSN.
	marker := "geanonimiseerd-"
	if k.Table == "referrals" {
		marker = "geanonimiseerd-aanmelding-"
	}
	rowArgs := func(row []any) []any {
		var args []any
		for i, c := range k.Columns {
			if c.Type != BundleBSN {
				args = append(args, row[i])
				continue
			}
			bsn := row[i].(string)
			if bsn == "" { // erased by retention: a marker that matches no BSN
				args = append(args, "", fmt.Sprintf("%s%d", marker, row[idIndex]), "")
				continue
			}
			args = append(args, sealer.Seal(bsn), sealer.Hash(bsn), bsn[len(bsn)-4:])
		}
		for _, o := range omitted {
			args = append(args, o.Default)
		}
		return args
	}
	batch := max(1, 900/len(cols))
	for start := 0; start < len(rows); start += batch {
		end := min(start+batch, len(rows))
		var args []any
		for _, row := range rows[start:end] {
			if k.Table == "candidates" {
				loggedCandidate(ctx, row[idIndex].(int64))
			}
			args = append(args, rowArgs(row)...)
		}
		if _, err := tx.ExecContext(ctx, `SAVEPOINT bundle_batch`); err != nil {
			return err
		}
		err := insert(end-start, args)
		if err == nil {
			if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT bundle_batch`); err != nil {
				return err
			}
			continue
		}
		if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT bundle_batch`); rerr != nil {
			return fmt.Errorf("store.ImportBundle(%s): %w", k.File, err)
		}
		for i := start; i < end; i++ {
			if rerr := insert(1, rowArgs(rows[i])); rerr != nil {
				return werkpad.Errorf(werkpad.EINVALID, "%s, regel %d: de database weigert de regel: %s; er is niets opgeslagen.", k.File, lines[i], oneLineDBError(rerr))
			}
		}
		return fmt.Errorf("store.ImportBundle(%s): %w", k.File, err)
	}
	return nil
}

// oneLineDBError keeps the first line of a driver's error.
func oneLineDBError(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

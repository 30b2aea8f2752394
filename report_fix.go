package werkpad

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// IndicatorDefinitionsVersion names the definitions of the indicators
// (DESIGN "Indicators" and the attribution dates of IndicatorAttribution).
// A fixed report records it; change it with any change to a definition.
const IndicatorDefinitionsVersion = "2026-12-a (woongemeente op teldatum)"

// ReportFix is a report of a period fixed ("vastgesteld") by a controller:
// the figures as computed then, who and when, and the fingerprint of the
// records they were computed from.
type ReportFix struct {
	ID          int64         `json:"id"`
	Period      Period        `json:"periode"`
	Definitions string        `json:"definities"`
	FixedBy     string        `json:"vastgesteldDoor"`
	FixedAt     time.Time     `json:"vastgesteldOp"`
	Note        string        `json:"toelichting,omitempty"`
	Fingerprint string        `json:"vingerafdruk"`
	Figures     *IndicatorSet `json:"cijfers"`
}

// DriftFigure is one figure that differs now from its fixed value, with
// the records that make the difference: Added count now and did not then,
// Removed counted then and do not now (a record whose attributes changed
// is in both).
type DriftFigure struct {
	Key          IndicatorKey   `json:"indicator"`
	Municipality string         `json:"gemeente"`
	Fixed        int64          `json:"vastgesteld"`
	Current      int64          `json:"actueel"`
	Delta        int64          `json:"verschil"`
	Added        []IndicatorRow `json:"erbij"`
	Removed      []IndicatorRow `json:"eraf"`
}

// ReportDrift is the drift of a fixed report: the figures that changed
// since fixing, in the caller's scope.
type ReportDrift struct {
	Fix                *ReportFix    `json:"vaststelling"`
	CurrentFingerprint string        `json:"actueleVingerafdruk"`
	Figures            []DriftFigure `json:"cijfers"`
}

// Fingerprint is the sha256 of the records a report is computed from, in
// a canonical order, independent of names (which are not input).
func Fingerprint(rows []IndicatorRow) string {
	lines := make([]string, len(rows))
	for i, r := range rows {
		lines[i] = r.identity()
	}
	slices.Sort(lines)
	h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(h[:])
}

// identity is what makes a row the same row in two computations.
func (r IndicatorRow) identity() string {
	return fmt.Sprintf("%s|%s|%s|%d|%d|%s|%d", r.Key, r.Municipality, r.Record, r.RecordID, r.CandidateID, r.Date, r.Value)
}

// Drift compares the rows a report was fixed on with the rows of now and
// returns the figures that differ, in the order of IndicatorKeys and by
// municipality. fixedFigure gives the stored figure of a key and
// municipality, currentFigure the one computed now.
func Drift(fixed, current []IndicatorRow, fixedFigure, currentFigure func(k IndicatorKey, code string) int64) []DriftFigure {
	type cell struct {
		k    IndicatorKey
		code string
	}
	count := map[string]int{}
	for _, r := range fixed {
		count[r.identity()]++
	}
	added := map[cell][]IndicatorRow{}
	for _, r := range current {
		if count[r.identity()] > 0 {
			count[r.identity()]--
			continue
		}
		c := cell{r.Key, r.Municipality}
		added[c] = append(added[c], r)
	}
	removed := map[cell][]IndicatorRow{}
	for _, r := range fixed {
		if count[r.identity()] > 0 {
			count[r.identity()]--
			c := cell{r.Key, r.Municipality}
			removed[c] = append(removed[c], r)
		}
	}
	cells := map[cell]bool{}
	for c := range added {
		cells[c] = true
	}
	for c := range removed {
		cells[c] = true
	}
	var out []DriftFigure
	for c := range cells {
		f := DriftFigure{Key: c.k, Municipality: c.code, Fixed: fixedFigure(c.k, c.code), Current: currentFigure(c.k, c.code),
			Added: added[c], Removed: removed[c]}
		f.Delta = f.Current - f.Fixed
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b DriftFigure) int {
		if d := slices.Index(IndicatorKeys, a.Key) - slices.Index(IndicatorKeys, b.Key); d != 0 {
			return d
		}
		return strings.Compare(a.Municipality, b.Municipality)
	})
	return out
}

// ReportFixService fixes reports and shows their drift.
type ReportFixService interface {
	// FixReport fixes the report of period for the whole region
	// (controller): figures, records and fingerprint of now.
	FixReport(ctx context.Context, period Period, note string) (*ReportFix, error)
	// ReportFixes lists the fixings in force (the latest per period), newest
	// period first, figures limited to the caller's scope.
	ReportFixes(ctx context.Context) ([]*ReportFix, error)
	// ReportFix returns the fixing in force for period; ENOTFOUND if none.
	ReportFix(ctx context.Context, period Period) (*ReportFix, error)
	// ReportDrift compares a fixed report with the records of now.
	ReportDrift(ctx context.Context, period Period) (*ReportDrift, error)
}

// RolesFixReports may fix a report.
var RolesFixReports = []Role{RoleController}

package store_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/finance"
	"werkpad/store"
)

func financeAudits(t *testing.T, db *store.DB) []*werkpad.AuditEvent {
	t.Helper()
	evs, _, err := store.NewAuditService(db).FindAuditEvents(adminCtx, werkpad.AuditFilter{Entity: "financien", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func TestFinanceLoadAndFind(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		svc := store.NewFinanceService(db)
		tables, err := finance.Load()
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.LoadFinance(adminCtx, tables, false); err != nil {
			t.Fatal(err)
		}
		got, err := svc.FindFinanceTables(adminCtx, 2024)
		if err != nil {
			t.Fatal(err)
		}
		// Read back exactly as loaded, so the checks give the same answer.
		if diff := cmp.Diff(tables, got); diff != "" {
			t.Fatalf("round trip (-loaded +read):\n%s", diff)
		}
		if none, err := svc.FindFinanceTables(adminCtx, 2023); err != nil || len(none) != 0 {
			t.Errorf("2023: %d tables, %v", len(none), err)
		}

		// Loading again is refused, replacing is allowed; both leave one audit row each.
		if err := svc.LoadFinance(adminCtx, tables, false); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("second load: %v, want conflict", err)
		}
		if err := svc.LoadFinance(adminCtx, tables[:1], true); err != nil {
			t.Fatal(err)
		}
		evs := financeAudits(t, db)
		if len(evs) != 2 || evs[0].Action != "vervangen" || evs[1].Action != "laden" || evs[1].Detail != "22 tabellen, 250 rijen" {
			for _, e := range evs {
				t.Logf("%+v", e)
			}
			t.Errorf("audit rows: %d", len(evs))
		}

		// Only a controller or beheerder loads.
		ctrl := MustCreateUser(t, db, "c@mgr.nl", werkpad.RoleController)
		cons := MustCreateUser(t, db, "k@mgr.nl", werkpad.RoleConsultant)
		if err := svc.LoadFinance(asUser(cons), tables, true); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("consulent load: %v", err)
		}
		if _, err := svc.FindFinanceTables(asUser(cons), 2024); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("consulent find: %v", err)
		}
		if all, err := svc.FindFinanceTables(asUser(ctrl), 2024); err != nil || len(all) != 22 {
			t.Errorf("controller: %d tables, %v", len(all), err)
		}
	})
}

func TestFinanceTenancy(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		svc := store.NewFinanceService(db)
		tables, err := finance.Load()
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.LoadFinance(adminCtx, tables, false); err != nil {
			t.Fatal(err)
		}
		beuningen := MustCreateUser(t, db, "g@beuningen.nl", werkpad.RoleMunicipality, "GM0209")
		got, err := svc.FindFinanceTables(asUser(beuningen), 2024)
		if err != nil {
			t.Fatal(err)
		}
		rowKeys := map[string][]string{}
		for _, tab := range got {
			for _, r := range tab.Rows {
				rowKeys[tab.Key] = append(rowKeys[tab.Key], r.Key)
				if r.Municipality != "" && r.Municipality != "GM0209" {
					t.Errorf("%s: row of %s visible to Beuningen", tab.Key, r.Municipality)
				}
			}
		}
		for _, k := range []string{"gemeentelijke_bijdragen_begroot", "gemeentelijke_bijdragen_mutaties", "gemeentelijke_bijdragen_prognose"} {
			if diff := cmp.Diff([]string{"GM0209", "werkorg_druten_wijchen", "odrn", "totaal"}, rowKeys[k]); diff != "" {
				t.Errorf("%s rows (-want +got):\n%s", k, diff)
			}
		}
		for _, k := range []string{"sw_bijdrage_begroot", "sw_bijdrage_mutatie", "sw_bijdrage_prognose"} {
			if diff := cmp.Diff([]string{"GM0209", "totaal"}, rowKeys[k]); diff != "" {
				t.Errorf("%s rows (-want +got):\n%s", k, diff)
			}
		}
		// Tables without municipalities are whole.
		if len(rowKeys["mgr_totaal"]) != 13 {
			t.Errorf("mgr_totaal: %d rows, want 13", len(rowKeys["mgr_totaal"]))
		}
		// Two municipalities in scope: both.
		two := MustCreateUser(t, db, "g@rvn.nl", werkpad.RoleMunicipality, "GM0209", "GM0268")
		got, _ = svc.FindFinanceTables(asUser(two), 2024)
		for _, tab := range got {
			if tab.Key == "sw_bijdrage_begroot" && len(tab.Rows) != 3 {
				t.Errorf("two municipalities: %d SW rows, want 3", len(tab.Rows))
			}
		}
	})
}

func TestFinanceSetCellsAllOrNothing(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		svc := store.NewFinanceService(db)
		tables, err := finance.Load()
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.LoadFinance(adminCtx, tables, false); err != nil {
			t.Fatal(err)
		}
		good := werkpad.FinanceCellUpdate{Line: 2, Table: "investeringen_werkbedrijf", Row: "totaal", Column: "jaarprognose", Amount: 4328}
		bad := werkpad.FinanceCellUpdate{Line: 3, Table: "investeringen_werkbedrijf", Row: "bestaat_niet", Column: "jaarprognose", Amount: 1}
		err = svc.SetFinanceCells(adminCtx, 2024, []werkpad.FinanceCellUpdate{good, bad})
		if werkpad.ErrorCode(err) != werkpad.EINVALID || werkpad.ErrorField(err) != "regel 3" {
			t.Fatalf("bad line: %v", err)
		}
		cell := func() int64 {
			got, _ := svc.FindFinanceTables(adminCtx, 2024)
			for _, tab := range got {
				if tab.Key == "investeringen_werkbedrijf" {
					r, _ := tab.Row("totaal")
					return r.Cells["jaarprognose"]
				}
			}
			return 0
		}
		if v := cell(); v != 4228 {
			t.Fatalf("after a refused import the cell is %d, want the published 4228", v)
		}
		if err := svc.SetFinanceCells(adminCtx, 2024, []werkpad.FinanceCellUpdate{good}); err != nil {
			t.Fatal(err)
		}
		if v := cell(); v != 4328 {
			t.Errorf("after import: %d, want 4328", v)
		}
		evs := financeAudits(t, db)
		if evs[0].Action != "importeren" || !strings.Contains(evs[0].Detail, "investeringen_werkbedrijf/totaal/jaarprognose: 4228 → 4328") {
			t.Errorf("audit: %+v", evs[0])
		}
		if err := svc.SetFinanceCells(adminCtx, 2025, []werkpad.FinanceCellUpdate{good}); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("year without tables: %v", err)
		}
	})
}

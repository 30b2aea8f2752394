package store

import (
	"context"
	"fmt"
	"strconv"

	"werkpad"
)

// AgreementService implements werkpad.AgreementService. The rules of who
// may do what, and of closed periods, are in the comment at the top of
// werkpad/agreement_service.go.
type AgreementService struct{ db *DB }

func NewAgreementService(db *DB) *AgreementService { return &AgreementService{db: db} }

var _ werkpad.AgreementService = (*AgreementService)(nil)

// LoadAgreement stores a version with its card, municipality-years, extras
// and lines. A version that is already stored is refused unless replace is
// set; replacing is refused once amendments or realisation refer to it.
func (s *AgreementService) LoadAgreement(ctx context.Context, a *werkpad.Agreement, replace bool) error {
	if _, err := werkpad.RequireRole(ctx, werkpad.RoleController, werkpad.RoleAdmin); err != nil {
		return err
	}
	if err := werkpad.ValidateAgreement(a); err != nil {
		return err
	}
	period, _ := a.Period()
	err := s.db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM agreements WHERE version = ?`, a.Version).Scan(&n); err != nil {
			return err
		}
		action := "laden"
		if n > 0 {
			if !replace {
				return werkpad.Errorf(werkpad.ECONFLICT, "DVO-versie %s is al geladen. Wilt u die versie overschrijven, laad dan opnieuw met vervangen; "+
					"een tussentijdse wijziging van lokale keuzes gaat via een wijzigingsvoorstel (art. 16.3).", a.Version)
			}
			var used int
			if err := tx.QueryRowContext(ctx, `SELECT
				(SELECT COUNT(*) FROM agreement_amendments WHERE version = ?) +
				(SELECT COUNT(*) FROM agreement_realisations r JOIN agreement_years y ON y.id = r.agreement_year_id WHERE y.version = ?)`,
				a.Version, a.Version).Scan(&used); err != nil {
				return err
			}
			if used > 0 {
				return werkpad.Errorf(werkpad.ECONFLICT, "DVO-versie %s kan niet meer vervangen worden: er zijn al wijzigingen of realisatie op vastgelegd.", a.Version)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM agreements WHERE version = ?`, a.Version); err != nil {
				return err
			}
			action = "vervangen"
		}
		if err := tx.insertAgreement(ctx, a, period); err != nil {
			return err
		}
		return tx.audit(ctx, action, "overeenkomst", a.Version, "",
			fmt.Sprintf("%d keuzekaart-items, %d gemeente-jaren", len(a.Card), len(a.Years)))
	})
	if err != nil {
		return fmt.Errorf("store.LoadAgreement(%s): %w", a.Version, err)
	}
	return nil
}

func (tx *Tx) insertAgreement(ctx context.Context, a *werkpad.Agreement, period werkpad.Period) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO agreements (version, name, period_from, period_to, loaded_at) VALUES (?, ?, ?, ?, ?)`,
		a.Version, a.Name, period.From, period.To, tx.now); err != nil {
		return err
	}
	for i, p := range a.PartYears {
		if _, err := tx.ExecContext(ctx, `INSERT INTO agreement_part_years (version, position, year, note, article) VALUES (?, ?, ?, ?, ?)`,
			a.Version, i, p.Year, p.Note, p.Article); err != nil {
			return err
		}
	}
	for i, c := range a.Card {
		if _, err := tx.ExecContext(ctx, `INSERT INTO agreement_card_items
			(version, code, position, name, unit, unit_price_cents, quote, article, instrument) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.Version, c.Code, i, c.Name, c.Unit, int64(c.UnitPrice), c.Quote, c.Article, c.Instrument); err != nil {
			return err
		}
		for j, y := range c.Years {
			if _, err := tx.ExecContext(ctx, `INSERT INTO agreement_card_item_years (version, code, position, year) VALUES (?, ?, ?, ?)`,
				a.Version, c.Code, j, y); err != nil {
				return err
			}
		}
	}
	for i, my := range a.Years {
		var known int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM municipalities WHERE code = ?`, my.Municipality).Scan(&known); err != nil {
			return err
		}
		if known == 0 {
			return werkpad.FieldError(fmt.Sprintf("gemeenten[%s]", my.Municipality), "Onbekende gemeente %s.", my.Municipality)
		}
		id, err := tx.insertID(ctx, `INSERT INTO agreement_years (version, position, municipality, municipality_name, year,
			budget_cents, budget_article, old_obligations_cents, old_obligations_article) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.Version, i, my.Municipality, my.Name, my.Year, int64(my.Budget), my.BudgetArticle, int64(my.OldObligations), my.OldObligationsArticle)
		if err != nil {
			return err
		}
		for j, x := range my.Extras {
			if _, err := tx.ExecContext(ctx, `INSERT INTO agreement_extras (agreement_year_id, position, description, amount_cents,
				has_amount, in_local_budget, article, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				id, j, x.Description, int64(x.Amount), x.HasAmount, x.InLocalBudget, x.Article, x.Page); err != nil {
				return err
			}
		}
		if err := tx.insertLines(ctx, id, my.Lines); err != nil {
			return err
		}
	}
	return nil
}

// insertLines writes the card lines of a municipality-year in order.
func (tx *Tx) insertLines(ctx context.Context, yearID int64, lines []werkpad.Line) error {
	for j, l := range lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO agreement_lines (agreement_year_id, position, item, quantity_milli,
			agreed_cents, has_agreed, description, article, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			yearID, j, l.Item, int64(l.Quantity), int64(l.Agreed), l.HasAgreed, l.Description, l.Article, l.Page); err != nil {
			return err
		}
	}
	return nil
}

// FindAgreements lists the stored versions, newest period first.
func (s *AgreementService) FindAgreements(ctx context.Context) ([]*werkpad.AgreementVersion, error) {
	if _, err := werkpad.RequireUser(ctx); err != nil {
		return nil, err
	}
	var out []*werkpad.AgreementVersion
	err := s.db.readTx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT version, name, period_from, period_to, loaded_at, status FROM agreements ORDER BY period_from DESC, version`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v werkpad.AgreementVersion
			var from, to werkpad.Date
			var status string
			if err := rows.Scan(&v.Version, &v.Name, &from, &to, &v.LoadedAt, &status); err != nil {
				return err
			}
			v.From, v.To, v.LoadedAt, v.Status = from.String(), to.String(), v.LoadedAt.UTC(), werkpad.AgreementStatus(status)
			out = append(out, &v)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindAgreements: %w", err)
	}
	return out, nil
}

// FindAgreement returns the version as in force on date on (today when
// zero), with only the municipality-years in the caller's scope.
func (s *AgreementService) FindAgreement(ctx context.Context, version string, on werkpad.Date) (*werkpad.Agreement, error) {
	u, err := werkpad.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	if on.IsZero() {
		on = werkpad.Today(s.db.Now())
	}
	var a *werkpad.Agreement
	err = s.db.readTx(ctx, func(tx *Tx) error {
		a, err = tx.agreementOn(ctx, version, on)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindAgreement(%s, %s): %w", version, on, err)
	}
	return a.OnlyMunicipalities(u.InScope), nil
}

// FindAgreementInForce returns the agreement that governs date on (today
// when zero): the version in force whose period contains on, or else the
// last one that ended before on, extended tacitly (art. 16.1) with the
// choices of its last year carried into on's year. Only the
// municipality-years in the caller's scope are kept.
func (s *AgreementService) FindAgreementInForce(ctx context.Context, on werkpad.Date) (*werkpad.InForceOn, error) {
	u, err := werkpad.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	if on.IsZero() {
		on = werkpad.Today(s.db.Now())
	}
	versions, err := s.FindAgreements(ctx)
	if err != nil {
		return nil, err
	}
	out := &werkpad.InForceOn{On: on}
	v, extended, ok := werkpad.VersionInForce(versions, on)
	if !ok {
		return out, nil
	}
	out.Version, out.Extended = v, extended
	err = s.db.readTx(ctx, func(tx *Tx) error {
		out.Agreement, err = tx.agreementOn(ctx, v.Version, on)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindAgreementInForce(%s): %w", on, err)
	}
	if extended {
		out.Agreement = out.Agreement.ExtendedThrough(on.Y)
	}
	out.Agreement = out.Agreement.OnlyMunicipalities(u.InScope)
	return out, nil
}

// agreementOn reads a version and applies its amendments in force on date on.
func (tx *Tx) agreementOn(ctx context.Context, version string, on werkpad.Date) (*werkpad.Agreement, error) {
	a, err := tx.findAgreement(ctx, version)
	if err != nil {
		return nil, err
	}
	ams, err := tx.findAmendments(ctx, `version = ? AND status = ?`, version, string(werkpad.AmendmentInForce))
	if err != nil {
		return nil, err
	}
	return a.WithAmendments(ams, on), nil
}

// findAgreement rebuilds the version exactly as it was loaded, without
// amendments, for every municipality.
func (tx *Tx) findAgreement(ctx context.Context, version string) (*werkpad.Agreement, error) {
	a := &werkpad.Agreement{Version: version}
	var from, to werkpad.Date
	err := tx.QueryRowContext(ctx, `SELECT name, period_from, period_to FROM agreements WHERE version = ?`, version).Scan(&a.Name, &from, &to)
	if err != nil {
		return nil, notFound(err, "Overeenkomst "+strconv.Quote(version))
	}
	a.From, a.To = from.String(), to.String()

	err = tx.eachRow(ctx, func(scan func(...any) error) error {
		var p werkpad.PartYear
		if err := scan(&p.Year, &p.Note, &p.Article); err != nil {
			return err
		}
		a.PartYears = append(a.PartYears, p)
		return nil
	}, `SELECT year, note, article FROM agreement_part_years WHERE version = ? ORDER BY position`, version)
	if err != nil {
		return nil, err
	}

	years := map[string][]int{}
	err = tx.eachRow(ctx, func(scan func(...any) error) error {
		var code string
		var y int
		if err := scan(&code, &y); err != nil {
			return err
		}
		years[code] = append(years[code], y)
		return nil
	}, `SELECT code, year FROM agreement_card_item_years WHERE version = ? ORDER BY code, position`, version)
	if err != nil {
		return nil, err
	}
	err = tx.eachRow(ctx, func(scan func(...any) error) error {
		var c werkpad.CardItem
		var price int64
		if err := scan(&c.Code, &c.Name, &c.Unit, &price, &c.Quote, &c.Article, &c.Instrument); err != nil {
			return err
		}
		c.UnitPrice, c.Years = werkpad.Cents(price), years[c.Code]
		a.Card = append(a.Card, c)
		return nil
	}, `SELECT code, name, unit, unit_price_cents, quote, article, instrument FROM agreement_card_items WHERE version = ? ORDER BY position`, version)
	if err != nil {
		return nil, err
	}

	index := map[int64]int{} // agreement_years.id → index in a.Years
	err = tx.eachRow(ctx, func(scan func(...any) error) error {
		var id, budget, old int64
		var my werkpad.MunicipalityYear
		if err := scan(&id, &my.Municipality, &my.Name, &my.Year, &budget, &my.BudgetArticle, &old, &my.OldObligationsArticle); err != nil {
			return err
		}
		my.Budget, my.OldObligations = werkpad.Cents(budget), werkpad.Cents(old)
		index[id] = len(a.Years)
		a.Years = append(a.Years, my)
		return nil
	}, `SELECT id, municipality, municipality_name, year, budget_cents, budget_article, old_obligations_cents, old_obligations_article
		FROM agreement_years WHERE version = ? ORDER BY position`, version)
	if err != nil {
		return nil, err
	}
	err = tx.eachRow(ctx, func(scan func(...any) error) error {
		var id, amount int64
		var x werkpad.ExtraAgreement
		if err := scan(&id, &x.Description, &amount, &x.HasAmount, &x.InLocalBudget, &x.Article, &x.Page); err != nil {
			return err
		}
		x.Amount = werkpad.Cents(amount)
		my := &a.Years[index[id]]
		my.Extras = append(my.Extras, x)
		return nil
	}, `SELECT x.agreement_year_id, x.description, x.amount_cents, x.has_amount, x.in_local_budget, x.article, x.page
		FROM agreement_extras x JOIN agreement_years y ON y.id = x.agreement_year_id
		WHERE y.version = ? ORDER BY x.agreement_year_id, x.position`, version)
	if err != nil {
		return nil, err
	}
	err = tx.eachRow(ctx, func(scan func(...any) error) error {
		var id int64
		var l werkpad.Line
		if err := scan(append([]any{&id}, lineDest(&l)...)...); err != nil {
			return err
		}
		my := &a.Years[index[id]]
		my.Lines = append(my.Lines, l)
		return nil
	}, `SELECT l.agreement_year_id, `+lineColumns("l")+`
		FROM agreement_lines l JOIN agreement_years y ON y.id = l.agreement_year_id
		WHERE y.version = ? ORDER BY l.agreement_year_id, l.position`, version)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// lineColumns are the columns of a line in agreement_lines and
// agreement_amendment_lines, in the order lineDest scans them.
func lineColumns(alias string) string {
	p := alias + "."
	return p + "item, " + p + "quantity_milli, " + p + "agreed_cents, " + p + "has_agreed, " +
		p + "description, " + p + "article, " + p + "page"
}

// lineDest returns scan destinations for lineColumns; Milli and Cents scan
// as int64 through their underlying type.
func lineDest(l *werkpad.Line) []any {
	return []any{&l.Item, (*int64)(&l.Quantity), (*int64)(&l.Agreed), &l.HasAgreed, &l.Description, &l.Article, &l.Page}
}

// eachRow runs q and calls fn with the scan function of each row.
func (tx *Tx) eachRow(ctx context.Context, fn func(scan func(...any) error) error, q string, args ...any) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// agreementYearID returns the id of a municipality-year, or ENOTFOUND.
func (tx *Tx) agreementYearID(ctx context.Context, version, municipality string, year int) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM agreement_years WHERE version = ? AND municipality = ? AND year = ?`,
		version, municipality, year).Scan(&id)
	if err != nil {
		return 0, notFound(err, fmt.Sprintf("Afspraken van %s voor %d in DVO %s", municipality, year, version))
	}
	return id, nil
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"werkpad"
)

// UserService implements werkpad.UserService.
type UserService struct{ db *DB }

func NewUserService(db *DB) *UserService { return &UserService{db: db} }

const userColumns = `id, email, name, role, disabled, locked_until, created_at, last_signin_at`

func scanUser(s interface{ Scan(...any) error }) (*werkpad.User, error) {
	var u werkpad.User
	var role string
	var locked, last sql.NullTime
	if err := s.Scan(&u.ID, &u.Email, &u.Name, &role, &u.Disabled, &locked, &u.CreatedAt, &last); err != nil {
		return nil, err
	}
	u.Role = werkpad.Role(role)
	u.LockedUntil, u.LastSignInAt = nullTime(locked), nullTime(last)
	u.CreatedAt = u.CreatedAt.UTC()
	return &u, nil
}

// loadScopes fills the municipality scope of each user.
func (tx *Tx) loadScopes(ctx context.Context, users ...*werkpad.User) error {
	if len(users) == 0 {
		return nil
	}
	byID := map[int64]*werkpad.User{}
	args := make([]any, len(users))
	for i, u := range users {
		byID[u.ID] = u
		u.Municipalities = nil
		args[i] = u.ID
	}
	rows, err := tx.QueryContext(ctx, `SELECT user_id, municipality FROM user_municipalities
		WHERE user_id IN (`+placeholders(len(args))+`) ORDER BY municipality`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return err
		}
		byID[id].Municipalities = append(byID[id].Municipalities, code)
	}
	return rows.Err()
}

func (tx *Tx) findUser(ctx context.Context, where string, arg any) (*werkpad.User, error) {
	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
	if err != nil {
		return nil, notFound(err, "Gebruiker")
	}
	return u, tx.loadScopes(ctx, u)
}

func (tx *Tx) setScope(ctx context.Context, userID int64, codes []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_municipalities WHERE user_id = ?`, userID); err != nil {
		return err
	}
	for _, c := range codes {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM municipalities WHERE code = ?`, c).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return werkpad.FieldError("gemeenten", "Onbekende gemeente %s.", c)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_municipalities (user_id, municipality) VALUES (?, ?)`, userID, c); err != nil {
			return err
		}
	}
	return nil
}

func normaliseScope(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}

// CreateUser adds an account. Only a beheerder may do so.
func (s *UserService) CreateUser(ctx context.Context, u *werkpad.User, password string) error {
	if _, err := werkpad.RequireRole(ctx, werkpad.RoleAdmin); err != nil {
		return err
	}
	u.Municipalities = normaliseScope(u.Municipalities)
	if err := werkpad.ValidateUser(u); err != nil {
		return err
	}
	if err := werkpad.ValidatePassword(password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		id, err := tx.insertID(ctx, `INSERT INTO users (email, name, role, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, u.Email, u.Name, string(u.Role), hash, tx.now, tx.now)
		if isUniqueViolation(err) {
			return werkpad.FieldError("email", "Er bestaat al een account met e-mailadres %s.", u.Email)
		} else if err != nil {
			return err
		}
		u.ID, u.CreatedAt = id, tx.now
		if err := tx.setScope(ctx, id, u.Municipalities); err != nil {
			return err
		}
		return tx.audit(ctx, "aanmaken", "gebruiker", strconv.FormatInt(id, 10), "",
			fmt.Sprintf("rol=%s gemeenten=%s", u.Role, strings.Join(u.Municipalities, ",")))
	})
	if err != nil {
		return fmt.Errorf("store.CreateUser: %w", err)
	}
	return nil
}

// FindUserByID returns an account. A user may read his own; a beheerder any.
func (s *UserService) FindUserByID(ctx context.Context, id int64) (*werkpad.User, error) {
	me, err := werkpad.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	if me.Role != werkpad.RoleAdmin && me.ID != id {
		return nil, werkpadNotFound("Gebruiker")
	}
	var u *werkpad.User
	err = s.db.readTx(ctx, func(tx *Tx) error {
		u, err = tx.findUser(ctx, "id = ?", id)
		return err
	})
	return u, err
}

// FindUserByEmail returns an account by e-mail address (beheerder only).
func (s *UserService) FindUserByEmail(ctx context.Context, email string) (*werkpad.User, error) {
	if _, err := werkpad.RequireRole(ctx, werkpad.RoleAdmin); err != nil {
		return nil, err
	}
	var u *werkpad.User
	err := s.db.readTx(ctx, func(tx *Tx) (err error) {
		u, err = tx.findUser(ctx, "email = ?", strings.ToLower(strings.TrimSpace(email)))
		return err
	})
	return u, err
}

// FindUsers lists accounts by e-mail address (beheerder only).
func (s *UserService) FindUsers(ctx context.Context, f werkpad.UserFilter) ([]*werkpad.User, error) {
	if _, err := werkpad.RequireRole(ctx, werkpad.RoleAdmin); err != nil {
		return nil, err
	}
	where, args := "1=1", []any{}
	if f.Email != nil {
		where += " AND email = ?"
		args = append(args, strings.ToLower(*f.Email))
	}
	if f.Role != nil {
		where += " AND role = ?"
		args = append(args, string(*f.Role))
	}
	var users []*werkpad.User
	err := s.db.readTx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+where+` ORDER BY email`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			users = append(users, u)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.loadScopes(ctx, users...)
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindUsers: %w", err)
	}
	return users, nil
}

// FindConsultants lists the active consultants by name, for consultants
// and controllers.
func (s *UserService) FindConsultants(ctx context.Context) ([]*werkpad.User, error) {
	if _, err := werkpad.RequireRole(ctx, werkpad.RoleConsultant, werkpad.RoleController); err != nil {
		return nil, err
	}
	var users []*werkpad.User
	err := s.db.readTx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name FROM users WHERE role = ? AND disabled = ? ORDER BY name, id`,
			string(werkpad.RoleConsultant), false)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u := &werkpad.User{Role: werkpad.RoleConsultant}
			if err := rows.Scan(&u.ID, &u.Name); err != nil {
				return err
			}
			users = append(users, u)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindConsultants: %w", err)
	}
	return users, nil
}

// UpdateUser changes name, role, scope or the disabled flag (beheerder only).
// Disabling a user ends his sessions.
func (s *UserService) UpdateUser(ctx context.Context, id int64, upd werkpad.UserUpdate) (*werkpad.User, error) {
	me, err := werkpad.RequireRole(ctx, werkpad.RoleAdmin)
	if err != nil {
		return nil, err
	}
	var u *werkpad.User
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if u, err = tx.findUser(ctx, "id = ?", id); err != nil {
			return err
		}
		var changes []string
		if upd.Name != nil {
			u.Name = *upd.Name
			changes = append(changes, "naam")
		}
		if upd.Role != nil {
			if me.ID == id && *upd.Role != werkpad.RoleAdmin {
				return werkpad.FieldError("rol", "U kunt uw eigen beheerdersrol niet afnemen.")
			}
			u.Role = *upd.Role
			changes = append(changes, "rol="+string(u.Role))
		}
		if upd.Municipalities != nil {
			u.Municipalities = normaliseScope(*upd.Municipalities)
			changes = append(changes, "gemeenten="+strings.Join(u.Municipalities, ","))
		}
		if upd.Disabled != nil {
			if me.ID == id && *upd.Disabled {
				return werkpad.FieldError("geblokkeerd", "U kunt uw eigen account niet blokkeren.")
			}
			u.Disabled = *upd.Disabled
			changes = append(changes, fmt.Sprintf("geblokkeerd=%t", u.Disabled))
		}
		if err := werkpad.ValidateUser(u); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET name = ?, role = ?, disabled = ?, updated_at = ? WHERE id = ?`,
			u.Name, string(u.Role), u.Disabled, tx.now, id); err != nil {
			return err
		}
		if upd.Municipalities != nil {
			if err := tx.setScope(ctx, id, u.Municipalities); err != nil {
				return err
			}
		}
		// A changed role, scope or block takes effect at once: end sessions.
		if upd.Role != nil || upd.Municipalities != nil || u.Disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return err
			}
		}
		// A blocked account's API tokens are revoked for good: enabling it
		// again does not bring them back.
		if u.Disabled {
			if err := tx.revokeTokens(ctx, id); err != nil {
				return err
			}
		}
		return tx.audit(ctx, "wijzigen", "gebruiker", strconv.FormatInt(id, 10), "", strings.Join(changes, " "))
	})
	if err != nil {
		return nil, fmt.Errorf("store.UpdateUser(%d): %w", id, err)
	}
	return u, nil
}

// SetPassword sets a new password (beheerder only) and ends the user's sessions.
func (s *UserService) SetPassword(ctx context.Context, id int64, password string) error {
	if _, err := werkpad.RequireRole(ctx, werkpad.RoleAdmin); err != nil {
		return err
	}
	return s.setPassword(ctx, id, password, "wachtwoord-herstellen")
}

func (s *UserService) setPassword(ctx context.Context, id int64, password, action string) error {
	if err := werkpad.ValidatePassword(password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ?, failed_signins = 0, locked_until = NULL WHERE id = ?`,
			hash, tx.now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return werkpadNotFound("Gebruiker")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
			return err
		}
		// A password reset by a beheerder is what follows a compromise: the
		// account's API tokens are revoked too (changing one's own password
		// keeps them).
		if action == "wachtwoord-herstellen" {
			if err := tx.revokeTokens(ctx, id); err != nil {
				return err
			}
		}
		return tx.audit(ctx, action, "gebruiker", strconv.FormatInt(id, 10), "", "")
	})
}

// revokeTokens revokes every active API token of user id.
func (tx *Tx) revokeTokens(ctx context.Context, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, tx.now, id)
	return err
}

// ChangeOwnPassword lets the signed-in user change his password after
// confirming the current one.
func (s *UserService) ChangeOwnPassword(ctx context.Context, current, next string) error {
	me, err := werkpad.RequireUser(ctx)
	if err != nil {
		return err
	}
	var hash string
	if err := s.db.db.QueryRowContext(ctx, s.db.rebind(`SELECT password_hash FROM users WHERE id = ?`), me.ID).Scan(&hash); err != nil {
		return notFound(err, "Gebruiker")
	}
	if !CheckPassword(hash, current) {
		return werkpad.FieldError("huidig", "Het huidige wachtwoord klopt niet.")
	}
	if current == next {
		return werkpad.FieldError("nieuw", "Kies een ander wachtwoord dan het huidige.")
	}
	if err := werkpad.ValidatePassword(next); err != nil {
		err.(*werkpad.Error).Field = "nieuw"
		return err
	}
	return s.setPassword(ctx, me.ID, next, "wachtwoord-wijzigen")
}

// Unlock lifts a sign-in lock-out (beheerder only).
func (s *UserService) Unlock(ctx context.Context, id int64) error {
	if _, err := werkpad.RequireRole(ctx, werkpad.RoleAdmin); err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET failed_signins = 0, locked_until = NULL, updated_at = ? WHERE id = ?`, tx.now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return werkpadNotFound("Gebruiker")
		}
		return tx.audit(ctx, "ontgrendelen", "gebruiker", strconv.FormatInt(id, 10), "", "")
	})
}

// CountUsers returns the number of accounts; used at start-up to decide
// whether to create the first beheerder.
func (s *UserService) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

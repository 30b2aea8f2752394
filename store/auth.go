package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"werkpad"
)

// AuthService implements werkpad.AuthService on database-held sessions, so
// that several server processes can share them.
type AuthService struct {
	db *DB

	IdleTimeout     time.Duration // a session unused this long ends
	AbsoluteTimeout time.Duration // a session ends this long after sign-in
	MaxAccountFails int           // consecutive failures that lock an account
	LockDuration    time.Duration // how long a lock lasts unless a beheerder lifts it
	MaxIPFails      int           // failures per IP per IPWindow before refusal
	IPWindow        time.Duration
	// IPCooldown is how long an address over MaxIPFails is refused after its
	// last failure. It is short, so that an attacker behind a shared address
	// (a proxy without WERKPAD_TRUSTED_PROXIES, an office NAT) slows down to
	// one guess per cool-down instead of locking everyone out; accounts are
	// protected by their own lock.
	IPCooldown time.Duration
	// TokenLifetime is how long an API token is valid after it was made;
	// zero means until revoked.
	TokenLifetime time.Duration
	// LocalLogin says who may sign in with a password; "" is everyone.
	LocalLogin werkpad.LocalLogin
}

func NewAuthService(db *DB) *AuthService {
	return &AuthService{
		db: db, IdleTimeout: 30 * time.Minute, AbsoluteTimeout: 12 * time.Hour,
		MaxAccountFails: 5, LockDuration: 30 * time.Minute,
		MaxIPFails: 20, IPWindow: 15 * time.Minute, IPCooldown: time.Minute,
		TokenLifetime: 365 * 24 * time.Hour,
	}
}

func newSecret(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

var errBadCredentials = werkpad.Errorf(werkpad.EUNAUTHORIZED, "Het e-mailadres of het wachtwoord klopt niet.")

// SignIn checks email and password. Failures count per account (locking it
// after MaxAccountFails) and per IP (refusing after MaxIPFails in IPWindow).
// A success always creates a new session token.
func (s *AuthService) SignIn(ctx context.Context, email, password, ip string) (*werkpad.Session, error) {
	if s.LocalLogin == werkpad.LocalLoginOff {
		return nil, werkpad.Errorf(werkpad.EFORBIDDEN, "Inloggen met een wachtwoord staat uit: log in via de inlogdienst van uw organisatie.")
	}
	email = strings.ToLower(strings.TrimSpace(email))
	now := s.db.Now().UTC()
	// Refuse early when this IP has failed too often, for a short cool-down.
	var ipFails int
	var windowStart time.Time
	var lastFailure sql.NullTime
	err := s.db.db.QueryRowContext(ctx, s.db.rebind(`SELECT failures, window_start, last_failure_at FROM signin_failures_by_ip WHERE ip = ?`), ip).
		Scan(&ipFails, &windowStart, &lastFailure)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store.SignIn: %w", err)
	}
	if !lastFailure.Valid {
		lastFailure = sql.NullTime{Time: windowStart, Valid: true}
	}
	if until := lastFailure.Time.Add(s.IPCooldown); ipFails >= s.MaxIPFails && now.Before(windowStart.Add(s.IPWindow)) && now.Before(until) {
		return nil, werkpad.Errorf(werkpad.EFORBIDDEN, "Te veel mislukte inlogpogingen vanaf dit adres. Probeer het over %s opnieuw.",
			waitText(until.Sub(now)))
	}

	var id int64
	var hash, role string
	var disabled bool
	var locked sql.NullTime
	err = s.db.db.QueryRowContext(ctx, s.db.rebind(`SELECT id, password_hash, role, disabled, locked_until FROM users WHERE email = ?`), email).
		Scan(&id, &hash, &role, &disabled, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		CheckPassword(dummyHash, password)
		return nil, s.fail(ctx, ip, 0, email)
	} else if err != nil {
		return nil, fmt.Errorf("store.SignIn: %w", err)
	}
	if locked.Valid && now.Before(locked.Time) {
		return nil, werkpad.Errorf(werkpad.EFORBIDDEN, "Dit account is tijdelijk vergrendeld na te veel mislukte pogingen. Vraag de beheerder het te ontgrendelen of probeer het later opnieuw.")
	}
	if !CheckPassword(hash, password) {
		return nil, s.fail(ctx, ip, id, email)
	}
	if disabled {
		return nil, werkpad.Errorf(werkpad.EFORBIDDEN, "Dit account is geblokkeerd. Neem contact op met de beheerder.")
	}
	// Checked after the password, so that the answer tells a stranger
	// nothing about the account's role.
	if s.LocalLogin == werkpad.LocalLoginAdmin && werkpad.Role(role) != werkpad.RoleAdmin {
		return nil, werkpad.Errorf(werkpad.EFORBIDDEN, "Inloggen met een wachtwoord kan alleen nog voor de beheerder (noodtoegang): log in via de inlogdienst van uw organisatie.")
	}

	sess := &werkpad.Session{Token: newSecret("")}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_signins = 0, locked_until = NULL, last_signin_at = ? WHERE id = ?`, tx.now, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, ip) VALUES (?, ?, ?, ?, ?)`,
			hashSecret(sess.Token), id, tx.now, tx.now, ip); err != nil {
			return err
		}
		u, err := tx.findUser(ctx, "id = ?", id)
		if err != nil {
			return err
		}
		sess.User, sess.CreatedAt, sess.LastSeenAt = u, tx.now, tx.now
		actx := werkpad.NewContextWithActor(ctx, &werkpad.Actor{User: u, RequestID: requestID(ctx)})
		return tx.audit(actx, "inloggen", "gebruiker", strconv.FormatInt(id, 10), "", "")
	})
	if err != nil {
		return nil, fmt.Errorf("store.SignIn: %w", err)
	}
	return sess, nil
}

func requestID(ctx context.Context) string {
	if a := werkpad.ActorFromContext(ctx); a != nil {
		return a.RequestID
	}
	return ""
}

// fail records a failed attempt and returns the error to show.
func (s *AuthService) fail(ctx context.Context, ip string, userID int64, email string) error {
	err := s.db.inTx(ctx, func(tx *Tx) error {
		var n int
		var start time.Time
		err := tx.QueryRowContext(ctx, `SELECT failures, window_start FROM signin_failures_by_ip WHERE ip = ?`, ip).Scan(&n, &start)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO signin_failures_by_ip (ip, failures, window_start, last_failure_at) VALUES (?, 1, ?, ?)`, ip, tx.now, tx.now)
		case err != nil:
		case tx.now.After(start.Add(s.IPWindow)):
			_, err = tx.ExecContext(ctx, `UPDATE signin_failures_by_ip SET failures = 1, window_start = ?, last_failure_at = ? WHERE ip = ?`, tx.now, tx.now, ip)
		default:
			_, err = tx.ExecContext(ctx, `UPDATE signin_failures_by_ip SET failures = failures + 1, last_failure_at = ? WHERE ip = ?`, tx.now, ip)
		}
		if err != nil || userID == 0 {
			return err
		}
		var fails int
		if err := tx.QueryRowContext(ctx, `UPDATE users SET failed_signins = failed_signins + 1 WHERE id = ? RETURNING failed_signins`, userID).Scan(&fails); err != nil {
			return err
		}
		if fails >= s.MaxAccountFails {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET locked_until = ?, failed_signins = 0 WHERE id = ?`, tx.now.Add(s.LockDuration), userID); err != nil {
				return err
			}
			actx := werkpad.NewContextWithActor(ctx, &werkpad.Actor{User: &werkpad.User{Email: email}, RequestID: requestID(ctx)})
			return tx.audit(actx, "vergrendelen", "gebruiker", strconv.FormatInt(userID, 10), "", fmt.Sprintf("%d mislukte inlogpogingen", fails))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store.SignIn: %w", err)
	}
	return errBadCredentials
}

// Authenticate resolves a session token and refreshes its idle timer.
func (s *AuthService) Authenticate(ctx context.Context, token string) (*werkpad.Session, error) {
	if token == "" {
		return nil, werkpad.Errorf(werkpad.EUNAUTHORIZED, "U bent niet ingelogd.")
	}
	h := hashSecret(token)
	now := s.db.Now().UTC()
	var sess werkpad.Session
	// The session, its user and the user's municipalities in one
	// statement (one state of the database, one round trip): every
	// request asks this first. It took six round trips (the session, then
	// a read transaction with its settings, the user and his scope).
	scopes := `group_concat(m.municipality, ',')`
	if s.db.Dialect == Postgres {
		scopes = `string_agg(m.municipality, ',')`
	}
	var codes sql.NullString
	row := s.db.db.QueryRowContext(ctx, s.db.rebind(`SELECT s.created_at, s.last_seen_at,
		(SELECT `+scopes+` FROM user_municipalities m WHERE m.user_id = u.id), `+qualified("u", userColumns)+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`), h)
	u, err := scanUser(scanFirst{row, []any{&sess.CreatedAt, &sess.LastSeenAt, &codes}})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, werkpad.Errorf(werkpad.EUNAUTHORIZED, "Uw sessie is verlopen. Log opnieuw in.")
	} else if err != nil {
		return nil, fmt.Errorf("store.Authenticate: %w", err)
	}
	if now.After(sess.LastSeenAt.Add(s.IdleTimeout)) || now.After(sess.CreatedAt.Add(s.AbsoluteTimeout)) {
		s.db.db.ExecContext(ctx, s.db.rebind(`DELETE FROM sessions WHERE token_hash = ?`), h)
		return nil, werkpad.Errorf(werkpad.EUNAUTHORIZED, "Uw sessie is verlopen. Log opnieuw in.")
	}
	if codes.Valid {
		u.Municipalities = strings.Split(codes.String, ",")
		slices.Sort(u.Municipalities)
	}
	sess.User = u
	if sess.User.Disabled {
		return nil, werkpad.Errorf(werkpad.EUNAUTHORIZED, "Dit account is geblokkeerd.")
	}
	// Refresh the idle timer at most once a minute to spare writes.
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if _, err := s.db.db.ExecContext(ctx, s.db.rebind(`UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`), now, h); err != nil {
			return nil, fmt.Errorf("store.Authenticate: %w", err)
		}
		sess.LastSeenAt = now
	}
	sess.Token = token
	return &sess, nil
}

// SignOut ends the session of token and returns the ID token it was
// opened with through the provider, if any.
func (s *AuthService) SignOut(ctx context.Context, token string) (string, error) {
	var idToken sql.NullString
	err := s.db.inTx(ctx, func(tx *Tx) error {
		var userID int64
		err := tx.QueryRowContext(ctx, `DELETE FROM sessions WHERE token_hash = ? RETURNING user_id, id_token`, hashSecret(token)).Scan(&userID, &idToken)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		return tx.audit(ctx, "uitloggen", "gebruiker", strconv.FormatInt(userID, 10), "", "")
	})
	return idToken.String, err
}

// CreateToken makes a personal access token for userID. The caller must be
// that user or a beheerder. The secret is returned once and stored hashed.
func (s *AuthService) CreateToken(ctx context.Context, userID int64, name string) (*werkpad.Token, error) {
	me, err := werkpad.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	if me.ID != userID && me.Role != werkpad.RoleAdmin {
		return nil, werkpadNotFound("Gebruiker")
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = "token"
	}
	if len(name) > 100 {
		return nil, werkpad.FieldError("naam", "De naam van het token mag hoogstens 100 tekens zijn.")
	}
	t := &werkpad.Token{UserID: userID, Name: name, Secret: newSecret("wp_")}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = ?`, userID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return werkpadNotFound("Gebruiker")
		}
		t.CreatedAt = tx.now
		if t.ID, err = tx.insertID(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)`,
			userID, name, hashSecret(t.Secret), tx.now); err != nil {
			return err
		}
		return tx.audit(ctx, "aanmaken", "token", strconv.FormatInt(t.ID, 10), "", "gebruiker="+strconv.FormatInt(userID, 10))
	})
	if err != nil {
		return nil, fmt.Errorf("store.CreateToken: %w", err)
	}
	return t, nil
}

// AuthenticateToken resolves a bearer token to its user.
func (s *AuthService) AuthenticateToken(ctx context.Context, secret string) (*werkpad.User, error) {
	unauth := werkpad.Errorf(werkpad.EUNAUTHORIZED, "Het token is ongeldig of ingetrokken.")
	if !strings.HasPrefix(secret, "wp_") {
		return nil, unauth
	}
	h := hashSecret(secret)
	var id, userID int64
	var created time.Time
	var last sql.NullTime
	err := s.db.db.QueryRowContext(ctx, s.db.rebind(`SELECT id, user_id, created_at, last_used_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL`), h).
		Scan(&id, &userID, &created, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, unauth
	} else if err != nil {
		return nil, fmt.Errorf("store.AuthenticateToken: %w", err)
	}
	if s.TokenLifetime > 0 && !s.db.Now().UTC().Before(created.Add(s.TokenLifetime)) {
		return nil, werkpad.Errorf(werkpad.EUNAUTHORIZED, "Het token is verlopen (geldig tot %s); maak een nieuw token.", created.Add(s.TokenLifetime).Format("02-01-2006"))
	}
	var u *werkpad.User
	err = s.db.readTx(ctx, func(tx *Tx) (err error) {
		u, err = tx.findUser(ctx, "id = ?", userID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.AuthenticateToken: %w", err)
	}
	if u.Disabled {
		return nil, unauth
	}
	now := s.db.Now().UTC()
	if !last.Valid || now.Sub(last.Time) > time.Minute {
		s.db.db.ExecContext(ctx, s.db.rebind(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`), now, id)
	}
	return u, nil
}

// FindTokens lists the tokens of a user (himself or a beheerder).
func (s *AuthService) FindTokens(ctx context.Context, userID int64) ([]*werkpad.Token, error) {
	me, err := werkpad.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	if me.ID != userID && me.Role != werkpad.RoleAdmin {
		return nil, werkpadNotFound("Gebruiker")
	}
	rows, err := s.db.db.QueryContext(ctx, s.db.rebind(`SELECT id, user_id, name, created_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = ? ORDER BY id`), userID)
	if err != nil {
		return nil, fmt.Errorf("store.FindTokens: %w", err)
	}
	defer rows.Close()
	var out []*werkpad.Token
	for rows.Next() {
		var t werkpad.Token
		var last, revoked sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &last, &revoked); err != nil {
			return nil, err
		}
		t.LastUsedAt, t.RevokedAt = nullTime(last), nullTime(revoked)
		out = append(out, &t)
	}
	return out, rows.Err()
}

// RevokeToken revokes a token of the caller (or any, for a beheerder).
func (s *AuthService) RevokeToken(ctx context.Context, id int64) error {
	me, err := werkpad.RequireUser(ctx)
	if err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		var owner int64
		err := tx.QueryRowContext(ctx, `SELECT user_id FROM api_tokens WHERE id = ?`, id).Scan(&owner)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != me.ID && me.Role != werkpad.RoleAdmin) {
			return werkpadNotFound("Token")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, tx.now, id); err != nil {
			return err
		}
		return tx.audit(ctx, "intrekken", "token", strconv.FormatInt(id, 10), "", "")
	})
}

// waitText says how long to wait, in whole seconds or minutes, in Dutch.
func waitText(d time.Duration) string {
	if d < time.Minute {
		n := int((d + time.Second - 1) / time.Second)
		if n == 1 {
			return "1 seconde"
		}
		return strconv.Itoa(n) + " seconden"
	}
	n := int((d + time.Minute - 1) / time.Minute)
	if n == 1 {
		return "1 minuut"
	}
	return strconv.Itoa(n) + " minuten"
}

// qualified prefixes each of the comma-separated columns with alias.
func qualified(alias, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = alias + "." + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}

// scanFirst is a row whose first columns go to first and the rest to
// what its Scan is given: a scan function of a record reads a row that
// has more columns in front.
type scanFirst struct {
	row   interface{ Scan(...any) error }
	first []any
}

func (s scanFirst) Scan(dest ...any) error {
	return s.row.Scan(append(append([]any{}, s.first...), dest...)...)
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"werkpad"
)

// SignInExternal opens a session for a person vouched for by the OpenID
// provider. The account is found by the provider's subject; on the first
// sign-in it is linked to an existing account with the same e-mail address
// (never to a beheerder's: that stays the local break-glass account) or
// made, without a password. Name, role and scope follow the provider on
// every sign-in. A refusal is written to the audit log.
func (s *AuthService) SignInExternal(ctx context.Context, id *werkpad.ExternalIdentity, idToken, ip string) (*werkpad.Session, error) {
	id.Municipalities = normaliseScope(id.Municipalities)
	probe := &werkpad.User{Email: id.Email, Name: id.Name, Role: id.Role, Municipalities: id.Municipalities}
	if err := werkpad.ValidateUser(probe); err != nil {
		return nil, s.refuse(ctx, id, werkpad.Errorf(werkpad.EFORBIDDEN,
			"De gegevens van de inlogdienst zijn niet bruikbaar: %s Neem contact op met de beheerder.", werkpad.ErrorMessage(err)))
	}
	id.Email = probe.Email
	sess := &werkpad.Session{Token: newSecret("")}
	err := s.db.inTx(ctx, func(tx *Tx) error {
		for _, c := range id.Municipalities {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM municipalities WHERE code = ?`, c).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return werkpad.Errorf(werkpad.EFORBIDDEN, "De gemeente %s die de inlogdienst meegaf, kent werkpad niet. Neem contact op met de beheerder.", c)
			}
		}
		u, err := tx.externalUser(ctx, id)
		if err != nil {
			return err
		}
		if u.Disabled {
			return werkpad.Errorf(werkpad.EFORBIDDEN, "Dit account is geblokkeerd. Neem contact op met de beheerder.")
		}
		actx := werkpad.NewContextWithActor(ctx, &werkpad.Actor{User: u, RequestID: requestID(ctx)})
		if err := tx.followProvider(actx, u, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_signins = 0, locked_until = NULL, last_signin_at = ? WHERE id = ?`, tx.now, u.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, ip, id_token) VALUES (?, ?, ?, ?, ?, ?)`,
			hashSecret(sess.Token), u.ID, tx.now, tx.now, ip, idToken); err != nil {
			return err
		}
		if sess.User, err = tx.findUser(ctx, "id = ?", u.ID); err != nil {
			return err
		}
		sess.CreatedAt, sess.LastSeenAt = tx.now, tx.now
		actx = werkpad.NewContextWithActor(ctx, &werkpad.Actor{User: sess.User, RequestID: requestID(ctx)})
		return tx.audit(actx, "inloggen", "gebruiker", strconv.FormatInt(u.ID, 10), "", "via inlogdienst (OpenID Connect)")
	})
	if werkpad.ErrorCode(err) == werkpad.EFORBIDDEN {
		return nil, s.refuse(ctx, id, err)
	} else if err != nil {
		return nil, fmt.Errorf("store.SignInExternal: %w", err)
	}
	return sess, nil
}

// externalUser finds the account of id by subject, links one by e-mail
// address, or makes one.
func (tx *Tx) externalUser(ctx context.Context, id *werkpad.ExternalIdentity) (*werkpad.User, error) {
	u, err := tx.findUser(ctx, "oidc_subject = ?", id.Subject)
	if err == nil || werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
		return u, err
	}
	var subject sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT oidc_subject FROM users WHERE email = ?`, id.Email).Scan(&subject)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		uid, err := tx.insertID(ctx, `INSERT INTO users (email, name, role, password_hash, created_at, updated_at, oidc_subject)
			VALUES (?, ?, ?, '', ?, ?, ?)`, id.Email, id.Name, string(id.Role), tx.now, tx.now, id.Subject)
		if err != nil {
			return nil, err
		}
		if err := tx.setScope(ctx, uid, id.Municipalities); err != nil {
			return nil, err
		}
		u, err := tx.findUser(ctx, "id = ?", uid)
		if err != nil {
			return nil, err
		}
		actx := werkpad.NewContextWithActor(ctx, &werkpad.Actor{User: u, RequestID: requestID(ctx)})
		return u, tx.audit(actx, "aanmaken", "gebruiker", strconv.FormatInt(uid, 10), "",
			fmt.Sprintf("via inlogdienst; rol=%s gemeenten=%s", id.Role, strings.Join(id.Municipalities, ",")))
	case err != nil:
		return nil, err
	case subject.Valid:
		return nil, werkpad.Errorf(werkpad.EFORBIDDEN, "Het e-mailadres %s hoort in werkpad al bij een ander account van de inlogdienst. Neem contact op met de beheerder.", id.Email)
	}
	u, err = tx.findUser(ctx, "email = ?", id.Email)
	if err != nil {
		return nil, err
	}
	if u.Role == werkpad.RoleAdmin {
		return nil, werkpad.Errorf(werkpad.EFORBIDDEN, "Het e-mailadres %s hoort bij een lokaal beheerdersaccount; dat blijft apart als noodtoegang en wordt niet aan de inlogdienst gekoppeld. Geef het beheerdersaccount een ander e-mailadres.", id.Email)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET oidc_subject = ?, updated_at = ? WHERE id = ?`, id.Subject, tx.now, u.ID); err != nil {
		return nil, err
	}
	actx := werkpad.NewContextWithActor(ctx, &werkpad.Actor{User: u, RequestID: requestID(ctx)})
	return u, tx.audit(actx, "koppelen", "gebruiker", strconv.FormatInt(u.ID, 10), "", "aan de inlogdienst (OpenID Connect)")
}

// followProvider brings name, e-mail address, role and scope of u in line
// with what the provider says now, and audits what changed.
func (tx *Tx) followProvider(ctx context.Context, u *werkpad.User, id *werkpad.ExternalIdentity) error {
	var changes []string
	if u.Name != id.Name {
		changes = append(changes, "naam")
		u.Name = id.Name
	}
	if u.Email != id.Email {
		// Keep the old address when the new one belongs to another account.
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE email = ? AND id <> ?`, id.Email, u.ID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			changes = append(changes, "e-mail "+u.Email+" → "+id.Email)
			u.Email = id.Email
		}
	}
	if u.Role != id.Role {
		changes = append(changes, fmt.Sprintf("rol %s → %s", u.Role, id.Role))
		u.Role = id.Role
	}
	if !slices.Equal(u.Municipalities, id.Municipalities) {
		changes = append(changes, fmt.Sprintf("gemeenten %s → %s", strings.Join(u.Municipalities, ","), strings.Join(id.Municipalities, ",")))
		if err := tx.setScope(ctx, u.ID, id.Municipalities); err != nil {
			return err
		}
		u.Municipalities = id.Municipalities
	}
	if len(changes) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET name = ?, email = ?, role = ?, updated_at = ? WHERE id = ?`,
		u.Name, u.Email, string(u.Role), tx.now, u.ID); err != nil {
		return err
	}
	return tx.audit(ctx, "wijzigen", "gebruiker", strconv.FormatInt(u.ID, 10), "", "via inlogdienst: "+strings.Join(changes, "; "))
}

// refuse audits a refused sign-in through the provider and returns cause.
func (s *AuthService) refuse(ctx context.Context, id *werkpad.ExternalIdentity, cause error) error {
	if err := s.RefuseExternalSignIn(ctx, id, werkpad.ErrorMessage(cause)); err != nil {
		return err
	}
	return cause
}

// RefuseExternalSignIn writes a refused sign-in through the provider to
// the audit log, under the e-mail address the provider gave.
func (s *AuthService) RefuseExternalSignIn(ctx context.Context, id *werkpad.ExternalIdentity, reason string) error {
	err := s.db.inTx(ctx, func(tx *Tx) error {
		var uid int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE oidc_subject = ? OR email = ? ORDER BY id LIMIT 1`, id.Subject, id.Email).Scan(&uid)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		entityID := ""
		if uid != 0 {
			entityID = strconv.FormatInt(uid, 10)
		}
		email := id.Email
		if email == "" {
			email = "onbekend"
		}
		actx := werkpad.NewContextWithActor(ctx, &werkpad.Actor{User: &werkpad.User{Email: email}, RequestID: requestID(ctx)})
		return tx.audit(actx, "inloggen geweigerd", "gebruiker", entityID, "", "via inlogdienst: "+reason)
	})
	if err != nil {
		return fmt.Errorf("store.RefuseExternalSignIn: %w", err)
	}
	return nil
}

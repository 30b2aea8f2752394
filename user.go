package werkpad

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Role is what a user does; it decides which pages and actions he reaches.
type Role string

const (
	RoleConsultant      Role = "consulent"
	RoleEmployerAdviser Role = "werkgeversadviseur"
	RoleMunicipality    Role = "gemeente"
	RoleController      Role = "controller"
	RoleAdmin           Role = "beheerder"
	// RolePrivacyOfficer is the privacy officer (functionaris
	// gegevensbescherming, AVG art. 37-39): he supervises the processing of
	// personal data through the Logboek Dataverwerkingen, the register of
	// processing activities and the audit log, without access to the
	// person data itself.
	RolePrivacyOfficer Role = "privacyfunctionaris"
)

// Roles lists every role in the order the UI shows them.
var Roles = []Role{RoleConsultant, RoleEmployerAdviser, RoleMunicipality, RoleController, RoleAdmin, RolePrivacyOfficer}

// Label is the Dutch name of the role.
func (r Role) Label() string {
	switch r {
	case RoleConsultant:
		return "Consulent"
	case RoleEmployerAdviser:
		return "Werkgeversadviseur"
	case RoleMunicipality:
		return "Gemeente"
	case RoleController:
		return "Controller"
	case RoleAdmin:
		return "Beheerder"
	case RolePrivacyOfficer:
		return "Privacyfunctionaris"
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// User is an account. Municipalities is the scope: the municipalities whose
// people the user may see. An empty scope means all municipalities, which a
// gemeente user can never have.
type User struct {
	ID             int64      `json:"id"`
	Email          string     `json:"email"`
	Name           string     `json:"naam"`
	Role           Role       `json:"rol"`
	Municipalities []string   `json:"gemeenten"`
	Disabled       bool       `json:"geblokkeerd"`
	LockedUntil    *time.Time `json:"vergrendeldTot,omitempty"`
	CreatedAt      time.Time  `json:"aangemaakt"`
	LastSignInAt   *time.Time `json:"laatstIngelogd,omitempty"`
}

// AllMunicipalities reports whether the user's scope is the whole region.
func (u *User) AllMunicipalities() bool {
	return u.Role != RoleMunicipality && len(u.Municipalities) == 0
}

// InScope reports whether the user may see records of municipality code.
func (u *User) InScope(code string) bool {
	return u.AllMunicipalities() || slices.Contains(u.Municipalities, code)
}

// Locked reports whether sign-in is refused because of too many failures.
func (u *User) Locked(now time.Time) bool {
	return u.LockedUntil != nil && now.Before(*u.LockedUntil)
}

// ValidateUser checks the fields of a new or changed account.
func ValidateUser(u *User) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.Name = strings.TrimSpace(u.Name)
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
		return FieldError("email", "Vul een geldig e-mailadres in, zoals naam@werkbedrijf.nl.")
	}
	if u.Name == "" {
		return FieldError("naam", "Vul een naam in.")
	}
	if !u.Role.Valid() {
		return FieldError("rol", "Kies een rol: consulent, werkgeversadviseur, gemeente, controller of beheerder.")
	}
	return ValidateScope(u.Role, u.Municipalities)
}

// ValidateScope checks a municipality scope for a role.
func ValidateScope(role Role, codes []string) error {
	for _, c := range codes {
		if !ValidMunicipalityCode(c) {
			return FieldError("gemeenten", "Onbekende gemeentecode %q: gebruik de CBS-code, zoals GM0268.", c)
		}
	}
	if role == RoleMunicipality && len(codes) == 0 {
		return FieldError("gemeenten", "Een gemeentegebruiker hoort bij minstens één gemeente.")
	}
	return nil
}

// ValidatePassword enforces the password policy for local accounts.
func ValidatePassword(pw string) error {
	if len([]rune(pw)) < 12 {
		return FieldError("wachtwoord", "Het wachtwoord moet minstens 12 tekens lang zijn.")
	}
	if len(pw) > 256 {
		return FieldError("wachtwoord", "Het wachtwoord mag hoogstens 256 tekens lang zijn.")
	}
	return nil
}

// UserFilter selects users in FindUsers.
type UserFilter struct {
	Email *string
	Role  *Role
}

// UserUpdate holds the changes for UpdateUser; nil fields stay as they are.
type UserUpdate struct {
	Name           *string
	Role           *Role
	Municipalities *[]string
	Disabled       *bool
}

// UserService manages accounts. Only a beheerder may change other accounts.
type UserService interface {
	CreateUser(ctx context.Context, u *User, password string) error
	FindUserByID(ctx context.Context, id int64) (*User, error)
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	FindUsers(ctx context.Context, f UserFilter) ([]*User, error)
	// FindConsultants lists the active consultants (id and name), so that
	// a consultant can hand a candidate over to a colleague.
	FindConsultants(ctx context.Context) ([]*User, error)
	UpdateUser(ctx context.Context, id int64, upd UserUpdate) (*User, error)
	SetPassword(ctx context.Context, id int64, password string) error
	ChangeOwnPassword(ctx context.Context, current, next string) error
	Unlock(ctx context.Context, id int64) error
}

// LocalLogin says who may sign in with a werkpad password when single
// sign-on is set up (WERKPAD_LOCAL_LOGIN).
type LocalLogin string

const (
	LocalLoginAll   LocalLogin = "all"   // every account with a password
	LocalLoginAdmin LocalLogin = "admin" // only beheerders: break-glass access when the provider is down
	LocalLoginOff   LocalLogin = "off"   // nobody: sign-in only through the provider
)

// Session is a signed-in browser. The token itself is only ever held by the
// client; the database keeps its hash.
type Session struct {
	Token      string
	User       *User
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// Token is a personal access token for the API. Secret is filled only when
// the token is created, and shown once.
type Token struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"gebruikerId"`
	Name       string     `json:"naam"`
	Secret     string     `json:"token,omitempty"`
	CreatedAt  time.Time  `json:"aangemaakt"`
	LastUsedAt *time.Time `json:"laatstGebruikt,omitempty"`
	RevokedAt  *time.Time `json:"ingetrokken,omitempty"`
}

// AuthService signs users in and out and resolves sessions and tokens.
type AuthService interface {
	// SignIn checks the password, applies throttling per account and IP and
	// creates a fresh session.
	SignIn(ctx context.Context, email, password, ip string) (*Session, error)
	// Authenticate resolves a session token, enforcing idle and absolute timeouts.
	Authenticate(ctx context.Context, token string) (*Session, error)
	// SignOut ends the session of token. It returns the ID token the
	// session was opened with through the OpenID provider ("" for a
	// password sign-in), to end the session at the provider as well.
	SignOut(ctx context.Context, token string) (idToken string, err error)
	// SignInExternal opens a session for a person the OpenID provider
	// vouches for: it provisions his account on the first sign-in and
	// brings its name, role and scope up to date on later ones. idToken is
	// kept with the session for signing out at the provider.
	SignInExternal(ctx context.Context, id *ExternalIdentity, idToken, ip string) (*Session, error)
	// RefuseExternalSignIn records in the audit log that a sign-in through
	// the provider was refused, and why.
	RefuseExternalSignIn(ctx context.Context, id *ExternalIdentity, reason string) error
	CreateToken(ctx context.Context, userID int64, name string) (*Token, error)
	AuthenticateToken(ctx context.Context, secret string) (*User, error)
	FindTokens(ctx context.Context, userID int64) ([]*Token, error)
	RevokeToken(ctx context.Context, id int64) error
}

// InScopeExplicit reports whether code is listed in the user's scope (not
// implied by an empty, region-wide scope); forms use it for checkboxes.
func (u *User) InScopeExplicit(code string) bool { return slices.Contains(u.Municipalities, code) }

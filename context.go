package werkpad

import "context"

// Actor is who acts in a request: the signed-in user, a token holder or the
// operator at the command line.
type Actor struct {
	User      *User
	RequestID string
	Via       string // "sessie", "token" or "cli"
}

type actorKey struct{}

// NewContextWithActor returns ctx carrying the actor.
func NewContextWithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFromContext returns the actor of ctx, or nil when nobody is signed in.
func ActorFromContext(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// UserFromContext returns the acting user, or nil.
func UserFromContext(ctx context.Context) *User {
	if a := ActorFromContext(ctx); a != nil {
		return a.User
	}
	return nil
}

// OperatorContext is the context of an operator at the command line: a
// beheerder over the whole region, recorded as such in the audit log.
func OperatorContext(ctx context.Context) context.Context {
	return NewContextWithActor(ctx, &Actor{
		User: &User{ID: 0, Email: "cli", Name: "Beheer (opdrachtregel)", Role: RoleAdmin},
		Via:  "cli",
	})
}

// RequireUser returns the acting user or EUNAUTHORIZED.
func RequireUser(ctx context.Context) (*User, error) {
	if u := UserFromContext(ctx); u != nil {
		return u, nil
	}
	return nil, Errorf(EUNAUTHORIZED, "U bent niet ingelogd.")
}

// RequireRole returns the acting user if he has one of roles, else EFORBIDDEN.
func RequireRole(ctx context.Context, roles ...Role) (*User, error) {
	u, err := RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range roles {
		if u.Role == r {
			return u, nil
		}
	}
	return nil, Errorf(EFORBIDDEN, "Deze handeling hoort niet bij uw rol.")
}

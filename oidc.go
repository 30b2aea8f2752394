package werkpad

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// ExternalIdentity is a person as the organisation's OpenID provider
// vouches for him: Subject is "issuer subject" and never changes; the rest
// is read from the ID token's claims on every sign-in.
type ExternalIdentity struct {
	Subject        string
	Email          string
	Name           string
	Role           Role
	Municipalities []string
}

// ClaimMapping says how the claims of an ID token become a werkpad role and
// municipality scope. A claim may hold one string or a list of strings.
type ClaimMapping struct {
	// RoleClaim names the claim with roles or groups ("groups", "roles").
	RoleClaim string
	// Roles maps a value of RoleClaim to a werkpad role. Values without an
	// entry are ignored; when none has one, the sign-in is refused.
	Roles map[string]Role
	// MunicipalityClaim names the claim with the municipalities.
	MunicipalityClaim string
	// Municipalities, when set, maps a value of MunicipalityClaim (a group
	// name or id) to a municipality code; values without an entry are
	// ignored. Without it the values must be codes themselves (GM0268).
	Municipalities map[string]string
	// EmailClaim and NameClaim name the claims with the e-mail address and
	// the display name ("email", "name").
	EmailClaim, NameClaim string
}

// ParseRoleMap reads "value=role,value=role" (WERKPAD_OIDC_ROLE_MAP).
func ParseRoleMap(s string) (map[string]Role, error) {
	pairs, err := parsePairs(s)
	if err != nil {
		return nil, err
	}
	out := map[string]Role{}
	for k, v := range pairs {
		r := Role(strings.ToLower(v))
		if !r.Valid() {
			return nil, fmt.Errorf("%q is geen rol (consulent, werkgeversadviseur, gemeente, controller of beheerder)", v)
		}
		out[k] = r
	}
	return out, nil
}

// ParseMunicipalityMap reads "value=GM0268,value=GM0209"
// (WERKPAD_OIDC_MUNICIPALITY_MAP).
func ParseMunicipalityMap(s string) (map[string]string, error) {
	pairs, err := parsePairs(s)
	if err != nil {
		return nil, err
	}
	for k, v := range pairs {
		v = strings.ToUpper(v)
		if !ValidMunicipalityCode(v) {
			return nil, fmt.Errorf("%q is geen gemeentecode (zoals GM0268)", v)
		}
		pairs[k] = v
	}
	return pairs, nil
}

func parsePairs(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		// The value may itself hold "=" (never a comma), so split on the last one.
		i := strings.LastIndex(f, "=")
		if i <= 0 || i == len(f)-1 {
			return nil, fmt.Errorf("%q is geen paar waarde=doel", f)
		}
		out[strings.TrimSpace(f[:i])] = strings.TrimSpace(f[i+1:])
	}
	return out, nil
}

// Map turns the claims of an ID token into an identity. It refuses, with a
// Dutch message fit for the user, a token without an e-mail address, one
// whose roles or groups map to no werkpad role or to more than one (a
// default role is never given), and a municipality value that is not a
// municipality code. Whether the codes exist is the store's to check.
func (m ClaimMapping) Map(issuer string, claims map[string]any) (*ExternalIdentity, error) {
	sub, _ := claims["sub"].(string)
	if sub == "" {
		return nil, Errorf(EFORBIDDEN, "De inlogdienst gaf geen gebruikerskenmerk (sub) mee.")
	}
	id := &ExternalIdentity{Subject: issuer + " " + sub}
	id.Email = strings.ToLower(strings.TrimSpace(firstString(claims, m.EmailClaim, "email", "preferred_username", "upn")))
	id.Name = strings.TrimSpace(firstString(claims, m.NameClaim, "name"))
	if id.Email == "" || !strings.Contains(id.Email, "@") {
		return nil, Errorf(EFORBIDDEN, "De inlogdienst gaf geen e-mailadres mee; werkpad kan u daarom niet inloggen. Neem contact op met de beheerder.")
	}
	if id.Name == "" {
		id.Name = id.Email
	}
	var roles []Role
	for _, v := range claimValues(claims[m.RoleClaim]) {
		if r, ok := m.Roles[v]; ok && !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	switch len(roles) {
	case 0:
		return id, Errorf(EFORBIDDEN, "U hebt geen rol in werkpad: uw account bij de inlogdienst hoort bij geen groep of rol die toegang geeft. Vraag de beheerder u toegang te geven.")
	case 1:
		id.Role = roles[0]
	default:
		names := make([]string, len(roles))
		for i, r := range roles {
			names[i] = string(r)
		}
		sort.Strings(names)
		return id, Errorf(EFORBIDDEN, "Uw account bij de inlogdienst geeft meer dan één rol in werkpad (%s). Vraag de beheerder u één rol te geven.", strings.Join(names, ", "))
	}
	for _, v := range claimValues(claims[m.MunicipalityClaim]) {
		code := strings.ToUpper(v)
		if len(m.Municipalities) > 0 {
			c, ok := m.Municipalities[v]
			if !ok {
				continue
			}
			code = c
		} else if !ValidMunicipalityCode(code) {
			return id, Errorf(EFORBIDDEN, "De gemeente %q die de inlogdienst meegaf is geen gemeentecode (zoals GM0268). Neem contact op met de beheerder.", v)
		}
		if !slices.Contains(id.Municipalities, code) {
			id.Municipalities = append(id.Municipalities, code)
		}
	}
	sort.Strings(id.Municipalities)
	if id.Role == RoleMunicipality && len(id.Municipalities) == 0 {
		return id, Errorf(EFORBIDDEN, "U hebt de rol gemeente, maar de inlogdienst gaf geen gemeente mee. Vraag de beheerder uw gemeente vast te leggen.")
	}
	return id, nil
}

// firstString returns the first non-empty string claim of names.
func firstString(claims map[string]any, names ...string) string {
	for _, n := range names {
		if s, ok := claims[n].(string); ok && strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// claimValues reads a claim that holds one string or a list of strings.
func claimValues(v any) []string {
	var out []string
	switch v := v.(type) {
	case string:
		if s := strings.TrimSpace(v); s != "" {
			out = []string{s}
		}
	case []any:
		for _, e := range v {
			if s, ok := e.(string); ok && strings.TrimSpace(s) != "" {
				out = append(out, strings.TrimSpace(s))
			}
		}
	case []string:
		out = v
	}
	return out
}

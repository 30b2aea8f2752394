package main

import (
	"fmt"
	"os"
	"strings"

	"werkpad"
	whttp "werkpad/http"
)

// oidcFlags are the options of single sign-on through an OpenID provider.
type oidcFlags struct {
	issuer, clientID, redirect, name, scopes *string
	roleClaim, roleMap, muniClaim, muniMap   *string
	emailClaim, nameClaim, localLogin        *string
}

func addOIDCFlags(fs *cmdFlags) *oidcFlags {
	return &oidcFlags{
		issuer:     fs.String("oidc-issuer", envOr("WERKPAD_OIDC_ISSUER", ""), "adres (issuer) van de OpenID-provider; zet inloggen via de organisatie aan (env WERKPAD_OIDC_ISSUER)"),
		clientID:   fs.String("oidc-client-id", envOr("WERKPAD_OIDC_CLIENT_ID", ""), "client id van werkpad bij de provider (env WERKPAD_OIDC_CLIENT_ID); het geheim alleen via env WERKPAD_OIDC_CLIENT_SECRET"),
		redirect:   fs.String("oidc-redirect-url", envOr("WERKPAD_OIDC_REDIRECT_URL", ""), "redirect-URL zoals geregistreerd bij de provider, eindigend op "+whttp.OIDCCallbackPath+" (env WERKPAD_OIDC_REDIRECT_URL)"),
		name:       fs.String("oidc-name", envOr("WERKPAD_OIDC_NAME", "uw organisatie"), "naam op de knop \"Inloggen met …\" (env WERKPAD_OIDC_NAME)"),
		scopes:     fs.String("oidc-scopes", envOr("WERKPAD_OIDC_SCOPES", "profile email"), "scopes naast openid, met spaties gescheiden (env WERKPAD_OIDC_SCOPES)"),
		roleClaim:  fs.String("oidc-role-claim", envOr("WERKPAD_OIDC_ROLE_CLAIM", "groups"), "claim in het ID-token met groepen of rollen (env WERKPAD_OIDC_ROLE_CLAIM)"),
		roleMap:    fs.String("oidc-role-map", envOr("WERKPAD_OIDC_ROLE_MAP", ""), "welke waarde van die claim welke rol geeft: waarde=rol,waarde=rol (env WERKPAD_OIDC_ROLE_MAP)"),
		muniClaim:  fs.String("oidc-municipality-claim", envOr("WERKPAD_OIDC_MUNICIPALITY_CLAIM", "gemeente"), "claim met de gemeentecode(s) of gemeentegroepen (env WERKPAD_OIDC_MUNICIPALITY_CLAIM)"),
		muniMap:    fs.String("oidc-municipality-map", envOr("WERKPAD_OIDC_MUNICIPALITY_MAP", ""), "vertaalt waarden van de gemeenteclaim naar codes: groep=GM0268,… ; leeg: de waarden zijn codes (env WERKPAD_OIDC_MUNICIPALITY_MAP)"),
		emailClaim: fs.String("oidc-email-claim", envOr("WERKPAD_OIDC_EMAIL_CLAIM", "email"), "claim met het e-mailadres; zonder valt werkpad terug op preferred_username (env WERKPAD_OIDC_EMAIL_CLAIM)"),
		nameClaim:  fs.String("oidc-name-claim", envOr("WERKPAD_OIDC_NAME_CLAIM", "name"), "claim met de naam (env WERKPAD_OIDC_NAME_CLAIM)"),
		localLogin: fs.String("local-login", envOr("WERKPAD_LOCAL_LOGIN", "all"), "wie met een wachtwoord mag inloggen: all, admin (alleen beheerders, noodtoegang) of off; admin en off alleen met --oidc-issuer (env WERKPAD_LOCAL_LOGIN)"),
	}
}

// config returns the OIDC configuration (nil when no issuer is set) and
// the local sign-in mode, or a usage error.
func (f *oidcFlags) config() (*whttp.OIDCConfig, werkpad.LocalLogin, error) {
	local := werkpad.LocalLogin(strings.ToLower(strings.TrimSpace(*f.localLogin)))
	switch local {
	case werkpad.LocalLoginAll, werkpad.LocalLoginAdmin, werkpad.LocalLoginOff:
	default:
		return nil, "", usageError("serve", "--local-login %q: kies all, admin of off", *f.localLogin)
	}
	if *f.issuer == "" {
		if local != werkpad.LocalLoginAll {
			return nil, "", usageError("serve", "--local-login %s kan alleen met --oidc-issuer: anders kan niemand inloggen", local)
		}
		return nil, local, nil
	}
	roles, err := werkpad.ParseRoleMap(*f.roleMap)
	if err != nil {
		return nil, "", usageError("serve", "--oidc-role-map: %v", err)
	}
	munis, err := werkpad.ParseMunicipalityMap(*f.muniMap)
	if err != nil {
		return nil, "", usageError("serve", "--oidc-municipality-map: %v", err)
	}
	cfg := &whttp.OIDCConfig{
		Issuer: strings.TrimSpace(*f.issuer), ClientID: *f.clientID, ClientSecret: os.Getenv("WERKPAD_OIDC_CLIENT_SECRET"),
		RedirectURL: *f.redirect, Name: *f.name, Scopes: strings.Fields(*f.scopes),
		Mapping: werkpad.ClaimMapping{RoleClaim: *f.roleClaim, Roles: roles, MunicipalityClaim: *f.muniClaim,
			Municipalities: munis, EmailClaim: *f.emailClaim, NameClaim: *f.nameClaim},
	}
	if err := cfg.Validate(); err != nil {
		return nil, "", usageError("serve", "%s", fmt.Sprint(err))
	}
	return cfg, local, nil
}

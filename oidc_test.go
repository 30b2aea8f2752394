package werkpad_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

func TestClaimMapping(t *testing.T) {
	m := werkpad.ClaimMapping{RoleClaim: "groups", MunicipalityClaim: "gemeente",
		Roles: map[string]werkpad.Role{"wp-gemeente": werkpad.RoleMunicipality, "wp-consulent": werkpad.RoleConsultant, "wp-ctl": werkpad.RoleController}}
	withMap := m
	withMap.Municipalities = map[string]string{"grp-nijmegen": "GM0268", "grp-wijchen": "GM0296"}
	base := func(extra map[string]any) map[string]any {
		c := map[string]any{"sub": "abc", "email": "Gert@Nijmegen.nl", "name": "Gert"}
		for k, v := range extra {
			c[k] = v
		}
		return c
	}
	for _, tc := range []struct {
		name    string
		m       werkpad.ClaimMapping
		claims  map[string]any
		want    *werkpad.ExternalIdentity
		wantErr string
	}{
		{"gemeente from a code", m, base(map[string]any{"groups": []any{"wp-gemeente", "other"}, "gemeente": "gm0268"}),
			&werkpad.ExternalIdentity{Subject: "https://idp abc", Email: "gert@nijmegen.nl", Name: "Gert", Role: werkpad.RoleMunicipality, Municipalities: []string{"GM0268"}}, ""},
		{"gemeente from groups", withMap, base(map[string]any{"groups": "wp-gemeente", "gemeente": []any{"grp-wijchen", "grp-nijmegen", "onbekend"}}),
			&werkpad.ExternalIdentity{Subject: "https://idp abc", Email: "gert@nijmegen.nl", Name: "Gert", Role: werkpad.RoleMunicipality, Municipalities: []string{"GM0268", "GM0296"}}, ""},
		{"consulent, whole region", m, base(map[string]any{"groups": []any{"wp-consulent"}}),
			&werkpad.ExternalIdentity{Subject: "https://idp abc", Email: "gert@nijmegen.nl", Name: "Gert", Role: werkpad.RoleConsultant}, ""},
		{"e-mail from preferred_username", m, map[string]any{"sub": "x", "preferred_username": "a@b.nl", "groups": "wp-ctl"},
			&werkpad.ExternalIdentity{Subject: "https://idp x", Email: "a@b.nl", Name: "a@b.nl", Role: werkpad.RoleController}, ""},
		{"no role", m, base(map[string]any{"groups": []any{"other"}}), nil, "U hebt geen rol in werkpad"},
		{"two roles", m, base(map[string]any{"groups": []any{"wp-consulent", "wp-ctl"}}), nil, "meer dan één rol in werkpad (consulent, controller)"},
		{"gemeente without municipality", m, base(map[string]any{"groups": "wp-gemeente"}), nil, "gaf geen gemeente mee"},
		{"municipality not a code", m, base(map[string]any{"groups": "wp-gemeente", "gemeente": "Nijmegen"}), nil, "is geen gemeentecode"},
		{"no e-mail", m, map[string]any{"sub": "x", "groups": "wp-ctl"}, nil, "geen e-mailadres"},
		{"no subject", m, map[string]any{"email": "a@b.nl"}, nil, "geen gebruikerskenmerk"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.m.Map("https://idp", tc.claims)
			if tc.wantErr != "" {
				if werkpad.ErrorCode(err) != werkpad.EFORBIDDEN || !strings.Contains(werkpad.ErrorMessage(err), tc.wantErr) {
					t.Fatalf("err = %v, want EFORBIDDEN with %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseRoleMap(t *testing.T) {
	got, err := werkpad.ParseRoleMap(" /werkpad/consulent=consulent , 8b1a-42=Controller")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]werkpad.Role{"/werkpad/consulent": werkpad.RoleConsultant, "8b1a-42": werkpad.RoleController}, got); diff != "" {
		t.Error(diff)
	}
	if _, err := werkpad.ParseRoleMap("x=koning"); err == nil {
		t.Error("unknown role accepted")
	}
	if _, err := werkpad.ParseMunicipalityMap("grp=GM12"); err == nil {
		t.Error("malformed code accepted")
	}
}

package werkpad

import (
	"context"
	"regexp"
)

// Municipality is a tenant: every record about a person belongs to exactly one.
type Municipality struct {
	Code   string `json:"code"` // CBS code, "GM" + 4 digits
	Name   string `json:"naam"`
	SWOnly bool   `json:"alleenSw"` // West Maas en Waal takes part for SW only
}

var municipalityCodeRE = regexp.MustCompile(`^GM[0-9]{4}$`)

// ValidMunicipalityCode reports whether code has the CBS form GM9999.
func ValidMunicipalityCode(code string) bool { return municipalityCodeRE.MatchString(code) }

// MunicipalityService reads the reference list of municipalities.
type MunicipalityService interface {
	// FindMunicipalities returns the municipalities in the caller's scope, by name.
	FindMunicipalities(ctx context.Context) ([]*Municipality, error)
	// FindMunicipality returns one municipality in scope, or ENOTFOUND.
	FindMunicipality(ctx context.Context, code string) (*Municipality, error)
}

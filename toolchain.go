package werkpad

import (
	"go/version"
)

// MinimumGo is the oldest Go toolchain werkpad may be built with: the
// toolchain line of go.mod, a patch release with the security fixes of the
// standard library that werkpad relies on (net/http, crypto/tls, html/template).
// A test keeps the two equal.
const MinimumGo = "go1.26.11"

// CheckGoVersion returns an error, in Dutch, when v (runtime.Version() of
// the running binary) is older than MinimumGo. Development builds of Go
// ("devel …") are not release versions and pass.
func CheckGoVersion(v string) error {
	if !version.IsValid(v) || version.Compare(v, MinimumGo) >= 0 {
		return nil
	}
	return Errorf(EINVALID, "werkpad is gebouwd met %s, maar heeft minstens %s nodig (oudere versies van Go hebben bekende kwetsbaarheden). "+
		"Bouw opnieuw met scripts/build, of met GOTOOLCHAIN=auto go build -o werkpad ./cmd/werkpad: dan haalt Go zelf de versie uit go.mod.", v, MinimumGo)
}

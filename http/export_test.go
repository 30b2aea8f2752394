package http

// CaseworkAPIPatterns returns the patterns of the casework API routes, as
// registered, for the test that holds them against openapi.json.
func CaseworkAPIPatterns() []string {
	out := make([]string, 0, len(caseworkAPI))
	for _, rt := range caseworkAPI {
		out = append(out, rt.pattern)
	}
	return out
}

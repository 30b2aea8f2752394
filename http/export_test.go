package http

// Patterns returns every route pattern registered on the mux, in the order
// registered, so that tests can compare the API routes with openapi.json.
func (s *Server) Patterns() []string { return append([]string(nil), s.patterns...) }

// CaseworkAPIPatterns returns the patterns of the casework API routes, as
// registered, for the test that holds them against openapi.json.
func CaseworkAPIPatterns() []string {
	out := make([]string, 0, len(caseworkAPI))
	for _, rt := range caseworkAPI {
		out = append(out, rt.pattern)
	}
	return out
}

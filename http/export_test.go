package http

// Patterns returns every route pattern registered on the mux, in the order
// registered, so that tests can compare the API routes with openapi.json.
func (s *Server) Patterns() []string {
	out := make([]string, 0, len(s.routeTable))
	for _, r := range s.routeTable {
		out = append(out, r.Pattern)
	}
	return out
}

// Route is a registered route as tests see it.
type Route = route

// Routes returns the route table: every route registered through handle,
// in order, with its roles. All routes are registered through handle, so
// a test that walks this table walks every route.
func (s *Server) Routes() []Route { return append([]Route(nil), s.routeTable...) }

// CaseworkAPIPatterns returns the patterns of the casework API routes, as
// registered, for the test that holds them against openapi.json.
func CaseworkAPIPatterns() []string {
	out := make([]string, 0, len(caseworkAPI))
	for _, rt := range caseworkAPI {
		out = append(out, rt.pattern)
	}
	return out
}

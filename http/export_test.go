package http

// Patterns returns every route pattern registered on the mux, in the order
// registered, so that tests can compare the API routes with openapi.json.
func (s *Server) Patterns() []string { return append([]string(nil), s.patterns...) }

package http

// caseworkAPIRoutes registers the casework API under /api/v1.
func (s *Server) caseworkAPIRoutes() {}

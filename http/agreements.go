package http

// agreementRoutes registers the pages and API of the DVO (overeenkomsten).
func (s *Server) agreementRoutes() {}

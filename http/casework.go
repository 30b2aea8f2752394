package http

// caseworkRoutes registers the casework pages for consultants and
// municipalities (kandidaten, aanmeldingen, trajecten, plaatsingen,
// uitstroom, signalen).
func (s *Server) caseworkRoutes() {}

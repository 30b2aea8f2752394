package http

import (
	_ "embed"
	"encoding/json"
	"net/http"

	"werkpad"
)

//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) apiRoutes() {
	s.handle("GET /api/v1/openapi.json", true, func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openAPIDoc)
		return nil
	})
	s.handle("GET /api/v1/gemeenten", false, s.apiMunicipalities)
	s.handle("GET /api/v1/gemeenten/{code}", false, s.apiMunicipality)
	s.handle("GET /api/v1/ik", false, func(w http.ResponseWriter, r *http.Request) error {
		return writeJSON(w, http.StatusOK, werkpad.UserFromContext(r.Context()))
	})
}

// writeJSON writes v as the JSON body of a response.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// listResponse is the envelope of a collection.
type listResponse[T any] struct {
	Items  []T `json:"items"`
	Totaal int `json:"totaal"`
}

func (s *Server) apiMunicipalities(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.Municipalities.FindMunicipalities(r.Context())
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []*werkpad.Municipality{}
	}
	return writeJSON(w, http.StatusOK, listResponse[*werkpad.Municipality]{Items: ms, Totaal: len(ms)})
}

func (s *Server) apiMunicipality(w http.ResponseWriter, r *http.Request) error {
	m, err := s.Municipalities.FindMunicipality(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

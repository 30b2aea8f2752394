package http

// EmployerAPIPatterns returns the patterns of the employer API routes, as
// registered, for the tests that hold them against openapi.json.
func EmployerAPIPatterns() []string {
	out := make([]string, 0, len(employerAPI))
	for _, rt := range employerAPI {
		out = append(out, rt.pattern)
	}
	return out
}

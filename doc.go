// Package werkpad holds the domain of werkpad: the nouns (types), the verbs
// (service interfaces) and the pure rules (11-proef, age at a date, hours
// class, price-card arithmetic, indicator definitions) of a regional public
// employment service.
//
// It does no I/O and imports no adapter package (store, http, report, demo).
package werkpad

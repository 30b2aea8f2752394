package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	verrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/requests"

	"werkpad"
)

// bodyValidator checks a request body against the schema that openapi.json
// publishes for the route, so that the document and the code cannot drift:
// a body the document does not allow (a missing required "items", a null,
// a text over its maxLength, a value outside its enum) is refused with 400
// before a handler sees it. It is built once from the embedded document.
var bodyValidator = sync.OnceValue(func() requests.RequestBodyValidator {
	doc, err := libopenapi.NewDocument(openAPIDoc)
	if err != nil {
		panic(fmt.Sprintf("openapi.json: %v", err))
	}
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions())
	if len(errs) > 0 {
		panic(fmt.Sprintf("openapi.json: %v", errs))
	}
	return v.GetRequestBodyValidator()
})

// validateBody answers nil when the body of r fits the document, and a
// field error (400, invalidParams) naming the first offending field
// otherwise. The body stays readable for the handler.
func validateBody(r *http.Request) error {
	switch r.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
	default:
		return nil
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err // *http.MaxBytesError is answered 413 by handle
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err := werkpad.CheckRawText("", body); err != nil {
		return err
	}
	// The API takes JSON only; a client that leaves Content-Type out means JSON.
	vr := r.Clone(r.Context())
	if vr.Header.Get("Content-Type") == "" || len(body) == 0 {
		vr.Header.Set("Content-Type", "application/json")
	}
	vr.Body = io.NopCloser(bytes.NewReader(body))
	if len(body) == 0 {
		// The validator treats an empty body as "nothing to check"; the
		// document asks for one wherever it declares a required body.
		vr.Body = io.NopCloser(strings.NewReader("null"))
	}
	ok, verrs := bodyValidator().ValidateRequestBody(vr)
	if !ok {
		return validationError(verrs)
	}
	var v any
	if json.Unmarshal(body, &v) == nil {
		return checkStrings("", v)
	}
	return nil
}

// checkStrings applies the text rules to every string of a decoded body
// (keys too): the schema bounds each field's length, these rules bound
// what a text may contain.
func checkStrings(path string, v any) error {
	switch v := v.(type) {
	case string:
		return werkpad.CheckText(path, v, werkpad.MaxTextLong)
	case []any:
		for i, x := range v {
			if err := checkStrings(fmt.Sprintf("%s[%d]", path, i), x); err != nil {
				return err
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			name := k
			if path != "" {
				name = path + "." + k
			}
			if err := werkpad.CheckLine(name, k, werkpad.MaxTextShort); err != nil {
				return err
			}
			if err := checkStrings(name, v[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

var (
	missingProperty = regexp.MustCompile(`missing propert(?:y|ies) '?([^',]+)'?`)
	additionalProp  = regexp.MustCompile(`additional properties? '?([^',]+)'? not allowed`)
)

// validationError turns the validator's findings into one field error:
// invalidParams[].name is the field in the body's own notation
// ("items[0].van"), the reason a Dutch sentence.
func validationError(verrs []*verrors.ValidationError) error {
	type finding struct{ field, reason string }
	var fs []finding
	for _, ve := range verrs {
		if ve.ValidationType == "path" {
			// A route the document does not describe: the route test
			// catches that; the handler still checks its own input.
			return nil
		}
		if len(ve.SchemaValidationErrors) == 0 {
			if strings.Contains(strings.ToLower(ve.Message), "content type") || strings.Contains(strings.ToLower(ve.Reason), "content type") {
				fs = append(fs, finding{"", "Stuur JSON (Content-Type: application/json)."})
			} else {
				fs = append(fs, finding{"", "De inhoud past niet bij de beschrijving in openapi.json."})
			}
			continue
		}
		for _, se := range ve.SchemaValidationErrors {
			fs = append(fs, finding{fieldName(se), reasonNL(se)})
		}
	}
	// An unknown field first: it usually explains the rest (a typo).
	slices.SortStableFunc(fs, func(a, b finding) int {
		ua, ub := a.reason == "Onbekend veld.", b.reason == "Onbekend veld."
		switch {
		case ua && !ub:
			return -1
		case ub && !ua:
			return 1
		}
		return 0
	})
	if len(fs) == 0 {
		return werkpad.Errorf(werkpad.EINVALID, "De inhoud past niet bij de beschrijving in openapi.json.")
	}
	// Prefer a finding that names a field.
	for _, f := range fs {
		if f.field != "" {
			return werkpad.FieldError(f.field, "%s", f.reason)
		}
	}
	return werkpad.Errorf(werkpad.EINVALID, "%s", fs[0].reason)
}

// fieldName is the path of the failing value, "a.b[0].c"; for a missing
// or unknown property it is the property itself.
func fieldName(se *verrors.SchemaValidationFailure) string {
	var b strings.Builder
	for _, seg := range se.InstancePath {
		if seg != "" && strings.Trim(seg, "0123456789") == "" {
			fmt.Fprintf(&b, "[%s]", seg)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	prefix := b.String()
	join := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + "." + name
	}
	if m := missingProperty.FindStringSubmatch(se.Reason); m != nil {
		return join(m[1])
	}
	if m := additionalProp.FindStringSubmatch(se.Reason); m != nil {
		return join(m[1])
	}
	if prefix == "" {
		return "body"
	}
	return prefix
}

// reasonNL translates the common schema findings; the rest keep the
// validator's own (English) words behind a Dutch lead.
func reasonNL(se *verrors.SchemaValidationFailure) string {
	r := se.Reason
	kw := se.KeywordLocation
	switch {
	case missingProperty.MatchString(r):
		return "Verplicht veld ontbreekt."
	case additionalProp.MatchString(r):
		return "Onbekend veld."
	case strings.HasSuffix(kw, "/type") || strings.Contains(r, "got null") || strings.Contains(r, "expected"):
		return "Verkeerd type of leeg: " + r
	case strings.HasSuffix(kw, "/maxLength"):
		return "Te lang: " + r
	case strings.HasSuffix(kw, "/minLength"):
		return "Te kort of leeg: " + r
	case strings.HasSuffix(kw, "/enum"):
		return "Geen toegestane waarde: " + r
	case strings.HasSuffix(kw, "/pattern"):
		return "Heeft niet de juiste vorm: " + r
	case strings.HasSuffix(kw, "/format") && strings.Contains(r, "date"):
		return "Geen geldige datum in de vorm jjjj-mm-dd, bijvoorbeeld 2024-06-30."
	case strings.HasSuffix(kw, "/format"):
		return "Heeft niet de juiste vorm: " + r
	case strings.HasSuffix(kw, "/minimum") || strings.HasSuffix(kw, "/exclusiveMinimum"):
		return "Te klein: " + r
	case strings.HasSuffix(kw, "/maximum") || strings.HasSuffix(kw, "/exclusiveMaximum"):
		return "Te groot: " + r
	case strings.HasSuffix(kw, "/maxItems"):
		return "Te veel elementen: " + r
	}
	return "Ongeldig: " + r
}

// checkFormText applies the text rules to every field of a posted form:
// the same rules as the API and the import, with the field named.
// Passwords are left alone: they are hashed, never shown.
func checkFormText(r *http.Request) error {
	if r.Method != http.MethodPost || strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		return nil
	}
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return mbe
		}
		return werkpad.Errorf(werkpad.EINVALID, "Het formulier kon niet worden gelezen.")
	}
	names := make([]string, 0, len(r.PostForm))
	for name := range r.PostForm {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if strings.Contains(name, "wachtwoord") {
			continue
		}
		for _, v := range r.PostForm[name] {
			if err := werkpad.CheckText(name, v, werkpad.MaxTextLong); err != nil {
				return werkpad.FieldError(name, "Veld %s: %s", name, werkpad.ErrorMessage(err))
			}
		}
	}
	return nil
}

package werkpad

import "strings"

// bsnWeights are the weights of the 11-proef for a BSN. The last digit has
// weight −1, unlike the bank-account 11-proef, which is what makes a BSN
// check different from an old bank-account check.
var bsnWeights = [9]int{9, 8, 7, 6, 5, 4, 3, 2, -1}

// ParseBSN checks a burgerservicenummer and returns it as 9 digits.
//
// Spaces are removed (people type "1234 56 782"); nothing else is stripped,
// so dots or dashes are an error rather than a guess. An 8-digit number is
// left-padded with a zero: many Dutch source systems store the BSN as a
// number and so drop its leading zero, and the 11-proef is unaffected by
// that zero. The number must pass the 11-proef (weights 9..2 and −1, sum
// divisible by 11) and must not be all zeros.
func ParseBSN(s string) (string, error) {
	s = strings.ReplaceAll(s, " ", "")
	if s == "" {
		return "", FieldError("bsn", "Vul het burgerservicenummer in.")
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return "", FieldError("bsn", "Een burgerservicenummer bestaat alleen uit cijfers.")
		}
	}
	if len(s) == 8 {
		s = "0" + s
	}
	if len(s) != 9 {
		return "", FieldError("bsn", "Een burgerservicenummer heeft 9 cijfers.")
	}
	sum := 0
	for i, r := range s {
		sum += int(r-'0') * bsnWeights[i]
	}
	if sum%11 != 0 || s == "000000000" {
		return "", FieldError("bsn", "Dit burgerservicenummer bestaat niet: het voldoet niet aan de elfproef. Controleer de cijfers.")
	}
	return s, nil
}

// ValidBSN reports whether s is a valid BSN in the sense of ParseBSN.
func ValidBSN(s string) bool {
	_, err := ParseBSN(s)
	return err == nil
}

// MaskBSN returns the BSN as shown outside the candidate's own page: five
// stars and the last four digits, "*****6758". Input that is too short to
// mask safely is hidden completely.
func MaskBSN(bsn string) string {
	bsn = strings.ReplaceAll(bsn, " ", "")
	if len(bsn) < 8 {
		return "*********"
	}
	return "*****" + bsn[len(bsn)-4:]
}

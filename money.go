package werkpad

import (
	"strconv"
	"strings"
)

// Cents is an amount of money in euro cents. Money is never a float.
type Cents int64

// FormatEuro formats c the Dutch way: "€ 1.234,56". A negative amount gets
// the minus sign in front of the euro sign: "-€ 1.234,56".
func FormatEuro(c Cents) string {
	sign := ""
	u := uint64(c)
	if c < 0 {
		sign = "-"
		u = uint64(-(c + 1)) + 1 // safe for math.MinInt64
	}
	euros, cents := u/100, u%100
	digits := strconv.FormatUint(euros, 10)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(d)
	}
	return sign + "€ " + b.String() + "," + twoDigits(cents)
}

func twoDigits(n uint64) string {
	if n < 10 {
		return "0" + strconv.FormatUint(n, 10)
	}
	return strconv.FormatUint(n, 10)
}

// ParseEuro reads an amount written the Dutch way, as it appears in
// agreements and spreadsheets: "1.234,56", "€ 1.234,56", "1234,5", "1234",
// "-€ 12,50", and the shorthand of the DVO: "€ 128k", "€ 1,5 mln.",
// "€1,5 miljoen", "5.000 euro". A dot groups thousands and a comma starts
// the decimals; an amount that does not resolve to whole cents is refused.
func ParseEuro(s string) (Cents, error) {
	invalid := func() (Cents, error) {
		return 0, Errorf(EINVALID, "ongeldig bedrag %q; schrijf bijvoorbeeld € 1.234,56", s)
	}
	t := strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(t, "-") {
		neg, t = true, strings.TrimSpace(t[1:])
	}
	t = strings.TrimSpace(strings.TrimPrefix(t, "€"))
	if !neg && strings.HasPrefix(t, "-") {
		neg, t = true, strings.TrimSpace(t[1:])
	}
	t = strings.TrimSpace(strings.TrimSuffix(strings.ToLower(t), "euro"))

	// Multiplier suffixes, longest first so that "mln." is not read as "mln".
	var mult int64 = 1
	for _, suf := range []struct {
		text string
		mult int64
	}{{"miljoen", 1_000_000}, {"mln.", 1_000_000}, {"mln", 1_000_000}, {"k", 1_000}} {
		if strings.HasSuffix(t, suf.text) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, suf.text)), suf.mult
			break
		}
	}
	if t == "" {
		return invalid()
	}

	whole, frac, hasFrac := strings.Cut(t, ",")
	if hasFrac && (frac == "" || !allDigits(frac)) {
		return invalid()
	}
	if strings.Contains(whole, ".") {
		// Thousands groups: 1-3 leading digits, then groups of exactly three.
		groups := strings.Split(whole, ".")
		if len(groups[0]) < 1 || len(groups[0]) > 3 {
			return invalid()
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return invalid()
			}
		}
		whole = strings.Join(groups, "")
	}
	if whole == "" || !allDigits(whole) || len(whole)+len(frac) > 15 {
		return invalid()
	}

	// value = mantissa / 10^len(frac) euros; cents = value * mult * 100.
	mantissa, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return invalid()
	}
	num := mantissa * mult * 100
	den := int64(1)
	for range len(frac) {
		den *= 10
	}
	if num/(mult*100) != mantissa || num%den != 0 {
		return invalid() // overflow, or finer than a cent
	}
	c := Cents(num / den)
	if neg {
		c = -c
	}
	return c, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Plural writes a count with the Dutch noun in the right number and a
// thousands separator: Plural(1, "signaal", "signalen") is "1 signaal",
// Plural(1234, "kandidaat", "kandidaten") is "1.234 kandidaten".
func Plural(n int64, one, many string) string {
	noun := many
	if n == 1 || n == -1 {
		noun = one
	}
	return FormatCount(n) + " " + noun
}

// FormatCount writes a whole number with a Dutch thousands separator: 1.234.
func FormatCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

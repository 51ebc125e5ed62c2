package render

import (
	"math"
	"strconv"
	"strings"
)

// Dash is what a readout shows for a number that is not available or not finite.
const Dash = "–"

// Num formats v compactly with sig significant digits for readouts: fixed notation for
// magnitudes in [1e-3, 1e5) ("0.2059", "12.5"), otherwise a short exponent ("3.2e-10",
// "1e6"); trailing zeros are dropped. NaN and infinities give Dash, never "NaN".
func Num(v float64, sig int) string {
	if !Finite(v) {
		return Dash
	}
	if v == 0 {
		return "0"
	}
	sig = max(sig, 1)
	a := math.Abs(v)
	if a >= 1e-3 && a < 1e5 {
		dec := max(sig-1-int(math.Floor(math.Log10(a))), 0)
		s := strconv.FormatFloat(v, 'f', dec, 64)
		// Rounding may push a number across a power of ten (0.99996 -> "1.0000"); trimming
		// zeros makes that harmless.
		return TrimZeros(s)
	}
	return Exp(strconv.FormatFloat(v, 'e', sig-1, 64))
}

// TrimZeros drops trailing zeros after a decimal point, and the point if nothing is left
// ("0.500" -> "0.5", "2.000" -> "2").
func TrimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// Exp rewrites Go's exponent notation ("2.500e-09", "1e+06") in the short form used on axes
// ("2.5e-9", "1e6").
func Exp(s string) string {
	i := strings.IndexAny(s, "eE")
	if i < 0 {
		return TrimZeros(s)
	}
	mant, exp := TrimZeros(s[:i]), s[i+1:]
	sign := ""
	switch {
	case strings.HasPrefix(exp, "-"):
		sign, exp = "-", exp[1:]
	case strings.HasPrefix(exp, "+"):
		exp = exp[1:]
	}
	exp = strings.TrimLeft(exp, "0")
	if exp == "" {
		return mant
	}
	return mant + "e" + sign + exp
}

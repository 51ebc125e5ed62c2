package render

import (
	"math"
	"testing"
)

func TestNum(t *testing.T) {
	// Expected strings worked out by hand from the rule in Num's comment.
	cases := []struct {
		v    float64
		sig  int
		want string
	}{
		{0, 4, "0"},
		{0.18, 4, "0.18"},               // trailing zeros of "0.1800" dropped
		{0.2058874117, 4, "0.2059"},     // <C,P> at eps 0.1 in the spec, rounded
		{-0.0821990256, 4, "-0.0822"},   // OT_eps at eps 0.1
		{0.99996, 4, "1"},               // rounds across a power of ten
		{12345.6, 4, "12346"},           // no decimals left, never exponent below 1e5
		{0.001, 2, "0.001"},             // the lower edge of fixed notation
		{3.2e-10, 2, "3.2e-10"},         // exponent form, short
		{1e6, 3, "1e6"},                 // no "+" and no leading zero in the exponent
		{-2.5e-7, 3, "-2.5e-7"},         // negative, exponent form
		{math.NaN(), 4, Dash},           // never "NaN"
		{math.Inf(1), 4, Dash},          // never "+Inf"
		{math.Inf(-1), 4, Dash},         // never "-Inf"
		{1.23456, 0, "1"},               // sig below 1 means 1
		{-1e-300, 3, "-1e-300"},         // tiny but finite
		{math.MaxFloat64, 2, "1.8e308"}, // huge but finite
	}
	for _, c := range cases {
		if got := Num(c.v, c.sig); got != c.want {
			t.Errorf("Num(%v, %d) = %q, want %q", c.v, c.sig, got, c.want)
		}
	}
}

func TestExp(t *testing.T) {
	for in, want := range map[string]string{
		"2.500e-09": "2.5e-9",
		"1e+06":     "1e6",
		"1.000e+00": "1",
		"-3.0e-12":  "-3e-12",
		"0.500":     "0.5",
	} {
		if got := Exp(in); got != want {
			t.Errorf("Exp(%q) = %q, want %q", in, got, want)
		}
	}
}

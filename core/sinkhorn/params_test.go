package sinkhorn

import (
	"net/url"
	"strings"
	"testing"
)

func parseQuery(t *testing.T, q string) (Params, error) {
	t.Helper()
	v, err := url.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(LookupIn(v))
}

func TestParseErrorsNameTheParameter(t *testing.T) {
	cases := []struct{ query, param, words string }{
		{"x=0,1,2&p=1,1", "p", "2 weights but there are 3"},
		{"p=1,-1,1", "p", "negative"},
		{"p=1,abc,1", "p", "not a finite number"},
		{"p=1,,1", "p", "empty entry"},
		{"p=0,0,0", "p", "no mass"},
		{"p=1,1&q=0,0", "q", "no mass"},
		{"lambda=0", "lambda", "positive"},
		{"lambda=-1", "lambda", "positive"},
		{"lambda=abc", "lambda", "positive number"},
		{"lambda=NaN", "lambda", "positive number"},
		{"lambda=1e-9", "lambda", "largest cost"},
		{"x=", "x", "empty"},
		{"q=&p=1", "q", "empty"},
		{"lambda=", "lambda", "empty"},
		{"seed=", "", ""}, // an empty optional setting means its default
		{"x=0,nope", "x", "not a finite number"},
		{"cost=l2", "cost", "sq"},
		{"n=0", "n", "whole number"},
		{"n=401", "n", "whole number"},
		{"preset=nope", "preset", "no preset"},
		{"tol=-1", "tol", "number from"},
		{"tol=1e-20", "tol", "rounding"},
		{"lambda=1e7", "lambda", "independent coupling"},
		{"pshape=square", "pshape", "bump"},
	}
	for _, tc := range cases {
		pr, err := parseQuery(t, tc.query)
		if err == nil {
			_, err = pr.Problem()
		}
		if tc.param == "" && tc.words == "" {
			if err != nil {
				t.Errorf("%s: unexpected error %v", tc.query, err)
			}
			continue
		}
		pe, ok := err.(*ParamError)
		if !ok {
			t.Errorf("%s: error %v is not a ParamError", tc.query, err)
			continue
		}
		if pe.Param != tc.param || !strings.Contains(pe.Msg, tc.words) {
			t.Errorf("%s: got (%s) %q, want (%s) containing %q", tc.query, pe.Param, pe.Msg, tc.param, tc.words)
		}
	}
}

func TestPresetsBuild(t *testing.T) {
	for _, p := range Presets() {
		pr, err := parseQuery(t, "preset="+p.Name)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		if _, err := pr.Problem(); err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
	}
	// Explicit parameters override the preset.
	pr, _ := parseQuery(t, "preset=spec&lambda=0.5")
	if pr.Lambda != 0.5 || len(pr.X) != 6 {
		t.Errorf("override: lambda %g, %d points", pr.Lambda, len(pr.X))
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	for _, q := range []string{
		"x=0,0.2,0.4&p=0.1,0.7,0.2&q=1,2,3&lambda=0.1",
		"n=17&pshape=random&qshape=uniform&seed=9&lambda=0.003&cost=abs&tol=1e-12&scaling=1",
		"lambda=0.01",
	} {
		pr, err := parseQuery(t, q)
		if err != nil {
			t.Fatal(err)
		}
		again, err := parseQuery(t, pr.Encode())
		if err != nil {
			t.Fatal(err)
		}
		if again.Encode() != pr.Encode() {
			t.Errorf("%s: %s then %s", q, pr.Encode(), again.Encode())
		}
		a, _ := pr.Problem()
		b, _ := again.Problem()
		if maxAbsDiff(a.P, b.P) != 0 || maxAbsDiff(a.C, b.C) != 0 {
			t.Errorf("%s: the problem changed in the round trip", q)
		}
	}
}

package dln

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func parseQ(t *testing.T, q string) (Params, error) {
	t.Helper()
	return Parse(LookupQuery(q))
}

func TestParseDefaults(t *testing.T) {
	pr, err := parseQ(t, "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := pr.Problem()
	if err != nil {
		t.Fatal(err)
	}
	// The first view: x1 + 2 x2 = 2 at alpha = 0.1, gradient flow, the line picture.
	if p.N != 1 || p.D != 2 || pr.Alpha != 0.1 || pr.Depth != 2 || pr.Algo != "flow" || pr.Tol != 1e-10 || pr.ResolvedView(p) != "line" {
		t.Errorf("defaults: %+v", pr)
	}
}

// The contract's acceptance URL: X=1,2,3&y=6&alpha=0.1 must give spec §1.6 Example A, alpha = 0.1.
func TestParseAcceptanceExample(t *testing.T) {
	pr, err := parseQ(t, "model=dln&speed=max&X=1,2,3&y=6&alpha=0.1")
	if err != nil {
		t.Fatal(err)
	}
	p, err := pr.Problem()
	if err != nil {
		t.Fatal(err)
	}
	beta, err := Oracle(p, pr.Alpha, pr.Depth)
	if err != nil {
		t.Fatal(err)
	}
	if d := vecDist(beta, []float64{0.0543856405, 0.3151458004, 1.7717742529}); d > 1e-8 {
		t.Errorf("beta %v (spec §1.6)", beta)
	}
	if pr.ResolvedView(p) != "coef" {
		t.Errorf("view %q for d = 3", pr.ResolvedView(p))
	}
}

func TestParseErrorsNameTheParameter(t *testing.T) {
	cases := []struct{ query, param, words string }{
		{"X=1,2,3%3B1,2&y=1,1", "X", "different lengths"},
		{"X=1,2,3;1,2&y=1,1", "X", "different lengths"}, // raw ';' as a browser sends it
		{"X=1,2;3,4&y=1,1", "X", "d > n"},
		{"X=1,2,3;2,4,6&y=1,2", "X", "singular"},
		{"X=1,abc,3&y=1", "X", "not a finite number"},
		{"X=1,,3&y=1", "X", "empty entry"},
		{"X=1,2,3;&y=1,1", "X", "Row 2 of X is empty"},
		{"X=&y=1", "X", "empty"},
		{"X=1,2,3", "y", "missing"},
		{"X=1,2,3&y=", "y", "empty"},
		{"X=1,2,3&y=1,2", "y", "2 entries but X has 1 rows"},
		{"y=6", "X", "y is given but X is not"},
		{"alpha=0", "alpha", "positive"},
		{"alpha=-1", "alpha", "positive"},
		{"alpha=abc", "alpha", "positive number"},
		{"alpha=NaN", "alpha", "positive number"},
		{"alpha=", "alpha", "empty"},
		{"alpha=1e-7", "alpha", "below 1e-06"},
		{"alpha=1000", "alpha", "above 100"},
		{"alpha=1e-4&depth=6", "alpha", "At depth 6"},
		{"depth=1", "depth", "from 2 to 6"},
		{"depth=7", "depth", "from 2 to 6"},
		{"depth=2.5", "depth", "whole number"},
		{"algo=adam", "algo", "flow"},
		{"eta=0", "eta", "positive"},
		{"eta=-0.1&algo=gd", "eta", "positive"},
		{"batch=0", "batch", "from 1 to n = 1"},
		{"X=1,2,3;0,1,1&y=1,1&batch=3", "batch", "from 1 to n = 2"},
		{"gamma=-1", "gamma", ">= 0"},
		{"gamma=0.1&algo=flow", "gamma", "algo=gd"},
		{"view=3d", "view", "auto"},
		{"X=1,2,3&y=6&view=line", "view", "n = 1, d = 2"},
		{"tol=0", "tol", "positive"},
		{"n=0", "n", "from 1 to 100"},
		{"n=101", "n", "from 1 to 100"},
		{"n=20&d=20", "d", "d > n"},
		{"d=1", "d", "from 2 to 1000"},
		{"n=5&d=10&k=11", "k", "from 0 to d = 10"},
		{"n=5&noise=-1", "noise", ">= 0"},
		{"seed=-3", "seed", "whole number"},
		{"preset=nope", "preset", "no preset"},
		{"seed=", "", ""},     // an empty optional setting means its default
		{"eta=", "", ""},      // likewise
		{"speed=max", "", ""}, // simulator-level keys are ignored
	}
	for _, tc := range cases {
		pr, err := parseQ(t, tc.query)
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
		// Messages are full sentences (core/sinkhorn style: they may start with the parameter's
		// own lower-case name) that end with a full stop.
		if !strings.HasSuffix(pe.Msg, ".") {
			t.Errorf("%s: message %q does not end a sentence", tc.query, pe.Msg)
		}
	}
}

func TestParseInfersAlgorithmAndGenerator(t *testing.T) {
	for _, tc := range []struct{ query, algo string }{
		{"", "flow"}, {"eta=0.01", "gd"}, {"gamma=0.05", "gd"}, {"batch=1", "sgd"}, {"algo=flow&eta=0.3", "flow"},
	} {
		pr, err := parseQ(t, tc.query)
		if err != nil || pr.Algo != tc.algo {
			t.Errorf("%s: algo %q err %v, want %q", tc.query, pr.Algo, err, tc.algo)
		}
	}
	pr, _ := parseQ(t, "algo=sgd")
	if o := pr.GDOptions(); o.Batch != DefaultBatch || o.Eta != DefaultEta {
		t.Errorf("sgd defaults %+v", o)
	}
	pr, _ = parseQ(t, "algo=gd&batch=1")
	if o := pr.GDOptions(); o.Batch != 0 {
		t.Errorf("gd uses a batch: %+v", o)
	}
	// Generated problems: n alone gives d = 5n; d alone gives n = d/5; k defaults to 3.
	for _, tc := range []struct {
		query   string
		n, d, k int
	}{{"n=10", 10, 50, 3}, {"d=40", 8, 40, 3}, {"n=4&d=7&k=2&seed=3", 4, 7, 2}, {"noise=0.1", 20, 100, 3}} {
		pr, err := parseQ(t, tc.query)
		if err != nil || !pr.Generated || pr.N != tc.n || pr.D != tc.d || pr.K != tc.k {
			t.Errorf("%s: %+v %v", tc.query, pr, err)
			continue
		}
		p, err := pr.Problem()
		if err != nil || p.N != tc.n || p.D != tc.d || p.Teacher == nil {
			t.Errorf("%s: problem %v", tc.query, err)
		}
	}
	// A given X wins over generator keys.
	pr, _ = parseQ(t, "X=1,2,3&y=6&n=10")
	if pr.Generated {
		t.Error("n overrode X")
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	queries := []string{
		"",
		"X=1,2,3&y=6&alpha=0.1",
		"X=1,0.5,-1,2,0.3;0,1,1,-0.5,1&y=1,2&alpha=1e-3&view=sweep&tol=1e-12",
		"n=20&d=100&k=3&noise=0.25&seed=7&alpha=0.001&depth=3",
		"X=1,2,3&y=6&alpha=0.5&algo=gd&eta=0.02&gamma=0.05",
		"n=10&algo=sgd&batch=3&eta=0.001&seed=2",
	}
	for _, p := range Presets() {
		queries = append(queries, p.Query)
	}
	for _, q := range queries {
		pr, err := parseQ(t, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		enc := pr.Encode()
		if strings.Contains(enc, ";") {
			t.Errorf("%s: encoded %q holds a raw ';'", q, enc)
		}
		// Go's url.ParseQuery must read the encoding back (it drops pairs with a raw ';').
		vals, err := url.ParseQuery(enc)
		if err != nil {
			t.Errorf("%s: url.ParseQuery(%q): %v", q, enc, err)
		}
		back, err := Parse(LookupIn(vals))
		if err != nil {
			t.Fatalf("%s: re-parse of %q: %v", q, enc, err)
		}
		if !reflect.DeepEqual(back, pr) {
			t.Errorf("%s: round trip through %q:\n got  %+v\n want %+v", q, enc, back, pr)
		}
	}
}

func TestPresets(t *testing.T) {
	names := map[string]bool{}
	for _, p := range Presets() {
		if names[p.Name] || p.Title == "" || p.Blurb == "" {
			t.Errorf("preset %q: duplicate or missing title/blurb", p.Name)
		}
		names[p.Name] = true
		// Every preset parses with url.ParseQuery (no raw ';') and through Parse(preset=name).
		if _, err := url.ParseQuery(p.Query); err != nil || strings.Contains(p.Query, ";") {
			t.Errorf("preset %q: query %q: %v", p.Name, p.Query, err)
		}
		pr, err := parseQ(t, "preset="+p.Name)
		if err != nil {
			t.Fatalf("preset %q: %v", p.Name, err)
		}
		prob, err := pr.Problem()
		if err != nil {
			t.Fatalf("preset %q: %v", p.Name, err)
		}
		if _, err := Oracle(prob, pr.Alpha, pr.Depth); err != nil {
			t.Errorf("preset %q: oracle: %v", p.Name, err)
		}
		// The discrete presets run stably (no divergence) for a while.
		if pr.Algo != "flow" {
			s, err := NewGD(prob, pr.Alpha, pr.Depth, pr.GDOptions())
			if err != nil {
				t.Fatalf("preset %q: %v", p.Name, err)
			}
			for i := 0; i < 3000; i++ {
				s.Step()
			}
			if s.Err() != nil {
				t.Errorf("preset %q: %v", p.Name, s.Err())
			}
		}
	}
	for _, want := range []string{"line", "kernel", "rich", "teacher", "bigstep", "sgd", "gr", "depth3"} {
		if !names[want] {
			t.Errorf("no preset %q", want)
		}
	}
	// Explicit parameters override a preset.
	pr, _ := parseQ(t, "preset=kernel&alpha=2")
	if pr.Alpha != 2 || len(pr.X) != 1 || len(pr.X[0]) != 3 {
		t.Errorf("override: %+v", pr)
	}
	// The preset "line" is the default view: the 2-D line picture.
	pr, _ = parseQ(t, "preset=line")
	if prob, _ := pr.Problem(); pr.ResolvedView(prob) != "line" {
		t.Error("preset line does not resolve to the line view")
	}
}

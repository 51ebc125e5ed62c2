package ntk

import (
	"errors"
	"math"
	"strings"
	"testing"

	"solvable/core/param"
)

func TestParamsDefaultsAndRoundTrip(t *testing.T) {
	pr, err := Parse(param.LookupQuery(""))
	if err != nil {
		t.Fatal(err)
	}
	if pr.Encode() != "target=mix&width=256" {
		t.Errorf("default encodes as %q", pr.Encode())
	}
	for _, q := range []string{
		"target=step&n=9&points=random&seed=7&depth=4&width=64&optimizer=kfac&eta=0.01&rho=0.001&sw2=1.5&sb2=0",
		"y=1,-0.5,0.25&width=128&optimizer=ngd",
	} {
		a, err := Parse(param.LookupQuery(q))
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		b, err := Parse(param.LookupQuery(a.Encode()))
		if err != nil {
			t.Fatalf("%s: %v", a.Encode(), err)
		}
		if a.Encode() != b.Encode() {
			t.Errorf("%s: %q then %q", q, a.Encode(), b.Encode())
		}
	}
	for _, p := range Presets {
		if _, err := Parse(param.LookupQuery("preset=" + p.Name)); err != nil {
			t.Errorf("preset %s: %v", p.Name, err)
		}
	}
}

func TestParamsErrorsNameTheParameter(t *testing.T) {
	for q, want := range map[string]string{
		"width=4096": "width", "width=1024": "width", "width=400&n=64&depth=3": "width",
		"depth=1": "depth", "depth=6": "depth", "n=65": "n", "n=x": "n", "points=spiral": "points",
		"target=cube": "target", "y=1,,2": "y", "y=": "y", "n=2&y=1,2,3": "y", "y=1,2&target=mix": "target",
		"optimizer=adam": "optimizer", "eta=0": "eta", "eta=nan": "eta", "rho=-1": "rho",
		"seed=-3": "seed", "sw2=0": "sw2", "sb2=-1": "sb2", "preset=huge": "preset",
	} {
		_, err := Parse(param.LookupQuery(q))
		var pe *ParamError
		if !errors.As(err, &pe) || pe.Param != want {
			t.Errorf("%s: %v, want an error about %s", q, err, want)
			continue
		}
		if !strings.HasSuffix(pe.Msg, ".") || !strings.Contains(pe.Msg, want) && want != "y" {
			t.Errorf("%s: %q is not a sentence naming %s", q, pe.Msg, want)
		}
	}
	_, err := Parse(param.LookupQuery("width=1024"))
	if err == nil || !strings.Contains(err.Error(), "width <= 722") {
		t.Errorf("the width limit at n = 16, L = 3 is 722: %v", err)
	}
}

func TestWidthLimit(t *testing.T) {
	// The limit keeps one step within MaxWork; the benchmark setting is twice over it.
	if w := Work(64, 3, 512); w <= MaxWork || w > 2.1*MaxWork {
		t.Errorf("benchmark work %g against the limit %d", w, MaxWork)
	}
	for _, c := range []struct{ n, depth int }{{16, 3}, {64, 3}, {16, 5}, {3, 2}} {
		m := MaxWidthFor(c.n, c.depth)
		if Work(c.n, c.depth, m) > MaxWork || (m < MaxSimWidth && Work(c.n, c.depth, m+1) <= MaxWork) {
			t.Errorf("n = %d, L = %d: limit %d is not the largest width within the work bound", c.n, c.depth, m)
		}
	}
	if MaxWidthFor(16, 3) < 256 {
		t.Error("the default width is above its own limit")
	}
}

func TestNaturalEta(t *testing.T) {
	pr := DefaultParams()
	X, _, _ := pr.Data()
	K, _ := pr.Arch().Gram(X, X)
	if got, want := pr.NaturalEta(K), GDFraction*StableStep(K)*float64(len(X)); math.Abs(got-want) > 1e-15*want {
		t.Errorf("GD eta %g, want %g", got, want)
	}
	for m, want := range map[Method]float64{NGD: 1, BlockDiag: 1.0 / 3, KFAC: 1 / KFACAlpha(3, 16)} {
		pr.Method = m
		if got := pr.NaturalEta(K); math.Abs(got-want) > 1e-15 {
			t.Errorf("%s: eta %g, want %g", m, got, want)
		}
	}
	pr.Eta = 0.123
	if pr.EtaFor(K) != 0.123 {
		t.Error("an explicit eta is not kept")
	}
}

func TestTargetsAndAngles(t *testing.T) {
	for _, name := range Targets {
		f := TargetFunc(name)
		for k := 0; k < 100; k++ {
			if v := f(0.0628 * float64(k)); math.IsNaN(v) || math.Abs(v) > 2 {
				t.Fatalf("%s(%g) = %g", name, 0.0628*float64(k), v)
			}
		}
	}
	pr := DefaultParams()
	pr.Points, pr.N = "random", 20
	th := pr.Angles()
	for i, a := range th {
		if a < 0 || a >= 2*math.Pi || (i > 0 && a < th[i-1]) {
			t.Fatalf("random angles not sorted in [0, 2pi): %v", th)
		}
	}
	X, _, _ := pr.Data()
	for _, x := range X {
		if math.Abs(x[0]*x[0]+x[1]*x[1]-2) > 1e-14 {
			t.Fatalf("input %v has x.x != n_0", x)
		}
	}
}

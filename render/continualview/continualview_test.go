package continualview

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"solvable/render"
	"solvable/render/rastercanvas"
	"solvable/render/recorder"
)

var sizes = [][2]float64{{800, 600}, {390, 640}, {1280, 720}, {320, 568}, {700, 480}, {1000, 640}}

// Each view draws only finite numbers at every size and says what it shows.
func TestScenesFiniteAndWords(t *testing.T) {
	cases := []struct {
		name  string
		v     View
		words []string
	}{
		{"transfer", transferFixture(64), []string{"ρ* = 0.5", "positive transfer", "negative transfer", "forgetting",
			"E_B: B learned alone", "E_A: before learning B", "Simulation complete", "similarity ρ of the two targets"}},
		{"transfer-running", transferFixture(7), []string{"Simulating: 7 of 64 seeds"}},
		{"self", selfFixture(), []string{"E_A: after A alone (N_A = 100)", "forgetting", "transfer", "B alone, from zero", "A and B together (joint)"}},
		{"multi", multiFixture(), []string{"bias (theory)", "variance (theory)", "task n", "self-knowledge forgetting", "self-knowledge transfer"}},
	}
	for _, tc := range cases {
		for _, sz := range sizes {
			rec := recorder.New(sz[0], sz[1])
			Draw(rec, tc.v)
			if err := rec.CheckFinite(); err != nil {
				t.Errorf("%s %v: %v", tc.name, sz, err)
			}
			for _, s := range rec.Texts() {
				if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
					t.Errorf("%s %v: drawn text %q", tc.name, sz, s)
				}
			}
		}
		rec := recorder.New(800, 600)
		Draw(rec, tc.v)
		for _, w := range tc.words {
			if !rec.HasText(w) {
				t.Errorf("%s: the scene does not say %q", tc.name, w)
			}
		}
	}
}

// The headline follows the theory: forgetting even at rho = 1 when rho*_back > 1, and no
// crossing for the self view when the second task always helps.
func TestHeadlines(t *testing.T) {
	v := transferFixture(64)
	if h := headline(v); !strings.Contains(h, "ρ* = 0.5") || !strings.Contains(h, "below 0.9667") {
		t.Errorf("talk headline %q", h)
	}
	v.Transfer.CritB = 1.012
	if h := headline(v); !strings.Contains(h, "even for the same target") {
		t.Errorf("unbalanced headline %q", h)
	}
	s := selfFixture()
	if h := headline(s); !strings.Contains(h, "more than about") || !strings.Contains(h, "self-knowledge forgetting") {
		t.Errorf("self headline %q", h)
	}
	for i := range s.Self.E2 {
		s.Self.E2[i] = 1.5
	}
	if h := headline(s); !strings.Contains(h, "any size improves") {
		t.Errorf("self headline without a crossing %q", h)
	}
}

// Every part lies inside the canvas and no two parts overlap.
func TestLayoutDisjoint(t *testing.T) {
	for _, v := range []View{transferFixture(3), selfFixture(), multiFixture()} {
		v.Note = "On S⁴ the simulation sits above the replica theory."
		for _, sz := range sizes {
			g := Layout(sz[0], sz[1], v)
			parts := map[string]render.Rect{"header": g.Header, "note": g.Note, "first": g.First, "second": g.Second, "readout": g.Readout}
			for name, r := range parts {
				if name == "second" && v.Kind == "self" {
					continue
				}
				if !r.Valid() || r.X < 0 || r.Y < 0 || r.Right() > sz[0]+0.01 || r.Bottom() > sz[1]+0.01 {
					t.Errorf("%s %v: %s %+v is not inside the canvas", v.Kind, sz, name, r)
				}
				if (name == "first" || name == "second") && r.H < 120 {
					t.Errorf("%s %v: %s is only %.0f px high", v.Kind, sz, name, r.H)
				}
			}
			for a, ra := range parts {
				for b, rb := range parts {
					if a < b && overlap(ra, rb) {
						t.Errorf("%s %v: %s %+v overlaps %s %+v", v.Kind, sz, a, ra, b, rb)
					}
				}
			}
		}
	}
}

func overlap(a, b render.Rect) bool {
	return a.W > 0 && a.H > 0 && b.W > 0 && b.H > 0 &&
		a.X < b.Right()-0.01 && b.X < a.Right()-0.01 && a.Y < b.Bottom()-0.01 && b.Y < a.Bottom()-0.01
}

// An error is drawn in words, never a blank canvas; so is an empty view.
func TestErrorSentence(t *testing.T) {
	rec := recorder.New(800, 600)
	Draw(rec, View{Error: "rho (the similarity of the two tasks' targets) must be a number from 0 to 1; got \"2\"."})
	if !rec.HasText("must be a number from 0 to 1") {
		t.Errorf("the error sentence is not drawn: %q", rec.AllText())
	}
	for _, v := range []View{{}, {Kind: "transfer"}, {Kind: "multi"}, {Kind: "self"}} {
		rec := recorder.New(390, 640)
		Draw(rec, v)
		if len(rec.Texts()) == 0 {
			t.Errorf("%+v leaves the canvas without words", v.Kind)
		}
	}
}

// Before the first seed (means NaN) and with non-finite theory values the scene draws gaps
// and dashes, never NaN.
func TestNaN(t *testing.T) {
	v := transferFixture(0)
	for i := range v.Transfer.SimForward {
		v.Transfer.SimForward[i].Mean, v.Transfer.SimForward[i].SE = math.NaN(), math.NaN()
		v.Transfer.SimBackward[i].Mean, v.Transfer.SimBackward[i].SE = math.NaN(), math.NaN()
	}
	v.Transfer.SimEA = Point{Mean: math.NaN(), SE: math.NaN()}
	v.Transfer.Forward[3] = math.NaN()
	v.Transfer.EB = math.Inf(1)
	m := multiFixture()
	m.Multi[1].Sim = nil
	m.Note = "The sequence of 20 tasks is not simulated: 2000 training points are more than one seed may hold."
	for _, w := range []View{v, m} {
		for _, sz := range sizes {
			rec := recorder.New(sz[0], sz[1])
			Draw(rec, w)
			if err := rec.CheckFinite(); err != nil {
				t.Errorf("%s %v: %v", w.Kind, sz, err)
			}
			for _, s := range rec.Texts() {
				if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
					t.Errorf("%s %v: drawn text %q", w.Kind, sz, s)
				}
			}
		}
	}
}

// TestRenderPNG draws the views at desktop and phone sizes. Set SOLVABLE_SAVE_PNG to a
// directory to keep the pictures and look at them.
func TestRenderPNG(t *testing.T) {
	dir := os.Getenv("SOLVABLE_SAVE_PNG")
	if dir == "" {
		t.Skip("set SOLVABLE_SAVE_PNG to save the pictures")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]View{"transfer": transferFixture(64), "transfer-running": transferFixture(5), "self": selfFixture(), "multi": multiFixture()} {
		for _, sz := range [][2]float64{{800, 600}, {390, 640}} {
			c := rastercanvas.New(sz[0], sz[1], 1)
			Draw(c, v)
			if err := c.SavePNG(filepath.Join(dir, "continual-"+name+"-"+itoa(int(sz[0]))+"x"+itoa(int(sz[1]))+".png")); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

package continualview

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"solvable/render"
	"solvable/render/internal/scenetest"
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
			if v.Kind == "self" {
				delete(parts, "second") // one panel: the second is not laid out
			}
			scenetest.Disjoint(t, fmt.Sprint(v.Kind, " ", sz), sz[0], sz[1], parts)
			for name, r := range parts {
				if (name == "first" || name == "second") && r.H < 120 {
					t.Errorf("%s %v: %s is only %.0f px high", v.Kind, sz, name, r.H)
				}
			}
		}
	}
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
	if scenetest.SaveDir() == "" {
		t.Skip("set SOLVABLE_SAVE_PNG to save the pictures")
	}
	cases := []scenetest.Case[View]{
		{Name: "transfer", View: transferFixture(64)},
		{Name: "transfer-running", View: transferFixture(5)},
		{Name: "self", View: selfFixture()},
		{Name: "multi", View: multiFixture()},
	}
	scenetest.RenderPNG(t, "continual", cases, []scenetest.Size{{800, 600}, {390, 640}}, func(c render.Canvas, v View) { Draw(c, v) })
}

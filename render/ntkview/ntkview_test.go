package ntkview

import (
	"math"
	"testing"

	"solvable/render/recorder"
)

// The fixture draws only finite numbers, at every size, and says what the curves are.
func TestSceneFiniteAndWords(t *testing.T) {
	for _, sz := range [][2]float64{{1000, 640}, {360, 720}, {700, 500}, {1280, 720}, {320, 480}} {
		rec := recorder.New(sz[0], sz[1])
		Draw(rec, fixture(0.6))
		if err := rec.CheckFinite(); err != nil {
			t.Errorf("%v: %v", sz, err)
		}
		for _, s := range []string{"network f_t", "linearised model", "kernel regression (t → ∞)", "1/√M", "π", "2π"} {
			if !rec.HasText(s) {
				t.Errorf("%v: the scene does not say %q", sz, s)
			}
		}
	}
	rec := recorder.New(1000, 640)
	Draw(rec, fixture(0.6))
	for _, s := range []string{"Step 120 of GD", "GD (this run)", "exact NGD", "K-FAC", "weight change", "NTK drift"} {
		if !rec.HasText(s) {
			t.Errorf("the scene does not say %q", s)
		}
	}
}

// An error is drawn in words, never a blank canvas.
func TestErrorSentence(t *testing.T) {
	msg := "Width 8192 is more than the browser can step smoothly: the limit is 2048."
	rec := recorder.New(1000, 640)
	Draw(rec, View{Error: msg})
	if !rec.HasText("browser can step smoothly") {
		t.Errorf("the error sentence is not drawn: %q", rec.AllText())
	}
	rec = recorder.New(360, 720)
	Draw(rec, View{})
	if len(rec.Texts()) == 0 {
		t.Error("an empty view leaves the canvas without words")
	}
}

// NaN and Inf anywhere in the view are gaps or dashes, never drawn numbers.
func TestNaNAndInf(t *testing.T) {
	v := fixture(0.3)
	nan, inf := math.NaN(), math.Inf(1)
	v.Net[5], v.Linear[7], v.Kernel[9], v.Target[11] = nan, inf, nan, math.Inf(-1)
	v.TrainY[2] = nan
	v.WeightChange[4], v.KernelDrift[4] = nan, nan
	v.Losses[0].Loss[3] = inf
	v.Loss, v.Eta, v.Rho, v.WeightChangeNow, v.KernelDriftNow = nan, inf, nan, nan, inf
	for _, sz := range [][2]float64{{1000, 640}, {360, 720}} {
		rec := recorder.New(sz[0], sz[1])
		Draw(rec, v)
		if err := rec.CheckFinite(); err != nil {
			t.Errorf("%v: %v", sz, err)
		}
		for _, s := range rec.Texts() {
			for _, bad := range []string{"NaN", "Inf"} {
				if contains(s, bad) {
					t.Errorf("%v: drawn text %q has %s", sz, s, bad)
				}
			}
		}
	}
	// Before the first step and with nothing measured yet.
	empty := fixture(0)
	empty.Net, empty.Linear, empty.Losses = nil, nil, nil
	for i := range empty.WeightChange {
		empty.WeightChange[i], empty.KernelDrift[i] = nan, nan
	}
	empty.WeightChangeNow, empty.KernelDriftNow = nan, nan
	rec := recorder.New(1000, 640)
	Draw(rec, empty)
	if err := rec.CheckFinite(); err != nil {
		t.Error(err)
	}
	if !rec.HasText("Before training") {
		t.Error("the start view does not say it is before training")
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// Optimisers without a linearised curve: no orange in the legend or the words, and the
// header talks about the weights instead.
func TestNoLinear(t *testing.T) {
	v := fixture(0.5)
	v.Method, v.Linear = "unitwise", nil
	v.KernelDriftNow = math.NaN()
	v.Note = "The linearised curve is drawn for gd and ngd only."
	for _, sz := range [][2]float64{{1000, 640}, {360, 720}} {
		rec := recorder.New(sz[0], sz[1])
		Draw(rec, v)
		if err := rec.CheckFinite(); err != nil {
			t.Error(err)
		}
		if rec.HasText("linearised model") || rec.HasText("(orange)") {
			t.Errorf("%v: the legend or header names a linearised curve that is not drawn", sz)
		}
		if !rec.HasText("unit-wise NGD") || !rec.HasText("weights have moved") && !rec.HasText("Weights moved") {
			t.Errorf("%v: %q", sz, rec.AllText())
		}
		for _, s := range rec.Texts() {
			if contains(s, "NaN") || contains(s, "-922") {
				t.Errorf("%v: drawn text %q", sz, s)
			}
		}
	}
}

func TestPercent(t *testing.T) {
	for r, want := range map[float64]string{0.43: "43%", 0.005: "0.5%", 1e-6: "0.1%", math.NaN(): "–", math.Inf(1): "–"} {
		if got := percent(r); got != want {
			t.Errorf("percent(%g) = %q, want %q", r, got, want)
		}
	}
}

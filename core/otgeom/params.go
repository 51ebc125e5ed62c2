package otgeom

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"solvable/core/param"
)

// Params is the simulator's URL: the problem, the stopping tolerance and the view angle.
type Params struct {
	Problem
	Tol        float64
	Yaw, Pitch float64 // degrees; see Camera
}

// Defaults: the first view (p1 = 0.7, q1 = 0.4, c = 1, lambda = 0.5), a marginal error of
// 1e-12 as convergence, and DefaultCamera.
const (
	DefaultTol = 1e-12
	// MinTol is the least marginal error a 2x2 run reaches reliably (a few roundings of 1).
	MinTol = 1e-15
	// MaxPitch keeps the view from turning upside down.
	MaxPitch = 89
)

// DefaultParams is the view of the page's first paragraph.
func DefaultParams() Params {
	return Params{Problem: Problem{P1: 0.7, Q1: 0.4, C: 1, Lambda: 0.5}, Tol: DefaultTol, Yaw: DefaultCamera.Yaw, Pitch: DefaultCamera.Pitch}
}

// Keys are the URL parameters Parse reads, in Encode's order.
var Keys = []string{"p1", "q1", "c", "lambda", "tol", "yaw", "pitch"}

// Presets are the views the page's paragraphs talk about.
func Presets() []param.Preset {
	return []param.Preset{
		{Name: "default", Title: "Zig-zag to P*", Blurb: "p = (0.7, 0.3), q = (0.4, 0.6), c = 1, λ = 0.5: the iterates zig-zag between the two planes along E_K.",
			Query: "p1=0.7&q1=0.4&c=1&lambda=0.5"},
		{Name: "sharp", Title: "Small λ: near the LP corner", Blurb: "λ = 0.05: E_K hugs the edges of the tetrahedron and P* sits next to the LP plan at the end of U(p,q).",
			Query: "p1=0.7&q1=0.4&c=1&lambda=0.05"},
		{Name: "blurry", Title: "Large λ: near p qᵀ", Blurb: "λ = 20: K is nearly all ones, E_K is nearly the surface of independent plans and P* is close to p qᵀ.",
			Query: "p1=0.7&q1=0.4&c=1&lambda=20"},
		{Name: "free", Title: "c = 0: the independence surface", Blurb: "No cost: K is all ones, E_K is the surface of product plans p qᵀ, and one pair of projections lands on P* = p qᵀ.",
			Query: "p1=0.7&q1=0.4&c=0&lambda=0.5"},
		{Name: "same", Title: "p = q", Blurb: "p = q = (0.6, 0.4): the LP plan keeps all mass on the diagonal, and P* leaves it by an amount that shrinks like exp(−c/λ).",
			Query: "p1=0.6&q1=0.6&c=1&lambda=0.3"},
		{Name: "swap", Title: "Negative c: swapping is cheap", Blurb: "c = −1: the off-diagonal cells are the cheap ones, so P* slides to the other end of U(p,q).",
			Query: "p1=0.7&q1=0.4&c=-1&lambda=0.3"},
	}
}

// Parse reads the parameters over the defaults, after expanding a named preset. Unknown keys
// are ignored (speed, paused and model share the query). Every error names its parameter.
func Parse(lookup param.Lookup) (Params, error) {
	pr := DefaultParams()
	if name, _ := lookup("preset"); strings.TrimSpace(name) != "" {
		name = strings.TrimSpace(name)
		preset, ok := param.Find(Presets(), name)
		if !ok {
			return pr, &param.Error{Param: "preset", Msg: fmt.Sprintf("There is no preset called %q; the presets are %s.", name, param.Names(Presets()))}
		}
		lookup = param.Over(lookup, param.LookupQuery(preset.Query))
	}
	fields := []struct {
		key, example string
		dst          *float64
	}{
		{"p1", "0.7", &pr.P1}, {"q1", "0.4", &pr.Q1}, {"c", "1", &pr.C}, {"lambda", "0.5", &pr.Lambda},
		{"tol", "1e-12", &pr.Tol}, {"yaw", "-38", &pr.Yaw}, {"pitch", "28", &pr.Pitch},
	}
	for _, f := range fields {
		raw, ok := lookup(f.key)
		if !ok {
			continue
		}
		raw = strings.TrimSpace(raw)
		if raw == "" {
			return pr, &param.Error{Param: f.key, Msg: fmt.Sprintf("%s is empty: give a number such as %s, or leave %s out.", f.key, f.example, f.key)}
		}
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return pr, &param.Error{Param: f.key, Msg: fmt.Sprintf("%s must be a finite number such as %s; got %q.", f.key, f.example, raw)}
		}
		*f.dst = v
	}
	if err := pr.Check(); err != nil {
		return pr, err
	}
	if !(pr.Tol >= MinTol) || pr.Tol > 0.1 {
		return pr, &param.Error{Param: "tol", Msg: fmt.Sprintf("tol (the marginal error that counts as converged) must be from %g to 0.1, such as 1e-12; got %g.", MinTol, pr.Tol)}
	}
	if math.Abs(pr.Pitch) > MaxPitch {
		return pr, &param.Error{Param: "pitch", Msg: fmt.Sprintf("pitch (the view's tilt in degrees) must be from -%d to %d; got %g.", MaxPitch, MaxPitch, pr.Pitch)}
	}
	pr.Yaw = WrapDegrees(pr.Yaw)
	return pr, nil
}

// WrapDegrees maps an angle to (-180, 180].
func WrapDegrees(a float64) float64 {
	a = math.Mod(a, 360)
	if a > 180 {
		a -= 360
	} else if a <= -180 {
		a += 360
	}
	return a
}

// Encode writes the parameters as a URL query in Keys order; the problem always, the
// tolerance and the view angle when they differ from the defaults.
func (pr Params) Encode() string {
	d := DefaultParams()
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	parts := []string{"p1=" + f(pr.P1), "q1=" + f(pr.Q1), "c=" + f(pr.C), "lambda=" + f(pr.Lambda)}
	if pr.Tol != d.Tol {
		parts = append(parts, "tol="+f(pr.Tol))
	}
	if pr.Yaw != d.Yaw || pr.Pitch != d.Pitch {
		// Whole tenths of a degree are enough to reproduce a view.
		r := func(v float64) string { return f(math.Round(v*10) / 10) }
		parts = append(parts, "yaw="+r(pr.Yaw), "pitch="+r(pr.Pitch))
	}
	return strings.Join(parts, "&")
}

// Camera is the view the parameters ask for.
func (pr Params) Camera() Camera { return Camera{Yaw: pr.Yaw, Pitch: pr.Pitch} }

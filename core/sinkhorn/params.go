package sinkhorn

import (
	"solvable/core/param"

	"fmt"
	"math"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
)

// Params is a Sinkhorn problem as a visitor or a URL describes it. Parse fills it from
// parameter strings; Problem turns it into numbers.
type Params struct {
	X, Y   []float64 // supports; Y empty means Y = X
	P, Q   []float64 // raw weights; empty means "from PShape / QShape"
	N      int       // grid size when X is empty
	PShape string
	QShape string
	Seed   uint64
	Lambda float64
	Cost   Cost
	Tol    float64
	// LambdaScaling turns on warm starts from larger lambdas.
	LambdaScaling bool
}

// ParamError is a problem with one parameter, in words a visitor can act on.
type ParamError = param.Error

// Limits of what the simulator accepts: beyond MaxPoints a plan no longer fits a screen, and
// the page is about watching it.
const (
	MaxPoints  = 400
	DefaultN   = 40
	DefaultTol = 1e-9
	// MinTol is the smallest tolerance a run can reach: the marginal error of a converged
	// plan stalls at a few times 1e-16 times the number of bins.
	MinTol      = 1e-14
	DefaultSeed = 1
)

// Shapes are the generated marginals a URL may name.
var Shapes = []string{"bump", "twobumps", "uniform", "random"}

// DefaultParams is the first view: a bump sent onto two bumps on a 40-point grid.
func DefaultParams() Params {
	return Params{N: DefaultN, PShape: "bump", QShape: "twobumps", Seed: DefaultSeed, Lambda: 0.01, Cost: CostSquared, Tol: DefaultTol}
}

// Keys lists the parameter names Parse understands, in the order Encode writes them.
var Keys = []string{"x", "y", "p", "q", "n", "pshape", "qshape", "seed", "lambda", "cost", "tol", "scaling"}

// Lookup returns a parameter's value and whether the parameter is present at all, so that
// "x=" (an empty support, an error) differs from no x (the default grid).
type Lookup = param.Lookup

// LookupIn adapts URL query values.
func LookupIn(v url.Values) Lookup { return param.LookupIn(v) }

// Parse reads parameters (URL query values) over the defaults, after expanding a named
// preset. Unknown keys are ignored so that simulator-level keys (speed, paused, model) can
// share the query. Every error names its parameter.
func Parse(lookup Lookup) (Params, error) {
	pr := DefaultParams()
	if name, _ := lookup("preset"); strings.TrimSpace(name) != "" {
		name = strings.TrimSpace(name)
		preset, ok := PresetByName(name)
		if !ok {
			return pr, &ParamError{Param: "preset", Msg: fmt.Sprintf("There is no preset called %q; the presets are %s.", name, param.Names(Presets()))}
		}
		lookup = param.Over(lookup, param.LookupQuery(preset.Query))
	}
	get := func(k string) string { v, _ := lookup(k); return v }
	for _, k := range []string{"x", "y", "p", "q", "lambda", "n"} {
		if v, ok := lookup(k); ok && strings.TrimSpace(v) == "" {
			return pr, &ParamError{Param: k, Msg: emptyMessage(k)}
		}
	}
	var err error
	if pr.X, err = parseList(get, "x", "support point"); err != nil {
		return pr, err
	}
	if pr.Y, err = parseList(get, "y", "support point"); err != nil {
		return pr, err
	}
	if pr.P, err = parseList(get, "p", "weight"); err != nil {
		return pr, err
	}
	if pr.Q, err = parseList(get, "q", "weight"); err != nil {
		return pr, err
	}
	if v := get("n"); v != "" {
		n, e := strconv.Atoi(strings.TrimSpace(v))
		if e != nil || n < 1 || n > MaxPoints {
			return pr, &ParamError{Param: "n", Msg: fmt.Sprintf("n (the number of grid points) must be a whole number from 1 to %d; got %q.", MaxPoints, v)}
		}
		pr.N = n
	}
	for _, sh := range []struct {
		key string
		dst *string
	}{{"pshape", &pr.PShape}, {"qshape", &pr.QShape}} {
		if v := strings.TrimSpace(get(sh.key)); v != "" {
			if !validShape(v) {
				return pr, &ParamError{Param: sh.key, Msg: fmt.Sprintf("%s must be one of %s; got %q.", sh.key, strings.Join(Shapes, ", "), v)}
			}
			*sh.dst = v
		}
	}
	if v := get("seed"); v != "" {
		seed, e := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		if e != nil {
			return pr, &ParamError{Param: "seed", Msg: fmt.Sprintf("seed must be a whole number >= 0; got %q.", v)}
		}
		pr.Seed = seed
	}
	if v := get("lambda"); v != "" {
		l, e := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if e != nil || math.IsNaN(l) || math.IsInf(l, 0) {
			return pr, &ParamError{Param: "lambda", Msg: fmt.Sprintf("lambda must be a positive number such as 0.01; got %q.", v)}
		}
		if l <= 0 {
			return pr, &ParamError{Param: "lambda", Msg: fmt.Sprintf("lambda must be positive (got %g): it weighs the entropy term, and lambda -> 0 is the unregularised problem, which Sinkhorn cannot solve.", l)}
		}
		pr.Lambda = l
	}
	switch v := strings.TrimSpace(get("cost")); v {
	case "", "sq":
	case "abs":
		pr.Cost = CostAbsolute
	default:
		return pr, &ParamError{Param: "cost", Msg: fmt.Sprintf("cost must be sq (|x-y|^2) or abs (|x-y|); got %q.", v)}
	}
	if v := get("tol"); v != "" {
		t, e := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if e != nil || !(t >= MinTol) || math.IsInf(t, 0) {
			return pr, &ParamError{Param: "tol", Msg: fmt.Sprintf("tol (the marginal error that counts as converged) must be a number from %g up, such as 1e-9 (below that, rounding keeps the error from ever getting there); got %q.", MinTol, v)}
		}
		pr.Tol = t
	}
	switch v := strings.TrimSpace(get("scaling")); v {
	case "", "0":
	case "1":
		pr.LambdaScaling = true
	default:
		return pr, &ParamError{Param: "scaling", Msg: fmt.Sprintf("scaling must be 0 or 1; got %q.", v)}
	}
	return pr, nil
}

func emptyMessage(key string) string {
	switch key {
	case "x", "y":
		return fmt.Sprintf("%s is empty: give the support points as numbers separated by commas, such as 0,0.5,1 (or leave %s out for a grid on [0, 1]).", key, key)
	case "p", "q":
		return fmt.Sprintf("%s is empty: give one non-negative weight per point, separated by commas, such as 1,2,1 (or leave %s out for a generated shape).", key, key)
	}
	return fmt.Sprintf("%s is empty: give a value or leave the parameter out.", key)
}

func parseList(get func(string) string, key, what string) ([]float64, error) {
	raw := get(key)
	if n := strings.Count(raw, ",") + 1; n > MaxPoints {
		return nil, &ParamError{Param: key, Msg: fmt.Sprintf("%s has %d entries; at most %d are shown.", key, n, MaxPoints)}
	}
	return param.Floats(key, raw, what)
}

func validShape(s string) bool {
	for _, sh := range Shapes {
		if s == sh {
			return true
		}
	}
	return false
}

// Problem builds the transport problem: the grid or the given supports, the given weights or
// the named shapes, with every inconsistency reported against its parameter.
func (pr Params) Problem() (*Problem, error) {
	x := pr.X
	if len(x) == 0 {
		if len(pr.P) > 0 {
			x = Grid(len(pr.P))
		} else {
			x = Grid(pr.N)
		}
	}
	y := pr.Y
	if len(y) == 0 {
		y = x
	}
	rng := rand.New(rand.NewPCG(pr.Seed, 0xb1f))
	p, q := pr.P, pr.Q
	if len(p) == 0 {
		p = ShapeWeights(pr.PShape, x, 0.3, rng)
	}
	if len(q) == 0 {
		q = ShapeWeights(pr.QShape, y, 0.7, rng)
	}
	if len(p) != len(x) {
		return nil, &ParamError{Param: "p", Msg: fmt.Sprintf("p has %d weights but there are %d source points x; give one weight per point.", len(p), len(x))}
	}
	if len(q) != len(y) {
		return nil, &ParamError{Param: "q", Msg: fmt.Sprintf("q has %d weights but there are %d target points y; give one weight per point.", len(q), len(y))}
	}
	for _, w := range []struct {
		key string
		v   []float64
	}{{"p", p}, {"q", q}} {
		total := 0.0
		for i, v := range w.v {
			if v < 0 {
				return nil, &ParamError{Param: w.key, Msg: fmt.Sprintf("%s: weight %d is negative (%g); weights are amounts of mass and must be >= 0.", w.key, i+1, v)}
			}
			total += v
		}
		if total <= 0 {
			return nil, &ParamError{Param: w.key, Msg: fmt.Sprintf("All weights of %s are zero: there is no mass to transport. Give at least one positive weight.", w.key)}
		}
		if math.IsInf(total, 0) {
			return nil, &ParamError{Param: w.key, Msg: fmt.Sprintf("The weights of %s are too large to add up; scale them down.", w.key)}
		}
	}
	prob, err := NewProblem1D(x, y, p, q, pr.Cost)
	if err != nil {
		return nil, &ParamError{Param: "", Msg: sentence(err)}
	}
	if err := CheckLambda(pr.Lambda, prob.MaxCost()); err != nil {
		return nil, &ParamError{Param: "lambda", Msg: sentence(err)}
	}
	return prob, nil
}

// Grid is n evenly spaced points on [0, 1] (the single point 0.5 when n = 1).
func Grid(n int) []float64 {
	x := make([]float64, n)
	if n == 1 {
		x[0] = 0.5
		return x
	}
	for i := range x {
		x[i] = float64(i) / float64(n-1)
	}
	return x
}

// ShapeWeights evaluates a named marginal shape on the points x (unnormalised). centre is where
// a single bump sits; twobumps puts mass near 0.25 and 0.8 whatever the centre.
func ShapeWeights(shape string, x []float64, centre float64, rng *rand.Rand) []float64 {
	w := make([]float64, len(x))
	bump := func(t, c, s float64) float64 { return math.Exp(-0.5 * (t - c) * (t - c) / (s * s)) }
	for i, t := range x {
		switch shape {
		case "twobumps":
			w[i] = 0.6*bump(t, 0.25, 0.07) + bump(t, 0.8, 0.1)
		case "uniform":
			w[i] = 1
		case "random":
			w[i] = 0.05 + rng.Float64()
		default: // "bump"
			w[i] = bump(t, centre, 0.12)
		}
		// A floor keeps every bin in play, so the plan has no empty rows unless asked for.
		w[i] += 1e-3
	}
	return w
}

// Encode writes the parameters as a URL query in the canonical order, omitting defaults, so a
// permalink is short and reproduces the problem exactly (shortest round-trip float formatting).
func (pr Params) Encode() string {
	d := DefaultParams()
	list := func(x []float64) string {
		s := make([]string, len(x))
		for i, f := range x {
			s[i] = strconv.FormatFloat(f, 'g', -1, 64)
		}
		return strings.Join(s, ",")
	}
	var parts []string
	add := func(k, val string) {
		parts = append(parts, url.QueryEscape(k)+"="+strings.ReplaceAll(url.QueryEscape(val), "%2C", ","))
	}
	if len(pr.X) > 0 {
		add("x", list(pr.X))
	}
	if len(pr.Y) > 0 {
		add("y", list(pr.Y))
	}
	if len(pr.P) > 0 {
		add("p", list(pr.P))
	}
	if len(pr.Q) > 0 {
		add("q", list(pr.Q))
	}
	if len(pr.X) == 0 && len(pr.P) == 0 && pr.N != d.N {
		add("n", strconv.Itoa(pr.N))
	}
	if len(pr.P) == 0 && pr.PShape != d.PShape {
		add("pshape", pr.PShape)
	}
	if len(pr.Q) == 0 && pr.QShape != d.QShape {
		add("qshape", pr.QShape)
	}
	if pr.Seed != d.Seed {
		add("seed", strconv.FormatUint(pr.Seed, 10))
	}
	add("lambda", strconv.FormatFloat(pr.Lambda, 'g', -1, 64))
	if pr.Cost != d.Cost {
		add("cost", pr.Cost.String())
	}
	if pr.Tol != d.Tol {
		add("tol", strconv.FormatFloat(pr.Tol, 'g', -1, 64))
	}
	if pr.LambdaScaling {
		add("scaling", "1")
	}
	return strings.Join(parts, "&")
}

func sentence(err error) string { return param.Sentence(err.Error()) }

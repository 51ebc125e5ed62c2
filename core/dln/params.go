package dln

import (
	"solvable/core/param"

	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// Params is a DLN problem and algorithm as a visitor or a URL describes it. Parse fills it from
// parameter strings; Problem turns it into numbers.
type Params struct {
	// X (rows) and Y are a given problem; both nil means a generated one (Generated) or the default.
	X         [][]float64
	Y         []float64
	Generated bool // a sparse-teacher problem from N, D, K, Noise, Seed
	N, D, K   int
	Noise     float64
	Seed      uint64 // the generator's seed and the SGD batches' seed

	Alpha float64
	Depth int
	Algo  string  // "flow", "gd" or "sgd"
	Eta   float64 // step of gd/sgd
	Batch int     // rows per SGD update (0 = DefaultBatch)
	Gamma float64 // gradient-regularisation strength (gd/sgd)
	View  string  // "auto", "line", "coef" or "sweep"
	Tol   float64 // max|X beta - y| that counts as converged
}

// ParamError is a problem with one parameter, in words a visitor can act on.
type ParamError = param.Error

// Limits and defaults. MaxN and MaxD keep a problem interactive in the browser: the oracle costs
// n^2 d per Newton step, and the minimum-L1 linear programme about 1.3 s natively (several
// seconds as wasm) at n = 100, d = 1000.
const (
	MaxN         = 100
	MaxD         = 1000
	DefaultAlpha = 0.1
	DefaultEta   = 0.01
	DefaultBatch = 1
	DefaultTol   = 1e-10
	DefaultSeed  = 1
	// Generator defaults: the high-dimensional sparse-teacher picture.
	DefaultGenN = 20
	DefaultGenK = 3
)

// Algorithms, views.
var (
	Algos = []string{"flow", "gd", "sgd"}
	Views = []string{"auto", "line", "coef", "sweep"}
)

// DefaultParams is the first view: one equation in two unknowns, x1 + 2 x2 = 2, where the
// line of solutions, the L1 and L2 balls and the flow's path are all visible at once.
func DefaultParams() Params {
	return Params{
		X: [][]float64{{1, 2}}, Y: []float64{2},
		N: 1, D: 2, K: DefaultGenK, Seed: DefaultSeed,
		Alpha: DefaultAlpha, Depth: 2, Algo: "flow", Eta: DefaultEta, View: "auto", Tol: DefaultTol,
	}
}

// Keys lists the parameter names Parse understands, in the order Encode writes them.
var Keys = []string{"X", "y", "n", "d", "k", "noise", "seed", "alpha", "depth", "algo", "eta", "batch", "gamma", "view", "tol"}

// Lookup returns a parameter's value and whether the parameter is present at all, so that
// "X=" (an empty matrix, an error) differs from no X (the default problem).
type Lookup = param.Lookup

// LookupIn adapts URL query values; LookupQuery reads a raw query, keeping a ';' in X.
func LookupIn(v url.Values) Lookup { return param.LookupIn(v) }

func LookupQuery(q string) Lookup { return param.LookupQuery(q) }

// Parse reads parameters (URL query values) over the defaults, after expanding a named preset.
// Unknown keys are ignored so that simulator-level keys (model, speed, paused) can share the
// query. Every error names its parameter.
func Parse(lookup Lookup) (Params, error) {
	pr := DefaultParams()
	if name, _ := lookup("preset"); strings.TrimSpace(name) != "" {
		name = strings.TrimSpace(name)
		preset, ok := PresetByName(name)
		if !ok {
			return pr, &ParamError{Param: "preset", Msg: fmt.Sprintf("There is no preset called %q; the presets are %s.", name, presetNames())}
		}
		inner, fromPreset := lookup, LookupQuery(preset.Query)
		lookup = func(k string) (string, bool) {
			if v, ok := inner(k); ok {
				return v, true
			}
			return fromPreset(k)
		}
	}
	get := func(k string) string { v, _ := lookup(k); return strings.TrimSpace(v) }
	has := func(k string) bool { _, ok := lookup(k); return ok }
	for _, k := range []string{"X", "y", "alpha"} {
		if v, ok := lookup(k); ok && strings.TrimSpace(v) == "" {
			return pr, &ParamError{Param: k, Msg: emptyMessage(k)}
		}
	}

	// The problem: given X and y, or generated, or the default.
	switch {
	case get("X") != "":
		X, err := parseMatrix(get("X"))
		if err != nil {
			return pr, err
		}
		if get("y") == "" {
			return pr, &ParamError{Param: "y", Msg: fmt.Sprintf("y is missing: X has %d row(s), so give %d target(s) separated by commas, such as y=%s.", len(X), len(X), strings.TrimSuffix(strings.Repeat("1,", len(X)), ","))}
		}
		y, err := parseList("y", get("y"), "target")
		if err != nil {
			return pr, err
		}
		if len(y) != len(X) {
			return pr, &ParamError{Param: "y", Msg: fmt.Sprintf("y has %d entries but X has %d rows; give one target per row (one per equation).", len(y), len(X))}
		}
		if len(X[0]) <= len(X) {
			return pr, &ParamError{Param: "X", Msg: fmt.Sprintf("The model needs more unknowns than equations: d > n, but X has n = %d row(s) of d = %d entries. With d <= n the interpolator is unique and there is no implicit bias to see; add columns or remove rows.", len(X), len(X[0]))}
		}
		pr.X, pr.Y, pr.Generated = X, y, false
		pr.N, pr.D = len(X), len(X[0])
	case get("y") != "":
		return pr, &ParamError{Param: "X", Msg: "y is given but X is not: give the matrix X as rows separated by ';' and entries by ',', such as X=1,2,3&y=6 (or leave y out and generate a problem with n, d, k)."}
	case has("n") || has("d") || has("k") || has("noise"):
		pr.X, pr.Y, pr.Generated = nil, nil, true
		if err := parseGenerator(&pr, get); err != nil {
			return pr, err
		}
	}

	if v := get("seed"); v != "" {
		seed, e := strconv.ParseUint(v, 10, 64)
		if e != nil {
			return pr, &ParamError{Param: "seed", Msg: fmt.Sprintf("seed (for the generated problem and the SGD batches) must be a whole number >= 0; got %q.", v)}
		}
		pr.Seed = seed
	}
	if v := get("alpha"); v != "" {
		a, e := strconv.ParseFloat(v, 64)
		if e != nil || math.IsNaN(a) || math.IsInf(a, 0) {
			return pr, &ParamError{Param: "alpha", Msg: fmt.Sprintf("alpha (the initialisation scale, w+ = w- = alpha at t = 0) must be a positive number such as 0.1; got %q.", v)}
		}
		if err := alphaRange(a); err != nil {
			return pr, err
		}
		pr.Alpha = a
	}
	if v := get("depth"); v != "" {
		D, e := strconv.Atoi(v)
		if e != nil || D < 2 || D > MaxDepth {
			return pr, &ParamError{Param: "depth", Msg: fmt.Sprintf("depth (D in beta = w+^D - w-^D) must be a whole number from 2 to %d; got %q.", MaxDepth, v)}
		}
		pr.Depth = D
	}
	if v := get("eta"); v != "" {
		eta, e := strconv.ParseFloat(v, 64)
		if e != nil || math.IsNaN(eta) || math.IsInf(eta, 0) || eta <= 0 {
			return pr, &ParamError{Param: "eta", Msg: fmt.Sprintf("eta (the step size of gd and sgd) must be a positive number such as 0.01; got %q.", v)}
		}
		pr.Eta = eta
	}
	if v := get("batch"); v != "" {
		b, e := strconv.Atoi(v)
		n := pr.N
		if pr.X != nil {
			n = len(pr.X)
		}
		if e != nil || b < 1 || b > n {
			return pr, &ParamError{Param: "batch", Msg: fmt.Sprintf("batch (the rows per SGD update) must be a whole number from 1 to n = %d, the number of equations; got %q.", n, v)}
		}
		pr.Batch = b
	}
	if v := get("gamma"); v != "" {
		g, e := strconv.ParseFloat(v, 64)
		if e != nil || math.IsNaN(g) || math.IsInf(g, 0) || g < 0 {
			return pr, &ParamError{Param: "gamma", Msg: fmt.Sprintf("gamma (the gradient-regularisation strength) must be a number >= 0 such as 0.05 (0 turns it off); got %q.", v)}
		}
		pr.Gamma = g
	}
	switch v := get("algo"); v {
	case "":
		// Infer the algorithm from its settings: a batch means SGD, a step or gamma means GD.
		switch {
		case get("batch") != "":
			pr.Algo = "sgd"
		case get("eta") != "" || pr.Gamma > 0:
			pr.Algo = "gd"
		}
	case "flow", "gd", "sgd":
		pr.Algo = v
	default:
		return pr, &ParamError{Param: "algo", Msg: fmt.Sprintf("algo must be flow (exact gradient flow), gd (gradient descent) or sgd (stochastic gradient descent); got %q.", v)}
	}
	if m := MinAlphaDepth(pr.Depth); pr.Depth > 2 && pr.Alpha < m {
		return pr, &ParamError{Param: "alpha", Msg: fmt.Sprintf("At depth %d alpha must be at least %.2g (got %g): below it the limit sits so close to the edge of its domain (|X^T nu| -> 1) that double precision cannot resolve it. Deeper networks reach the rich regime at larger alpha anyway.", pr.Depth, m, pr.Alpha)}
	}
	if pr.Algo == "flow" && pr.Gamma > 0 {
		return pr, &ParamError{Param: "gamma", Msg: fmt.Sprintf("gamma = %g (gradient regularisation) acts on the discrete updates: use it with algo=gd or algo=sgd, or set gamma=0 for the exact flow.", pr.Gamma)}
	}
	if v := get("view"); v != "" {
		if !oneOf(v, Views) {
			return pr, &ParamError{Param: "view", Msg: fmt.Sprintf("view must be one of %s; got %q.", strings.Join(Views, ", "), v)}
		}
		pr.View = v
	}
	if v := get("tol"); v != "" {
		t, e := strconv.ParseFloat(v, 64)
		if e != nil || !(t > 0) || math.IsInf(t, 0) {
			return pr, &ParamError{Param: "tol", Msg: fmt.Sprintf("tol (the residual max|X beta - y| that counts as converged) must be a positive number such as 1e-10; got %q.", v)}
		}
		pr.Tol = t
	}
	return pr, nil
}

func alphaRange(a float64) error {
	switch {
	case a <= 0:
		return &ParamError{Param: "alpha", Msg: fmt.Sprintf("alpha must be positive (got %g): it is the initial scale of the weights, and at alpha = 0 they never move (w = 0 is a saddle).", a)}
	case a < MinAlpha:
		return &ParamError{Param: "alpha", Msg: fmt.Sprintf("alpha = %g is below %g, the smallest scale the simulator supports: the flow's plateaus grow like ln(1/alpha) and the limit is already within a few percent of the minimum-L1 solution (the approach is only logarithmic). Use alpha >= %g.", a, MinAlpha, MinAlpha)}
	case a > MaxAlpha:
		return &ParamError{Param: "alpha", Msg: fmt.Sprintf("alpha = %g is above %g, the largest scale the simulator supports: this is deep in the kernel regime, where the limit differs from the minimum-L2 solution by about alpha^-4 (1e-8 relative at alpha = 100). Use alpha <= %g.", a, MaxAlpha, MaxAlpha)}
	}
	return nil
}

func parseGenerator(pr *Params, get func(string) string) error {
	nGiven, dGiven := get("n") != "", get("d") != ""
	if nGiven {
		n, e := strconv.Atoi(get("n"))
		if e != nil || n < 1 || n > MaxN {
			return &ParamError{Param: "n", Msg: fmt.Sprintf("n (the number of equations of the generated problem) must be a whole number from 1 to %d; got %q.", MaxN, get("n"))}
		}
		pr.N = n
	}
	if dGiven {
		d, e := strconv.Atoi(get("d"))
		if e != nil || d < 2 || d > MaxD {
			return &ParamError{Param: "d", Msg: fmt.Sprintf("d (the number of unknowns of the generated problem) must be a whole number from 2 to %d; got %q.", MaxD, get("d"))}
		}
		pr.D = d
	}
	switch {
	case !nGiven && !dGiven:
		pr.N, pr.D = DefaultGenN, 5*DefaultGenN
	case nGiven && !dGiven:
		pr.D = min(5*pr.N, MaxD)
	case dGiven && !nGiven:
		pr.N = max(1, min(pr.D/5, MaxN))
	}
	if pr.D <= pr.N {
		return &ParamError{Param: "d", Msg: fmt.Sprintf("The model needs more unknowns than equations: d > n, but d = %d and n = %d. Make d larger than n.", pr.D, pr.N)}
	}
	pr.K = min(DefaultGenK, pr.D)
	if v := get("k"); v != "" {
		k, e := strconv.Atoi(v)
		if e != nil || k < 0 || k > pr.D {
			return &ParamError{Param: "k", Msg: fmt.Sprintf("k (the number of non-zero teacher coefficients) must be a whole number from 0 to d = %d; got %q.", pr.D, v)}
		}
		pr.K = k
	}
	if v := get("noise"); v != "" {
		s, e := strconv.ParseFloat(v, 64)
		if e != nil || math.IsNaN(s) || math.IsInf(s, 0) || s < 0 {
			return &ParamError{Param: "noise", Msg: fmt.Sprintf("noise (the standard deviation of the noise added to y) must be a number >= 0 such as 0.1; got %q.", v)}
		}
		pr.Noise = s
	}
	return nil
}

func emptyMessage(key string) string {
	switch key {
	case "X":
		return "X is empty: give the matrix as rows separated by ';' and entries by ',', such as X=1,2,3 (one equation in three unknowns), or leave X out."
	case "y":
		return "y is empty: give one target per row of X, separated by commas, such as y=6."
	case "alpha":
		return "alpha is empty: give the initialisation scale, a positive number such as 0.1, or leave alpha out."
	}
	return fmt.Sprintf("%s is empty: give a value or leave the parameter out.", key)
}

func parseMatrix(raw string) ([][]float64, error) {
	rows := strings.Split(raw, ";")
	if len(rows) > MaxN {
		return nil, &ParamError{Param: "X", Msg: fmt.Sprintf("X has %d rows; at most %d equations are supported.", len(rows), MaxN)}
	}
	X := make([][]float64, len(rows))
	for r, s := range rows {
		row, err := parseList("X", s, "matrix entry")
		if err != nil {
			pe := err.(*ParamError)
			pe.Msg = fmt.Sprintf("Row %d of X: %s", r+1, pe.Msg)
			return nil, pe
		}
		if row == nil {
			return nil, &ParamError{Param: "X", Msg: fmt.Sprintf("Row %d of X is empty (two ';' in a row, or a ';' at the end?); every row needs one entry per unknown.", r+1)}
		}
		if len(row) > MaxD {
			return nil, &ParamError{Param: "X", Msg: fmt.Sprintf("Row %d of X has %d entries; at most %d unknowns are supported.", r+1, len(row), MaxD)}
		}
		if r > 0 && len(row) != len(X[0]) {
			return nil, &ParamError{Param: "X", Msg: fmt.Sprintf("The rows of X have different lengths: row 1 has %d entries but row %d has %d. Every row needs one entry per unknown.", len(X[0]), r+1, len(row))}
		}
		X[r] = row
	}
	return X, nil
}

func parseList(key, raw, what string) ([]float64, error) { return param.Floats(key, raw, what) }

func oneOf(s string, list []string) bool {
	for _, v := range list {
		if s == v {
			return true
		}
	}
	return false
}

// Problem builds the problem: the given X and y, or a sparse teacher, with every inconsistency
// (singular X X^T above all) reported against its parameter.
func (pr Params) Problem() (*Problem, error) {
	var (
		p   *Problem
		err error
	)
	if pr.Generated {
		p, err = SparseTeacher(pr.N, pr.D, pr.K, pr.Noise, pr.Seed)
		if err != nil {
			return nil, &ParamError{Param: "seed", Msg: sentence(err.Error())}
		}
	} else {
		p, err = NewProblem(pr.X, pr.Y)
		if err != nil {
			return nil, &ParamError{Param: "X", Msg: sentence(err.Error())}
		}
	}
	if pr.Algo == "sgd" && pr.Batch > p.N {
		return nil, &ParamError{Param: "batch", Msg: fmt.Sprintf("batch (the rows per SGD update) must be from 1 to n = %d, the number of equations; got %d.", p.N, pr.Batch)}
	}
	if pr.View == "line" && (p.N != 1 || p.D != 2) {
		return nil, &ParamError{Param: "view", Msg: fmt.Sprintf("view=line draws the line of solutions of one equation in two unknowns (n = 1, d = 2); this problem has n = %d, d = %d. Use view=coef or view=auto.", p.N, p.D)}
	}
	return p, nil
}

func sentence(s string) string { return param.Sentence(s) }

// GDOptions are the options of NewGD for algo gd or sgd.
func (pr Params) GDOptions() GDOptions {
	o := GDOptions{Eta: pr.Eta, Gamma: pr.Gamma, Seed: pr.Seed}
	if pr.Algo == "sgd" {
		o.Batch = pr.Batch
		if o.Batch == 0 {
			o.Batch = DefaultBatch
		}
	}
	return o
}

// ResolvedView is the view to draw: "auto" becomes "line" for one equation in two unknowns
// and "coef" otherwise.
func (pr Params) ResolvedView(p *Problem) string {
	if pr.View != "auto" && pr.View != "" {
		return pr.View
	}
	if p != nil && p.N == 1 && p.D == 2 {
		return "line"
	}
	return "coef"
}

// Encode writes the parameters as a URL query in the canonical order Keys, omitting defaults
// (the problem and alpha are always written, so a permalink reproduces the run exactly; numbers
// use the shortest round-trip formatting). ';' in X is written %3B so that Go's url.ParseQuery,
// which drops pairs holding a raw ';', reads it back.
func (pr Params) Encode() string {
	d := DefaultParams()
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	list := func(x []float64) string {
		s := make([]string, len(x))
		for i, v := range x {
			s[i] = f(v)
		}
		return strings.Join(s, ",")
	}
	var parts []string
	add := func(k, val string) {
		parts = append(parts, url.QueryEscape(k)+"="+strings.ReplaceAll(url.QueryEscape(val), "%2C", ","))
	}
	if pr.Generated {
		add("n", strconv.Itoa(pr.N))
		add("d", strconv.Itoa(pr.D))
		add("k", strconv.Itoa(pr.K))
		if pr.Noise != 0 {
			add("noise", f(pr.Noise))
		}
	} else {
		X := pr.X
		if X == nil {
			X = d.X
		}
		rows := make([]string, len(X))
		for i, r := range X {
			rows[i] = list(r)
		}
		add("X", strings.Join(rows, ";"))
		y := pr.Y
		if y == nil {
			y = d.Y
		}
		add("y", list(y))
	}
	if pr.Seed != d.Seed {
		add("seed", strconv.FormatUint(pr.Seed, 10))
	}
	add("alpha", f(pr.Alpha))
	if pr.Depth != d.Depth {
		add("depth", strconv.Itoa(pr.Depth))
	}
	if pr.Algo != d.Algo {
		add("algo", pr.Algo)
		if pr.Eta != d.Eta {
			add("eta", f(pr.Eta))
		}
		if pr.Algo == "sgd" && pr.Batch != 0 {
			add("batch", strconv.Itoa(pr.Batch))
		}
		if pr.Gamma != 0 {
			add("gamma", f(pr.Gamma))
		}
	}
	if pr.View != d.View {
		add("view", pr.View)
	}
	if pr.Tol != d.Tol {
		add("tol", f(pr.Tol))
	}
	return strings.Join(parts, "&")
}

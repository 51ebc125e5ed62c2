package ntk

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"solvable/core/param"
)

// Params is the simulator's regression problem on the circle and its network, as a visitor or
// a URL describes it: N training angles theta_i (equally spaced, or uniform at random from
// Seed), inputs x = sqrt2 (cos theta, sin theta) (so that x.x/n_0 = 1, spec §1.1), targets
// from a named function of theta or given explicitly, and a network of Depth weight layers and
// hidden width Width trained by Optimizer with learning rate Eta and damping Rho.
type Params struct {
	Target  string    // "sin2", "mix", "step", "abs", or "values" when Y is given
	Y       []float64 // explicit targets at the training angles (Target "values")
	N       int       // training points
	Points  string    // "grid" (equally spaced) or "random"
	Depth   int       // weight layers L
	Width   int       // hidden width M
	Eta     float64   // learning rate on the mean loss; 0 means the optimiser's natural rate
	Method  Method    // optimiser
	Rho     float64   // damping of the natural-gradient methods
	Seed    uint64    // the network's initialisation and the random angles
	SigmaW2 float64
	SigmaB2 float64
}

// ParamError is a problem with one parameter, in words a visitor can act on.
type ParamError = param.Error

// Lookup returns a parameter's value and whether the parameter is present at all.
type Lookup = param.Lookup

// Limits and defaults.
//
// MaxWork bounds the multiply-adds of one training step, N M ((L-2) M + n_0 + 2) (the hidden
// M x M products dominate; at L = 2 only the first and last layers remain). BenchmarkNTKGDStep
// (N = 64, M = 512, L = 3: 1.69e7 units) takes about 29 ms as wasm, 1.7 ns a unit, so the
// limit 2^23 = 8.4e6 units is about 14 ms, under two frames of the 8 ms budget: a step never
// freezes the tab, and the grid prediction drawn with it costs about as much again.
const (
	MaxWork       = 1 << 23
	MaxN          = 64
	MinSimDepth   = 2
	MaxSimDepth   = 5
	MinSimWidth   = 8
	MaxSimWidth   = 2048
	DefaultN      = 16
	DefaultDepth  = 3
	DefaultWidth  = 256
	DefaultRho    = 1e-6
	DefaultSW2    = 2
	DefaultSB2    = 0.1
	DefaultTarget = "mix"
	inputDim      = 2
)

// Targets are the named target functions.
var Targets = []string{"sin2", "mix", "step", "abs"}

// DefaultParams is the first view: a 16-point fit of sin 2theta + 0.5 cos 3theta by a
// width-256, depth-3 network with gradient descent.
func DefaultParams() Params {
	return Params{Target: DefaultTarget, N: DefaultN, Points: "grid", Depth: DefaultDepth, Width: DefaultWidth,
		Method: GD, Rho: DefaultRho, Seed: 1, SigmaW2: DefaultSW2, SigmaB2: DefaultSB2}
}

// Keys lists the parameter names Parse understands, in the order Encode writes them.
var Keys = []string{"target", "y", "n", "points", "depth", "width", "optimizer", "eta", "rho", "seed", "sw2", "sb2"}

// Work is the multiply-add count of one training step that MaxWork bounds.
func Work(n, depth, width int) float64 {
	M := float64(width)
	return float64(n) * M * (float64(depth-2)*M + inputDim + 2)
}

// MaxWidthFor is the largest width whose step stays within MaxWork for n points and depth.
func MaxWidthFor(n, depth int) int {
	lo, hi := MinSimWidth, MaxSimWidth
	if Work(n, depth, hi) <= MaxWork {
		return hi
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if Work(n, depth, mid) <= MaxWork {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// Presets are the problems the page links to.
var Presets = []param.Preset{
	{Name: "default", Title: "Width 256, gradient descent", Blurb: "Sixteen points of sin 2θ + ½ cos 3θ, depth 3, width 256: the network ends within a few per cent of kernel regression.", Query: "width=256&optimizer=gd"},
	{Name: "narrow", Title: "Narrow network, GD", Blurb: "Width 32: the network wanders away from its linearisation and from kernel regression.", Query: "width=32&optimizer=gd"},
	{Name: "wide", Title: "Wide network, GD", Blurb: "Width 512 at depth 3: the network, its linearisation and kernel regression agree.", Query: "width=512&optimizer=gd"},
	{Name: "ngd", Title: "Exact natural gradient", Blurb: "NGD with learning rate 1 fits the training set in one step, to the same function.", Query: "width=256&optimizer=ngd"},
	{Name: "kfac-isotropic", Title: "K-FAC with isotropy", Blurb: "Three points on the circle (n_0 + 1 >= N): K-FAC's function-space gradient is isotropic and it converges in one step, like NGD.", Query: "n=3&target=mix&optimizer=kfac"},
	{Name: "kfac-anisotropic", Title: "K-FAC without isotropy", Blurb: "Sixteen points: the input factor is no longer isotropic and K-FAC needs many steps.", Query: "n=16&optimizer=kfac"},
	{Name: "unitwise", Title: "Unit-wise natural gradient", Blurb: "Isotropic only on average: the loss falls fast but not in one step.", Query: "optimizer=unitwise"},
}

// PresetByName looks a preset up.
func PresetByName(name string) (param.Preset, bool) { return param.Find(Presets, name) }

// Parse reads parameters over the defaults, after expanding a named preset. Unknown keys are
// ignored (model, speed). Every error is a sentence naming its parameter.
func Parse(lookup Lookup) (Params, error) {
	pr := DefaultParams()
	if name, _ := lookup("preset"); strings.TrimSpace(name) != "" {
		name = strings.TrimSpace(name)
		preset, ok := PresetByName(name)
		if !ok {
			return pr, &ParamError{Param: "preset", Msg: fmt.Sprintf("There is no preset called %q; the presets are %s.", name, param.Names(Presets))}
		}
		lookup = param.Over(lookup, param.LookupQuery(preset.Query))
	}
	get := func(k string) string { v, _ := lookup(k); return strings.TrimSpace(v) }
	intIn := func(k, what string, lo, hi int, dst *int) error {
		v := get(k)
		if v == "" {
			return nil
		}
		x, e := strconv.Atoi(v)
		if e != nil || x < lo || x > hi {
			return &ParamError{Param: k, Msg: fmt.Sprintf("%s (%s) must be a whole number from %d to %d; got %q.", k, what, lo, hi, v)}
		}
		*dst = x
		return nil
	}
	floatPos := func(k, what, example string, zeroOK bool, dst *float64) error {
		v := get(k)
		if v == "" {
			return nil
		}
		x, e := strconv.ParseFloat(v, 64)
		if e != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || (x == 0 && !zeroOK) {
			sign := "a positive number"
			if zeroOK {
				sign = "a number >= 0"
			}
			return &ParamError{Param: k, Msg: fmt.Sprintf("%s (%s) must be %s such as %s; got %q.", k, what, sign, example, v)}
		}
		*dst = x
		return nil
	}

	if err := intIn("n", "the number of training points", 1, MaxN, &pr.N); err != nil {
		return pr, err
	}
	switch v := get("points"); v {
	case "":
	case "grid", "random":
		pr.Points = v
	default:
		return pr, &ParamError{Param: "points", Msg: fmt.Sprintf("points must be grid (equally spaced angles) or random (uniform angles drawn from seed); got %q.", v)}
	}
	if v := get("seed"); v != "" {
		s, e := strconv.ParseUint(v, 10, 64)
		if e != nil {
			return pr, &ParamError{Param: "seed", Msg: fmt.Sprintf("seed (for the network's initial weights and the random angles) must be a whole number >= 0; got %q.", v)}
		}
		pr.Seed = s
	}
	if v, ok := lookup("y"); ok {
		y, err := param.Floats("y", strings.TrimSpace(v), "target")
		if err != nil {
			return pr, err
		}
		if len(y) == 0 {
			return pr, &ParamError{Param: "y", Msg: "y is empty: give one target per training point, separated by commas, or leave y out and pick a target function."}
		}
		if get("n") != "" && len(y) != pr.N {
			return pr, &ParamError{Param: "y", Msg: fmt.Sprintf("y has %d values but n = %d: give one target per training angle.", len(y), pr.N)}
		}
		if len(y) > MaxN {
			return pr, &ParamError{Param: "y", Msg: fmt.Sprintf("y has %d values; at most %d training points are supported.", len(y), MaxN)}
		}
		pr.Y, pr.N, pr.Target = y, len(y), "values"
	}
	if v := get("target"); v != "" {
		if pr.Y != nil {
			return pr, &ParamError{Param: "target", Msg: "Give either a target function (target) or explicit values (y), not both."}
		}
		ok := false
		for _, t := range Targets {
			ok = ok || v == t
		}
		if !ok {
			return pr, &ParamError{Param: "target", Msg: fmt.Sprintf("target must be one of %s (or give the values with y=..); got %q.", strings.Join(Targets, ", "), v)}
		}
		pr.Target = v
	}
	if err := intIn("depth", "the number of weight layers, L; L - 1 hidden layers", MinSimDepth, MaxSimDepth, &pr.Depth); err != nil {
		return pr, err
	}
	if err := intIn("width", "the hidden width M", MinSimWidth, MaxSimWidth, &pr.Width); err != nil {
		return pr, err
	}
	if v := get("optimizer"); v != "" {
		m, e := ParseMethod(v)
		if e != nil {
			return pr, &ParamError{Param: "optimizer", Msg: fmt.Sprintf("optimizer must be gd, ngd, blockdiag, kfac or unitwise; got %q.", v)}
		}
		pr.Method = m
	}
	if err := floatPos("eta", "the learning rate on the mean loss; leave it out for the optimiser's natural rate", "0.5", false, &pr.Eta); err != nil {
		return pr, err
	}
	if err := floatPos("rho", "the damping of the natural-gradient methods", "1e-6", false, &pr.Rho); err != nil {
		return pr, err
	}
	if err := floatPos("sw2", "the weight variance sigma_w^2", "2", false, &pr.SigmaW2); err != nil {
		return pr, err
	}
	if err := floatPos("sb2", "the bias variance sigma_b^2", "0.1", true, &pr.SigmaB2); err != nil {
		return pr, err
	}
	if pr.Width > MaxWidthFor(pr.N, pr.Depth) {
		return pr, &ParamError{Param: "width", Msg: fmt.Sprintf("Width %d is more than the browser can step smoothly at depth %d with %d training points: one step would cost %.3g million multiply-adds, and the limit is %.3g million (about 14 ms as WebAssembly). Use width <= %d, or fewer points or layers.",
			pr.Width, pr.Depth, pr.N, Work(pr.N, pr.Depth, pr.Width)/1e6, float64(MaxWork)/1e6, MaxWidthFor(pr.N, pr.Depth))}
	}
	return pr, nil
}

// Arch is the network's architecture.
func (pr Params) Arch() Arch { return Arch{Depth: pr.Depth, SigmaW2: pr.SigmaW2, SigmaB2: pr.SigmaB2} }

// Angles returns the training angles in [0, 2pi): equally spaced from 0, or sorted uniform
// draws from a PCG source seeded with Seed.
func (pr Params) Angles() []float64 {
	th := make([]float64, pr.N)
	if pr.Points == "random" {
		rng := rand.New(rand.NewPCG(pr.Seed, 0x5eed))
		for i := range th {
			th[i] = 2 * math.Pi * rng.Float64()
		}
		sort.Float64s(th)
		return th
	}
	for i := range th {
		th[i] = 2 * math.Pi * float64(i) / float64(pr.N)
	}
	return th
}

// Input is the network input at angle theta: sqrt2 (cos theta, sin theta), so x.x/n_0 = 1.
func Input(theta float64) []float64 {
	return []float64{math.Sqrt2 * math.Cos(theta), math.Sqrt2 * math.Sin(theta)}
}

// TargetFunc returns the named target as a function of theta (nil for explicit values).
func TargetFunc(name string) func(float64) float64 {
	switch name {
	case "sin2":
		return func(t float64) float64 { return math.Sin(2 * t) }
	case "mix":
		return func(t float64) float64 { return math.Sin(2*t) + 0.5*math.Cos(3*t) }
	case "step":
		return func(t float64) float64 {
			if math.Mod(t, 2*math.Pi) < math.Pi {
				return 1
			}
			return -1
		}
	case "abs":
		// |theta - pi| - pi/2 on [0, 2pi): a tent of mean zero with a kink at 0 and pi.
		return func(t float64) float64 {
			t = math.Mod(t, 2*math.Pi)
			if t < 0 {
				t += 2 * math.Pi
			}
			return math.Abs(t-math.Pi) - math.Pi/2
		}
	}
	return nil
}

// Data returns the training inputs, angles and targets.
func (pr Params) Data() (X [][]float64, theta, y []float64) {
	theta = pr.Angles()
	X = make([][]float64, len(theta))
	y = make([]float64, len(theta))
	f := TargetFunc(pr.Target)
	for i, t := range theta {
		X[i] = Input(t)
		if pr.Y != nil {
			y[i] = pr.Y[i]
		} else {
			y[i] = f(t)
		}
	}
	return X, theta, y
}

// GDFraction is the default GD step as a fraction of the stability limit 2N/lambda_max.
const GDFraction = 0.5

// NaturalEta is the optimiser's natural learning rate on the mean loss for method m when the
// training set's analytic NTK Gram is theta (N x N): GD takes GDFraction of 2N/lambda_max,
// exact NGD 1, block-diagonal 1/L, K-FAC 1/KFACAlpha and unit-wise 1/(PaperAlpha + 1) (its
// isotropy constant counts the active units, and on ReLU it holds only on average).
func (pr Params) NaturalEta(theta [][]float64) float64 {
	switch pr.Method {
	case NGD:
		return 1
	case BlockDiag:
		return 1 / float64(pr.Depth)
	case KFAC:
		return 1 / KFACAlpha(pr.Depth, pr.N)
	case UnitWise:
		return 1 / (PaperAlpha(UnitWise, pr.Depth, pr.N, pr.Width) + 1)
	}
	return GDFraction * StableStep(theta) * float64(len(theta))
}

// EtaFor returns Eta if set, else the natural rate.
func (pr Params) EtaFor(theta [][]float64) float64 {
	if pr.Eta > 0 {
		return pr.Eta
	}
	return pr.NaturalEta(theta)
}

// Encode writes the parameters as a URL query in the order Keys, omitting defaults (the
// target and width are always written).
func (pr Params) Encode() string {
	d := DefaultParams()
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	var parts []string
	add := func(k, v string) { parts = append(parts, k+"="+v) }
	if pr.Y != nil {
		s := make([]string, len(pr.Y))
		for i, v := range pr.Y {
			s[i] = f(v)
		}
		add("y", strings.Join(s, ","))
	} else {
		add("target", pr.Target)
		if pr.N != d.N {
			add("n", strconv.Itoa(pr.N))
		}
	}
	if pr.Points != d.Points {
		add("points", pr.Points)
	}
	if pr.Depth != d.Depth {
		add("depth", strconv.Itoa(pr.Depth))
	}
	add("width", strconv.Itoa(pr.Width))
	if pr.Method != d.Method {
		add("optimizer", pr.Method.String())
	}
	if pr.Eta != 0 {
		add("eta", f(pr.Eta))
	}
	if pr.Rho != d.Rho {
		add("rho", f(pr.Rho))
	}
	if pr.Seed != d.Seed {
		add("seed", strconv.FormatUint(pr.Seed, 10))
	}
	if pr.SigmaW2 != d.SigmaW2 {
		add("sw2", f(pr.SigmaW2))
	}
	if pr.SigmaB2 != d.SigmaB2 {
		add("sb2", f(pr.SigmaB2))
	}
	return strings.Join(parts, "&")
}

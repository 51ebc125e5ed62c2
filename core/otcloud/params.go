package otcloud

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"

	"solvable/core/param"
	"solvable/core/sinkhorn"
)

// Point is a point of the plane.
type Point = [2]float64

// Params is a point-cloud problem as a URL describes it:
//
//	a=x1,y1;x2,y2;...  the points of cloud A (";" between points, "," inside one)
//	b=...               the points of cloud B
//	shapea, shapeb      a generated cloud: gaussian, ring, blobs, moons, square
//	na, nb              the number of generated points (1 to MaxPoints)
//	seed                the random seed of the generated clouds
//	lambda              the entropy weight, absolute (in the units of C = |a - b|^2); the
//	                    readouts show lambda / max C beside it, as the Sinkhorn simulator does
//	tol                 the L1 marginal error that counts as converged
//	exact               1 draws the exact (lambda = 0) plan over the entropic one; 0 (default) not
//	preset              a named problem; explicit parameters override its values
//
// A cloud is generated unless its points are listed. shapea or na given explicitly regenerate
// A even when a is listed too (the page's shape and count controls mean "new points"), and
// the same holds for B; a preset's shapes never override listed points. Encode never writes
// both, so a permalink is unambiguous.
type Params struct {
	A, B           []Point // explicit points; nil means generated
	ShapeA, ShapeB string
	NA, NB         int
	Seed           uint64
	Lambda         float64
	Tol            float64
	ShowExact      bool
}

// Limits and defaults.
const (
	// MaxPoints is the most points a cloud may have: the exact assignment stays below a
	// second and na x nb lines still read as a picture.
	MaxPoints   = 200
	DefaultN    = 30
	DefaultSeed = 1
	// DefaultLambda is the first view's entropy weight; the default clouds give max C = 2.77,
	// so lambda / max C is about 0.0036: most points have one clear partner, and the blur
	// shows where two partners are almost equally far.
	DefaultLambda = 0.01
	DefaultTol    = 1e-9
	// MaxCoord bounds a coordinate: the page's plane is a few units wide, and larger values
	// only push lambda / max C out of the solver's range.
	MaxCoord = 100
	// Decimals is the precision points are kept at (generated or dragged): 1e-4 of a unit is
	// well below a pixel, and it keeps a permalink with every point short and exact.
	Decimals = 4
)

// Shapes are the generated clouds a URL may name.
var Shapes = []string{"gaussian", "ring", "blobs", "moons", "square"}

// Keys lists the parameters Parse understands, in the order Encode writes them.
var Keys = []string{"a", "b", "shapea", "shapeb", "na", "nb", "seed", "lambda", "tol", "exact"}

// DefaultParams is the first view: a Gaussian blob of 30 points sent onto a ring of 30.
func DefaultParams() Params {
	return Params{ShapeA: "gaussian", ShapeB: "ring", NA: DefaultN, NB: DefaultN, Seed: DefaultSeed, Lambda: DefaultLambda, Tol: DefaultTol}
}

// Parse reads parameters over the defaults, after expanding a named preset. Unknown keys are
// ignored (the simulator's own keys share the query). Every error names its parameter.
func Parse(lookup param.Lookup) (Params, error) {
	pr := DefaultParams()
	// Whether shapea/na (shapeb/nb) regenerate a listed cloud is decided by the explicit
	// parameters only: a preset's shape must not override points a visitor dragged.
	explicit := lookup
	if name, _ := lookup("preset"); strings.TrimSpace(name) != "" {
		name = strings.TrimSpace(name)
		preset, ok := param.Find(Presets(), name)
		if !ok {
			return pr, &param.Error{Param: "preset", Msg: fmt.Sprintf("There is no preset called %q; the presets are %s.", name, param.Names(Presets()))}
		}
		lookup = param.Over(lookup, param.LookupQuery(preset.Query))
	}
	get := func(k string) string { v, _ := lookup(k); return strings.TrimSpace(v) }
	for _, k := range Keys {
		if v, ok := lookup(k); ok && strings.TrimSpace(v) == "" {
			return pr, &param.Error{Param: k, Msg: emptyMessage(k)}
		}
	}
	var err error
	for _, side := range []struct {
		key, shapeKey, nKey string
		pts                 *[]Point
		shape               *string
		n                   *int
	}{{"a", "shapea", "na", &pr.A, &pr.ShapeA, &pr.NA}, {"b", "shapeb", "nb", &pr.B, &pr.ShapeB, &pr.NB}} {
		if v := get(side.shapeKey); v != "" {
			if !validShape(v) {
				return pr, &param.Error{Param: side.shapeKey, Msg: fmt.Sprintf("%s must be one of %s; got %q.", side.shapeKey, strings.Join(Shapes, ", "), v)}
			}
			*side.shape = v
		}
		if v := get(side.nKey); v != "" {
			n, e := strconv.Atoi(v)
			if e != nil || n < 1 || n > MaxPoints {
				return pr, &param.Error{Param: side.nKey, Msg: fmt.Sprintf("%s (the number of points of cloud %s) must be a whole number from 1 to %d; got %q.", side.nKey, strings.ToUpper(side.key), MaxPoints, v)}
			}
			*side.n = n
		}
		_, regen := explicit(side.shapeKey)
		if _, ok := explicit(side.nKey); ok {
			regen = true
		}
		if raw := get(side.key); raw != "" && !regen {
			if *side.pts, err = ParsePoints(side.key, raw); err != nil {
				return pr, err
			}
			*side.n = len(*side.pts)
		}
	}
	if v := get("seed"); v != "" {
		seed, e := strconv.ParseUint(v, 10, 64)
		if e != nil {
			return pr, &param.Error{Param: "seed", Msg: fmt.Sprintf("seed must be a whole number >= 0; got %q.", v)}
		}
		pr.Seed = seed
	}
	if v := get("lambda"); v != "" {
		l, e := strconv.ParseFloat(v, 64)
		if e != nil || math.IsNaN(l) || math.IsInf(l, 0) {
			return pr, &param.Error{Param: "lambda", Msg: fmt.Sprintf("lambda must be a positive number such as 0.01; got %q.", v)}
		}
		if l <= 0 {
			return pr, &param.Error{Param: "lambda", Msg: fmt.Sprintf("lambda must be positive (got %g): it weighs the entropy term, and lambda -> 0 is the exact matching, which Sinkhorn cannot reach.", l)}
		}
		pr.Lambda = l
	}
	if v := get("tol"); v != "" {
		t, e := strconv.ParseFloat(v, 64)
		// Above 0.1 a plan with a tenth of its mass misplaced would count as converged.
		if e != nil || !(t >= sinkhorn.MinTol && t <= 0.1) {
			return pr, &param.Error{Param: "tol", Msg: fmt.Sprintf("tol (the marginal error that counts as converged) must be a number from %g to 0.1, such as 1e-9; got %q.", sinkhorn.MinTol, v)}
		}
		pr.Tol = t
	}
	switch v := get("exact"); v {
	case "", "0":
	case "1":
		pr.ShowExact = true
	default:
		return pr, &param.Error{Param: "exact", Msg: fmt.Sprintf("exact must be 0 (entropic plan only) or 1 (also draw the exact plan); got %q.", v)}
	}
	return pr, nil
}

func emptyMessage(k string) string {
	switch k {
	case "a", "b":
		return fmt.Sprintf("%s is empty: list the points of cloud %s as x,y pairs separated by semicolons, such as 0,0;0.5,0.2 (or leave %s out for a generated cloud).", k, strings.ToUpper(k), k)
	}
	return fmt.Sprintf("%s is empty: give a value or leave the parameter out.", k)
}

// ParsePoints reads "x1,y1;x2,y2;..." for parameter key. A trailing ";" is allowed.
func ParsePoints(key, raw string) ([]Point, error) {
	parts := strings.Split(strings.TrimSuffix(strings.TrimSpace(raw), ";"), ";")
	if len(parts) > MaxPoints {
		return nil, &param.Error{Param: key, Msg: fmt.Sprintf("%s lists %d points; a cloud may have at most %d.", key, len(parts), MaxPoints)}
	}
	out := make([]Point, len(parts))
	for i, s := range parts {
		xy, err := param.Floats(key, s, "coordinate")
		if err != nil {
			return nil, &param.Error{Param: key, Msg: fmt.Sprintf("%s: point %d (%q) is not a pair of numbers x,y such as 0.5,-0.25.", key, i+1, strings.TrimSpace(s))}
		}
		if len(xy) != 2 {
			count := fmt.Sprintf("%d numbers", len(xy))
			if len(xy) == 1 {
				count = "only one number"
			}
			return nil, &param.Error{Param: key, Msg: fmt.Sprintf("%s: point %d (%q) has %s; each point is x,y, and points are separated by semicolons.", key, i+1, strings.TrimSpace(s), count)}
		}
		for _, c := range xy {
			if math.Abs(c) > MaxCoord {
				return nil, &param.Error{Param: key, Msg: fmt.Sprintf("%s: point %d has a coordinate of %g; coordinates must lie between -%d and %d.", key, i+1, c, MaxCoord, MaxCoord)}
			}
		}
		out[i] = Point{xy[0], xy[1]}
	}
	return out, nil
}

func validShape(s string) bool {
	for _, sh := range Shapes {
		if s == sh {
			return true
		}
	}
	return false
}

// Clouds returns the two clouds: the listed points, or those the shapes, counts and seed
// generate. A is centred at (-0.45, -0.3) and B at (0.45, 0.3), each about 0.7 units across:
// placed along a diagonal, the pair fills a screen-shaped box rather than a wide strip.
func (pr Params) Clouds() (a, b []Point) {
	a, b = pr.A, pr.B
	if a == nil {
		a = Generate(pr.ShapeA, pr.NA, Point{-0.45, -0.3}, false, rand.New(rand.NewPCG(pr.Seed, 0xa)))
	}
	if b == nil {
		b = Generate(pr.ShapeB, pr.NB, Point{0.45, 0.3}, true, rand.New(rand.NewPCG(pr.Seed, 0xb)))
	}
	return a, b
}

// Problem builds the transport problem of the clouds (uniform weights, squared Euclidean
// cost) and checks lambda against its largest cost.
func (pr Params) Problem() (*sinkhorn.Problem, error) {
	a, b := pr.Clouds()
	return NewProblem(a, b, pr.Lambda)
}

// NewProblem is the transport problem between the uniform clouds a and b with C = |a - b|^2,
// with lambda checked against max C (an error names the parameter lambda).
func NewProblem(a, b []Point, lambda float64) (*sinkhorn.Problem, error) {
	if len(a) == 0 || len(b) == 0 {
		return nil, &param.Error{Param: "a", Msg: "Both clouds need at least one point."}
	}
	prob, err := sinkhorn.NewProblem(uniform(len(a)), uniform(len(b)), Cost(a, b, nil))
	if err != nil {
		return nil, &param.Error{Msg: param.Sentence(err.Error())}
	}
	if err := sinkhorn.CheckLambda(lambda, prob.MaxCost()); err != nil {
		return nil, &param.Error{Param: "lambda", Msg: param.Sentence(err.Error())}
	}
	return prob, nil
}

// Cost fills dst (reused when long enough) with C_ij = |a_i - b_j|^2, row-major.
func Cost(a, b []Point, dst []float64) []float64 {
	n := len(a) * len(b)
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	for i, x := range a {
		row := dst[i*len(b) : (i+1)*len(b)]
		for j, y := range b {
			dx, dy := x[0]-y[0], x[1]-y[1]
			row[j] = dx*dx + dy*dy
		}
	}
	return dst
}

func uniform(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}

// Round keeps a coordinate to Decimals places.
func Round(x float64) float64 {
	const s = 1e4
	return math.Round(x*s) / s
}

// Encode writes the parameters as a URL query in the canonical order, omitting defaults. A
// cloud with listed points is written as its points (";" escaped as %3B, commas bare);
// otherwise as its shape and count where they differ from the defaults.
func (pr Params) Encode() string {
	d := DefaultParams()
	var parts []string
	add := func(k, v string) {
		parts = append(parts, k+"="+strings.ReplaceAll(url.QueryEscape(v), "%2C", ","))
	}
	if pr.A != nil {
		add("a", FormatPoints(pr.A))
	}
	if pr.B != nil {
		add("b", FormatPoints(pr.B))
	}
	if pr.A == nil && pr.ShapeA != d.ShapeA {
		add("shapea", pr.ShapeA)
	}
	if pr.B == nil && pr.ShapeB != d.ShapeB {
		add("shapeb", pr.ShapeB)
	}
	if pr.A == nil && pr.NA != d.NA {
		add("na", strconv.Itoa(pr.NA))
	}
	if pr.B == nil && pr.NB != d.NB {
		add("nb", strconv.Itoa(pr.NB))
	}
	if (pr.A == nil || pr.B == nil) && pr.Seed != d.Seed {
		add("seed", strconv.FormatUint(pr.Seed, 10))
	}
	add("lambda", strconv.FormatFloat(pr.Lambda, 'g', -1, 64))
	if pr.Tol != d.Tol {
		add("tol", strconv.FormatFloat(pr.Tol, 'g', -1, 64))
	}
	if pr.ShowExact {
		add("exact", "1")
	}
	return strings.Join(parts, "&")
}

// FormatPoints writes points as "x1,y1;x2,y2" with the shortest exact formatting.
func FormatPoints(pts []Point) string {
	var sb strings.Builder
	for i, p := range pts {
		if i > 0 {
			sb.WriteByte(';')
		}
		sb.WriteString(strconv.FormatFloat(p[0], 'g', -1, 64))
		sb.WriteByte(',')
		sb.WriteString(strconv.FormatFloat(p[1], 'g', -1, 64))
	}
	return sb.String()
}

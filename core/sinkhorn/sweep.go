package sinkhorn

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"solvable/core/param"
)

// Limits of a lambda sweep, relative to the largest cost. Below MinSweepRelative the warm-started
// solves need tens of thousands of iterations per lambda (counts grow like max C / lambda) and
// the sweep stops being interactive; above MaxSweepRelative every curve has long since reached
// its lambda -> infinity limit (the plan is p q^T to 1e-4) and S_lambda is a difference of
// numbers of size lambda (H(p) + H(q)), so its digits go.
const (
	MinSweepRelative = 1e-4
	MaxSweepRelative = 1e4
	MinSweepPoints   = 2
	MaxSweepPoints   = 200
)

// SweepOptions describes a sweep: points log-spaced values of lambda from LMax down to LMin.
type SweepOptions struct {
	LMin, LMax float64
	Points     int
	// Tol is the L1 marginal error at which each lambda counts as solved, for each of the three
	// problems (the simulator's rule); 0 means DefaultTol.
	Tol float64
	// MaxIter caps the iterations of one problem at one lambda; 0 means 1<<18. A lambda that
	// reaches it is recorded as not converged and the sweep goes on.
	MaxIter int
	// Work is the number of kernel entries one Step may touch (iterations times n m); 0 means
	// 1<<16, about a quarter of a millisecond of wasm. One Step always does at least one unit:
	// one iteration, one change of lambda, or the recording of one lambda.
	Work int
	// Mark, when inside [LMin, LMax], is added to the lambdas (if no point is within 0.1% of
	// it), so the sweep has exact values at the lambda of the Sinkhorn page.
	Mark float64
	// Extra, when set, is called once per lambda after the three problems have been solved
	// (the published lambda-divergences hook in here); its values are stored in SweepPoint.Extra.
	Extra func(p, q, C []float64, lambda float64) ([]float64, error)
}

// SweepPoint is what the sweep records at one lambda.
type SweepPoint struct {
	Lambda        float64
	TransportCost float64 // <C, P*>
	Entropy       float64 // H(P*)
	Objective     float64 // OT_lambda(p, q) = <C, P*> - lambda H(P*)
	SelfP, SelfQ  float64 // OT_lambda(p, p), OT_lambda(q, q)
	// Divergence is the debiased S_lambda = OT(p,q) - OT(p,p)/2 - OT(q,q)/2 (full objective in
	// every term, as Divergence computes it).
	Divergence float64
	// PlanDivergence is KL(P*(p,p) || P*(p,q)) (spec §2.5): NaN when p and q are not on the same
	// points, +Inf when q is zero where p is not.
	PlanDivergence float64
	// TargetPlanKL is KL(P*(p,q) || P*(q,q)), the plan of (p,q) measured from the diagonal plan of
	// q (the other way of pulling the canonical divergence back to histograms): NaN without
	// common points, +Inf when p has mass where q has none.
	TargetPlanKL float64
	Iterations   [3]int // iterations spent at this lambda on (p,q), (p,p), (q,q)
	Converged    bool   // all three reached Tol
	// F and G are the potentials of P*(p,q) (gauge G_0 = 0, NaN on empty bins), from which the
	// plan at this lambda is exp((F_i + G_j - C_ij)/lambda): n + m numbers instead of n m.
	F, G     []float64
	Extra    []float64
	ExtraErr error
}

// Sweep walks lambda from large to small over one problem, warm-starting every lambda from the
// potentials of its neighbour, and records a SweepPoint per lambda. It does a bounded amount of
// work per Step so that a page can stream it inside a frame budget.
//
// The main problem (p, q) is solved by the Solver (SetLambda keeps its potentials). The two
// symmetric problems of S_lambda, OT(p,p) and OT(q,q), are solved by the symmetric averaged
// iteration of Feydy et al. (AISTATS 2019, §3), f <- (f + T(f))/2: plain Sinkhorn on a problem
// whose plan is nearly diagonal slows down like exp(-C_neighbour/lambda) (at lambda = 0.003 on the
// six-bin example it gains a factor 0.995 per 500 iterations), while the averaged iteration
// converges in a few dozen steps at every lambda the sweep allows.
type Sweep struct {
	prob    *Problem
	opts    SweepOptions
	lambdas []float64
	points  []SweepPoint

	main   *Solver
	self   [2]*SelfTransport // (p,p) on x, (q,q) on y
	common bool              // p and q on the same points: the plan divergence and KL(p||q) exist
	// identical: q = p on the same points. The main problem is then the self-transport problem,
	// on which alternating projections crawl at small lambda (the "self" preset hit the
	// iteration cap at lambda = 0.0032); it is read off the symmetric solver instead.
	identical bool

	mark   int // index of opts.Mark among the lambdas (-1: not in the range)
	k      int // index of the lambda being solved
	phase  int // 0..2: solving problem phase; 3: recording; 4: extra
	start  [3]int
	iters  [3]int
	ok     [3]bool
	failed bool

	// Limits, computed once.
	W, KLpq, IndependentCost, KernelLimit float64
	HasW                                  bool
}

// NewSweep checks the options and prepares the three solvers at the first (largest) lambda.
func NewSweep(prob *Problem, opts SweepOptions) (*Sweep, error) {
	if opts.Tol == 0 {
		opts.Tol = DefaultTol
	}
	if opts.MaxIter <= 0 {
		opts.MaxIter = 1 << 18
	}
	if opts.Work <= 0 {
		opts.Work = 1 << 16
	}
	if err := CheckSweep(opts.LMin, opts.LMax, opts.Points, prob.MaxCost()); err != nil {
		return nil, err
	}
	if prob.X == nil || prob.Y == nil {
		return nil, errors.New("the sweep needs a problem on points of the line (its two symmetric problems are built on the same points)")
	}
	s := &Sweep{prob: prob, opts: opts}
	s.lambdas = SweepLambdas(opts.LMin, opts.LMax, opts.Points)
	s.mark = -1
	if m := opts.Mark; m >= opts.LMin && m <= opts.LMax {
		k := 0
		for k < len(s.lambdas) && s.lambdas[k] > m {
			k++
		}
		switch {
		case k < len(s.lambdas) && math.Abs(s.lambdas[k]/m-1) < 1e-3:
			s.mark = k
		case k > 0 && math.Abs(s.lambdas[k-1]/m-1) < 1e-3:
			s.mark = k - 1
		default:
			s.lambdas = append(s.lambdas[:k], append([]float64{m}, s.lambdas[k:]...)...)
			s.mark = k
		}
	}
	var err error
	if s.main, err = New(prob, s.lambdas[0], Options{}); err != nil {
		return nil, err
	}
	sides := [2]struct{ x, w []float64 }{{prob.X, prob.P}, {prob.Y, prob.Q}}
	for k, sd := range sides {
		pr, err := NewProblem1D(sd.x, sd.x, sd.w, sd.w, prob.Cost)
		if err != nil {
			return nil, err
		}
		if s.self[k], err = NewSelfTransport(pr, s.lambdas[0]); err != nil {
			return nil, err
		}
	}
	s.common = equalFloats(prob.X, prob.Y)
	s.identical = s.common && equalFloats(prob.P, prob.Q)
	s.limits()
	return s, nil
}

// CheckSweep says in words what is wrong with a sweep's range for a cost of the given scale.
func CheckSweep(lmin, lmax float64, points int, maxCost float64) error {
	for _, b := range []struct {
		name string
		v    float64
	}{{"lmin", lmin}, {"lmax", lmax}} {
		switch {
		case math.IsNaN(b.v) || math.IsInf(b.v, 0):
			return fmt.Errorf("%s must be a finite number", b.name)
		case b.v <= 0:
			return fmt.Errorf("%s must be positive (got %g): lambda weighs the entropy term", b.name, b.v)
		case maxCost > 0 && b.v < MinSweepRelative*maxCost:
			return fmt.Errorf("%s = %g is below %g times the largest cost (%g): each lambda would need tens of thousands of iterations", b.name, b.v, MinSweepRelative, maxCost)
		case maxCost > 0 && b.v > MaxSweepRelative*maxCost:
			return fmt.Errorf("%s = %g is above %g times the largest cost (%g): every curve is at its large-lambda limit long before", b.name, b.v, MaxSweepRelative, maxCost)
		}
	}
	if !(lmin < lmax) {
		return fmt.Errorf("lmin (%g) must be smaller than lmax (%g)", lmin, lmax)
	}
	if points < MinSweepPoints || points > MaxSweepPoints {
		return fmt.Errorf("points must be a whole number from %d to %d (got %d)", MinSweepPoints, MaxSweepPoints, points)
	}
	return nil
}

// SweepLambdas are points values log-spaced from lmax down to lmin, both ends exact.
func SweepLambdas(lmin, lmax float64, points int) []float64 {
	out := make([]float64, points)
	a, b := math.Log(lmax), math.Log(lmin)
	for k := range out {
		out[k] = math.Exp(a + (b-a)*float64(k)/float64(points-1))
	}
	out[0], out[points-1] = lmax, lmin
	return out
}

// limits computes the asymptotes: W (lambda -> 0, exact in 1-D for the convex costs here),
// KL(p||q) (the plan divergence as lambda -> infinity), p^T C q (<C,P*> as lambda -> infinity) and
// p^T C_xy q - p^T C_xx p/2 - q^T C_yy q/2, the limit of S_lambda as lambda -> infinity, which is
// -(p-q)^T C (p-q)/2 on common points (spec §2.8).
func (s *Sweep) limits() {
	pr := s.prob
	if w, _, err := Exact1D(pr.X, pr.P, pr.Y, pr.Q, pr.Cost); err == nil {
		s.W, s.HasW = w, true
	}
	s.KLpq = math.NaN()
	if s.common {
		s.KLpq = KL(pr.P, pr.Q)
	}
	quad := func(x []float64, a []float64, y []float64, b []float64) float64 {
		t := 0.0
		for i, xi := range x {
			for j, yj := range y {
				t += a[i] * b[j] * pr.Cost.Between(xi, yj)
			}
		}
		return t
	}
	s.IndependentCost = quad(pr.X, pr.P, pr.Y, pr.Q)
	s.KernelLimit = s.IndependentCost - quad(pr.X, pr.P, pr.X, pr.P)/2 - quad(pr.Y, pr.Q, pr.Y, pr.Q)/2
}

// Lambdas are the sweep's values of lambda, largest first.
func (s *Sweep) Lambdas() []float64 { return s.lambdas }

// MarkIndex is the index of SweepOptions.Mark among the lambdas, or -1.
func (s *Sweep) MarkIndex() int { return s.mark }

// Points are the lambdas recorded so far, in sweep order.
func (s *Sweep) Points() []SweepPoint { return s.points }

// Done reports that every lambda has been recorded (and its Extra computed).
func (s *Sweep) Done() bool { return s.k == len(s.lambdas) }

// Converged reports that every lambda has been recorded and reached the tolerance.
func (s *Sweep) Converged() bool { return s.Done() && !s.failed }

// CommonSupport reports whether p and q live on the same points (the plan divergence and
// KL(p||q) need it).
func (s *Sweep) CommonSupport() bool { return s.common }

// Problem is the problem swept.
func (s *Sweep) Problem() *Problem { return s.prob }

// Current is the index of the lambda being worked on (len(Lambdas()) once done).
func (s *Sweep) Current() int { return s.k }

// Step does one bounded unit of work: some iterations of one of the three problems at the
// current lambda, or a change of lambda, or the recording of a finished lambda.
func (s *Sweep) Step() {
	if s.Done() {
		return
	}
	lam := s.lambdas[s.k]
	switch {
	case s.phase < 3:
		s.stepProblem(s.phase, lam)
	case s.phase == 3:
		s.record(lam)
		if s.opts.Extra == nil {
			s.advance()
		} else {
			s.phase = 4
		}
	default:
		pt := &s.points[len(s.points)-1]
		pt.Extra, pt.ExtraErr = s.opts.Extra(s.prob.P, s.prob.Q, s.prob.C, lam)
		s.advance()
	}
}

// stepProblem moves problem k to lambda or iterates it. The expensive pieces (n m exponentials
// each) get a Step of their own: the main kernel's rebuild, its first projection after it (done
// in the log domain), and the symmetric kernel's rebuild.
func (s *Sweep) stepProblem(k int, lam float64) {
	n := s.prob.N * s.prob.M
	if k == 0 && s.identical {
		s.iters[0], s.ok[0] = 0, true // record reads P*(p,p) from the symmetric solver
		s.phase++
		return
	}
	if k == 0 {
		m := s.main
		switch {
		case m.Lambda() != lam:
			_ = m.SetLambda(lam) // lam passed CheckSweep, which is stricter than CheckLambda
			s.start[0] = m.Iterations()
			return
		case m.Last() == ProjectionCols && m.needLog:
			// The row half of the next iteration, in the log domain; Solve finishes it.
			m.Step()
			return
		}
		chunk := max(1, s.opts.Work/max(n, 1))
		it, ok := m.Solve(s.opts.Tol, chunk)
		s.finishChunk(0, it-s.start[0], m.Iterations()-s.start[0], ok)
		return
	}
	ss := s.self[k-1]
	if ss.Lambda() != lam {
		_ = ss.SetLambda(lam)
		s.start[k] = ss.Iterations()
	}
	if !ss.ktOK {
		// The kernel for this lambda, a bounded number of exponentials per Step (an
		// exponential costs about as much as 8 multiply-adds).
		ss.prepare(s.opts.Work / 8)
		return
	}
	chunk := max(1, s.opts.Work/max(ss.n*ss.n, 1))
	it, ok := ss.Solve(s.opts.Tol, chunk)
	s.finishChunk(k, it-s.start[k], ss.Iterations()-s.start[k], ok)
}

func (s *Sweep) finishChunk(k, convergedAt, spent int, ok bool) {
	switch {
	case ok:
		s.iters[k], s.ok[k] = convergedAt, true
		s.phase++
	case spent >= s.opts.MaxIter:
		s.iters[k], s.ok[k] = spent, false
		s.phase++
	}
}

// record stores the point of the current lambda.
func (s *Sweep) record(lam float64) {
	m := s.main
	pt := SweepPoint{
		Lambda:        lam,
		TransportCost: m.TransportCost(),
		Entropy:       m.Entropy(),
		Objective:     m.Objective(),
		SelfP:         s.self[0].Objective(),
		SelfQ:         s.self[1].Objective(),
		Iterations:    s.iters,
		Converged:     s.ok[0] && s.ok[1] && s.ok[2],
	}
	pt.F, pt.G = m.Potentials()
	if s.identical {
		self := s.self[0]
		pt.TransportCost, pt.Objective = self.TransportCost(), pt.SelfP
		pt.Entropy = (pt.TransportCost - pt.Objective) / lam
		pt.Iterations[0] = pt.Iterations[1]
		F := self.Potentials()
		g0 := math.NaN() // the gauge of Potentials: the first active G is zero
		pt.F, pt.G = make([]float64, len(F)), make([]float64, len(F))
		for _, f := range F {
			if math.IsNaN(g0) && !math.IsNaN(f) {
				g0 = f
			}
		}
		for i, f := range F {
			pt.F[i], pt.G[i] = f+g0, f-g0
		}
	}
	pt.Divergence = pt.Objective - pt.SelfP/2 - pt.SelfQ/2
	pt.PlanDivergence, pt.TargetPlanKL = math.NaN(), math.NaN()
	switch {
	case s.identical: // both are KL divergences of a plan from itself
		pt.PlanDivergence, pt.TargetPlanKL = 0, 0
	case s.common:
		pt.PlanDivergence = s.planDivergence(lam, pt.F, pt.G)
		pt.TargetPlanKL = s.targetPlanKL(lam, pt.F, pt.G)
	}
	if !pt.Converged {
		s.failed = true
	}
	s.points = append(s.points, pt)
}

// planDivergence is KL(P*(p,p) || P*(p,q)) from the marginals and potentials alone. Both plans
// are exp((F_i + G_j - C_ij)/lambda) with the same C, so ln A - ln B = (dF_i + dG_j)/lambda and
//
//	KL(A || B) = sum_i r_i dF_i/lambda + sum_j c_j dG_j/lambda - mass(A) + mass(B),
//
// with r, c the row and column sums of A (equal, A being symmetric): O(n) once the sums are
// known, where the entry-by-entry sum (planKL, which the tests compare with) costs n^2
// exponentials. It is +Inf when A has mass in a row or column that B lacks.
func (s *Sweep) planDivergence(lam float64, F, G []float64) float64 {
	ss := s.self[0]
	Fs := ss.Potentials()
	ss.MarginalError() // make the row sums current
	kl, massA := 0.0, 0.0
	for a, i := range ss.rows {
		r := ss.rowSum(a)
		if math.IsNaN(F[i]) || math.IsNaN(G[i]) {
			if r > 0 {
				return math.Inf(1)
			}
			continue
		}
		kl += r * ((Fs[i] - F[i]) + (Fs[i] - G[i])) / lam
		massA += r
	}
	massB := 0.0
	for _, x := range s.main.RowSums(nil) {
		massB += x
	}
	return kl - massA + massB
}

// targetPlanKL is KL(P*(p,q) || P*(q,q)) from marginals and potentials, as planDivergence:
// sum_i r_i (F_i - Fq_i)/lambda + sum_j c_j (G_j - Fq_j)/lambda - mass(P*(p,q)) + mass(P*(q,q)),
// r and c the row and column sums of P*(p,q). +Inf when P*(p,q) has a row where q has no weight.
func (s *Sweep) targetPlanKL(lam float64, F, G []float64) float64 {
	sq := s.self[1]
	Fq := sq.Potentials()
	sq.MarginalError()
	r, c := s.main.RowSums(nil), s.main.ColSums(nil)
	kl, massB := 0.0, 0.0
	for i, x := range r {
		if x <= 0 {
			continue
		}
		if math.IsNaN(Fq[i]) {
			return math.Inf(1)
		}
		kl += x * (F[i] - Fq[i]) / lam
		massB += x
	}
	for j, x := range c {
		if x > 0 {
			kl += x * (G[j] - Fq[j]) / lam
		}
	}
	massQ := 0.0
	for a := range sq.rows {
		massQ += sq.rowSum(a)
	}
	return kl - massB + massQ
}

func (s *Sweep) advance() {
	s.k++
	s.phase = 0
	s.ok = [3]bool{}
	s.iters = [3]int{}
}

// Plan writes the plan of recorded point k, exp((F_i + G_j - C_ij)/lambda), into dst.
func (s *Sweep) Plan(k int, dst []float64) []float64 {
	N, M := s.prob.N, s.prob.M
	if len(dst) < N*M {
		dst = make([]float64, N*M)
	}
	dst = dst[:N*M]
	pt := s.points[k]
	for i := 0; i < N; i++ {
		for j := 0; j < M; j++ {
			v := 0.0
			if !math.IsNaN(pt.F[i]) && !math.IsNaN(pt.G[j]) {
				v = math.Exp((pt.F[i] + pt.G[j] - s.prob.C[i*M+j]) / pt.Lambda)
			}
			dst[i*M+j] = v
		}
	}
	return dst
}

// ---- Parameters of the sweep simulator ----

// Sweep defaults, relative to the largest cost (so a problem on any points gets a sensible
// range): from 100 max C, where every curve has reached its large-lambda limit to four digits,
// down to 1e-3 max C, where <C,P*> equals W to the tolerance and lambda D has settled.
const (
	DefaultSweepLMinRelative = 1e-3
	DefaultSweepLMaxRelative = 100
	DefaultSweepPoints       = 41
)

// SweepParams is the sweep simulator's problem: a Sinkhorn problem (whose Lambda is the lambda
// marked on the sweep) and the range. LMin and LMax are 0 when not given: the defaults relative
// to the largest cost.
type SweepParams struct {
	Params
	LMin, LMax float64
	Points     int
}

// SweepKeys lists the parameter names ParseSweep understands, in the order Encode writes them.
var SweepKeys = append(append([]string(nil), Keys...), "lmin", "lmax", "points")

// ParseSweep reads a sweep's parameters over the defaults: those of Parse (a named preset is
// one of SweepPresets) plus lmin, lmax and points. Every error names its parameter.
func ParseSweep(lookup Lookup) (SweepParams, error) {
	sp := SweepParams{Params: DefaultParams(), Points: DefaultSweepPoints}
	if name, _ := lookup("preset"); strings.TrimSpace(name) != "" {
		name = strings.TrimSpace(name)
		preset, ok := param.Find(SweepPresets(), name)
		if !ok {
			return sp, &ParamError{Param: "preset", Msg: fmt.Sprintf("There is no sweep preset called %q; the presets are %s.", name, param.Names(SweepPresets()))}
		}
		lookup = param.Over(lookup, param.LookupQuery(preset.Query))
	}
	// Parse must not expand the name again against the Sinkhorn presets.
	inner := func(k string) (string, bool) {
		if k == "preset" {
			return "", false
		}
		return lookup(k)
	}
	pr, err := Parse(inner)
	if err != nil {
		return sp, err
	}
	sp.Params = pr
	for _, b := range []struct {
		key string
		dst *float64
	}{{"lmin", &sp.LMin}, {"lmax", &sp.LMax}} {
		v, ok := lookup(b.key)
		if !ok {
			continue
		}
		f, e := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if e != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return sp, &ParamError{Param: b.key, Msg: fmt.Sprintf("%s (the %s end of the lambda range) must be a positive number such as %s; got %q.", b.key, map[string]string{"lmin": "small", "lmax": "large"}[b.key], map[string]string{"lmin": "0.001", "lmax": "100"}[b.key], v)}
		}
		if f <= 0 {
			return sp, &ParamError{Param: b.key, Msg: fmt.Sprintf("%s must be positive (got %g): lambda weighs the entropy term, and lambda = 0 is the unregularised problem, which is the curve's left-hand limit, not a point on it.", b.key, f)}
		}
		*b.dst = f
	}
	if v, ok := lookup("points"); ok {
		n, e := strconv.Atoi(strings.TrimSpace(v))
		if e != nil || n < MinSweepPoints || n > MaxSweepPoints {
			return sp, &ParamError{Param: "points", Msg: fmt.Sprintf("points (how many values of lambda the sweep solves) must be a whole number from %d to %d; got %q.", MinSweepPoints, MaxSweepPoints, v)}
		}
		sp.Points = n
	}
	return sp, nil
}

// Range is the sweep's lambda range for a problem whose largest cost is maxCost, the defaults
// filled in, with any problem in words against the parameter at fault.
func (sp SweepParams) Range(maxCost float64) (lmin, lmax float64, err error) {
	scale := maxCost
	if !(scale > 0) {
		scale = 1
	}
	lmin, lmax = sp.LMin, sp.LMax
	if lmin == 0 {
		lmin = DefaultSweepLMinRelative * scale
	}
	if lmax == 0 {
		lmax = DefaultSweepLMaxRelative * scale
	}
	if err := CheckSweep(lmin, lmax, sp.Points, maxCost); err != nil {
		key := "points"
		switch msg := err.Error(); {
		case strings.HasPrefix(msg, "lmin") && sp.LMin != 0:
			key = "lmin"
		case strings.HasPrefix(msg, "lmax") && sp.LMax != 0:
			key = "lmax"
		case strings.HasPrefix(msg, "lmin"), strings.HasPrefix(msg, "lmax"):
			// A default end clashes with the given other end.
			key = map[bool]string{true: "lmin", false: "lmax"}[sp.LMin != 0]
		}
		return lmin, lmax, &ParamError{Param: key, Msg: sentence(err)}
	}
	return lmin, lmax, nil
}

// Encode writes the parameters as a URL query in the canonical order, omitting defaults.
func (sp SweepParams) Encode() string {
	q := sp.Params.Encode()
	add := func(k, v string) {
		if q != "" {
			q += "&"
		}
		q += k + "=" + v
	}
	if sp.LMin != 0 {
		add("lmin", strconv.FormatFloat(sp.LMin, 'g', -1, 64))
	}
	if sp.LMax != 0 {
		add("lmax", strconv.FormatFloat(sp.LMax, 'g', -1, 64))
	}
	if sp.Points != DefaultSweepPoints {
		add("points", strconv.Itoa(sp.Points))
	}
	return q
}

// SweepPresets are the named sweeps the lambda page's paragraphs set.
func SweepPresets() []Preset {
	return []Preset{
		{Name: "bumps", Title: "One bump to two bumps", Blurb: "The Sinkhorn page's first problem, 40 points, swept over λ from 0.001 to 100; the Sinkhorn page's λ = 0.01 is marked.",
			Query: "n=40&pshape=bump&qshape=twobumps&lambda=0.01"},
		{Name: "spec", Title: "Six-bin worked example", Blurb: "W₂² = 0.18 and KL(p‖q) = 0.6758 exactly; every number the tests pin down, with λ = 0.1 marked.",
			Query: "x=0,0.2,0.4,0.6,0.8,1&p=0.3,0.25,0.2,0.1,0.1,0.05&q=0.05,0.1,0.1,0.15,0.25,0.35&lambda=0.1"},
		{Name: "self", Title: "p sent to itself", Blurb: "q = p: W = 0 and S_λ = 0 at every λ, yet the entropic cost OT_λ(p,p) is not zero — the bias that debiasing removes.",
			Query: "x=0,0.2,0.4,0.6,0.8,1&p=0.3,0.25,0.2,0.1,0.1,0.05&q=0.3,0.25,0.2,0.1,0.1,0.05&lambda=0.1"},
		{Name: "shift", Title: "A bump and its near-translate", Blurb: "q is p moved by 0.4 (each bump cut off at its end of [0, 1]): W₂² = 0.1564 and the large-λ limit of S_λ, 0.1561, are both close to the squared shift 0.16, so S_λ hardly moves.",
			Query: "n=60&pshape=bump&qshape=bump&lambda=0.01"},
		{Name: "holes", Title: "q empty where p is not", Blurb: "q has no mass on the first point, so KL(p‖q) is infinite: the plan divergence has no finite large-λ limit.",
			Query: "x=0,0.2,0.4,0.6,0.8,1&p=0.3,0.25,0.2,0.1,0.1,0.05&q=0,0.1,0.1,0.15,0.25,0.4&lambda=0.1"},
		{Name: "fine", Title: "400 points", Blurb: "The largest grid the simulator takes, swept to λ = 0.0001: each step stays within a frame's budget.",
			Query: "n=400&pshape=bump&qshape=twobumps&lambda=0.01&lmin=0.0001&points=31"},
	}
}

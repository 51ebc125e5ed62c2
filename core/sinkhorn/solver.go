package sinkhorn

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"

	"solvable/core/rowmat"
)

// Projection names the e-projection that produced the current iterate.
type Projection int

const (
	ProjectionNone Projection = iota // P_0 = K, nothing projected yet
	ProjectionRows                   // rows rescaled: P1 = p
	ProjectionCols                   // columns rescaled: P^T 1 = q
)

// Scalings are folded into the potentials once they leave [1/scaleBound, scaleBound]. Within
// that range a kernel entry that matters to a row or column sum is at least about 1e-130 (see
// the package doc), far from underflow, while products u_i K_ij v_j stay far from overflow.
const (
	scaleBound = 1e50
	// A row or column sum of the stabilised kernel below sumFloor means that row or column has
	// underflowed; the projection is then done in the log domain.
	sumFloor = 1e-250
)

// MaxRelativeLambda is the largest lambda / max C the solver accepts: beyond it the plan is
// p q^T to within 1e-6 and the entropic terms of the objective swamp <C,P> so far that the
// debiased divergence cancels to nothing in double precision.
const MaxRelativeLambda = 1e6

// MinRelativeLambda is the smallest lambda / max C the solver accepts. Below it iteration counts
// grow past any useful budget (they scale like max C / lambda) and (f + g - C) / lambda nears the
// range where exponent arithmetic loses all precision.
const MinRelativeLambda = 1e-6

// Options tunes a Solver. The zero value is plain Sinkhorn from P_0 = K.
type Options struct {
	// LambdaScaling warm-starts from larger entropy weights: lambda_k = max(lambda, maxC 2^-k),
	// moving to the next stage once the marginal error of a stage falls below StageTol. The
	// iterates then differ from plain Sinkhorn's but reach the same plan in fewer iterations
	// when lambda is small.
	LambdaScaling bool
	// StageTol is the L1 marginal error at which a lambda-scaling stage ends (default 1e-3).
	StageTol float64
}

// Solver runs Sinkhorn's iteration on one Problem, one e-projection per Step.
// Methods that report (Plan, MarginalError, TransportCost, ...) never change the iterate; they
// may fill internal caches that the next projection reuses, so reporting after every half-step
// costs no more matrix-vector products than stepping alone.
type Solver struct {
	prob   *Problem
	lambda float64 // the requested entropy weight
	lam    float64 // the entropy weight of the current stage (== lambda without scaling)
	opts   Options

	rows, cols []int // the bins of positive weight: the reduced problem
	n, m       int
	p, q       []float64
	c          []float64 // reduced cost, n*m row-major

	// The iterate is P_ij = u_i exp((f_i + g_j - C_ij)/lam) v_j = u_i kt_ij v_j.
	f, g    []float64
	u, v    []float64
	kt      []float64
	ktValid bool // kt holds exp((f+g-C)/lam) for the current f, g, lam
	needLog bool // the next projection must be done in the log domain

	z, w     []float64 // z = kt v, w = kt^T u, valid when zOK, wOK
	zOK, wOK bool
	uNext    []float64 // scratch of the fused iteration
	row      []float64 // scratch plan row
	r, cs    []float64 // scratch row and column sums

	nw       int           // row blocks per pass (1 under js/wasm and for small kernels)
	partials [][]float64   // column accumulators of workers 1..nw-1
	fused    []fusedResult // per-worker results of a fused pass

	projections int
	last        Projection
	klStep      float64
	logSteps    int
	entryErr    float64 // marginal error of the state an Iterate started from (NaN if unknown)
	lastColErr  float64 // column error left by the last column projection (rounding only)

	version   int     // changes whenever the iterate does; keys the report cache
	tcVersion int     // version at which tc was computed (0: never)
	tc        float64 // cached <C, P>
}

// New returns a solver at P_0 = K = exp(-C/lambda). lambda must be positive, finite and at
// least MinRelativeLambda times the largest cost.
func New(prob *Problem, lambda float64, opts Options) (*Solver, error) {
	if err := CheckLambda(lambda, prob.MaxCost()); err != nil {
		return nil, err
	}
	if opts.StageTol <= 0 {
		opts.StageTol = 1e-3
	}
	s := &Solver{prob: prob, lambda: lambda, lam: lambda, opts: opts}
	s.rows, s.cols = support(prob.P), support(prob.Q)
	s.n, s.m = len(s.rows), len(s.cols)
	s.p = gather(prob.P, s.rows)
	s.q = gather(prob.Q, s.cols)
	s.c = make([]float64, s.n*s.m)
	for a, i := range s.rows {
		for b, j := range s.cols {
			s.c[a*s.m+b] = prob.C[i*prob.M+j]
		}
	}
	s.f, s.g = make([]float64, s.n), make([]float64, s.m)
	s.u, s.v = ones(s.n), ones(s.m)
	s.kt = make([]float64, s.n*s.m)
	s.z, s.w = make([]float64, s.n), make([]float64, s.m)
	s.uNext = make([]float64, s.n)
	s.row = make([]float64, s.m)
	s.r, s.cs = make([]float64, s.n), make([]float64, s.m)
	s.nw = workers(s.n, s.m)
	s.partials = make([][]float64, s.nw-1)
	for k := range s.partials {
		s.partials[k] = make([]float64, s.m)
	}
	s.fused = make([]fusedResult, s.nw)
	if opts.LambdaScaling {
		if mc := s.maxReducedCost(); mc > lambda {
			s.lam = mc
		}
	}
	// P_0 = K is built so that it can be shown and measured; the first projection is done in
	// the log domain all the same, because exp(-C/lambda) may underflow entirely.
	s.rebuildKernel()
	s.needLog = true
	s.klStep = math.NaN()
	s.entryErr = math.NaN()
	return s, nil
}

// CheckLambda says in words what is wrong with an entropy weight for a cost of the given scale.
func CheckLambda(lambda, maxCost float64) error {
	switch {
	case math.IsNaN(lambda) || math.IsInf(lambda, 0):
		return errors.New("lambda must be a finite number")
	case lambda <= 0:
		return fmt.Errorf("lambda must be positive (got %g): it is the weight of the entropy term", lambda)
	case maxCost > 0 && lambda > MaxRelativeLambda*maxCost:
		return fmt.Errorf("lambda = %g is above %g times the largest cost (%g): the plan is already the independent coupling p q^T to six digits, and larger values only lose precision", lambda, MaxRelativeLambda, maxCost)
	case maxCost > 0 && lambda < MinRelativeLambda*maxCost:
		return fmt.Errorf("lambda = %g is below %g times the largest cost (%g): Sinkhorn would need more than a million iterations", lambda, MinRelativeLambda, maxCost)
	}
	return nil
}

func (s *Solver) maxReducedCost() float64 {
	mx := 0.0
	for _, c := range s.c {
		mx = math.Max(mx, math.Abs(c))
	}
	return mx
}

// Problem is the problem being solved.
func (s *Solver) Problem() *Problem { return s.prob }

// Lambda is the requested entropy weight; StageLambda the one of the current lambda-scaling
// stage (equal to Lambda once scaling has finished or without it).
func (s *Solver) Lambda() float64      { return s.lambda }
func (s *Solver) StageLambda() float64 { return s.lam }

// Projections counts half-steps; Iterations counts full iterations (row then column).
func (s *Solver) Projections() int { return s.projections }
func (s *Solver) Iterations() int  { return s.projections / 2 }

// Last is the projection that produced the current iterate.
func (s *Solver) Last() Projection { return s.last }

// LogSteps counts projections done in the log domain (including the first, which builds the
// stabilised kernel). A run with LogSteps() == 1 took the plain scaling form throughout.
func (s *Solver) LogSteps() int { return s.logSteps }

// KLStep is KL(P_k || P_{k-1}) for the last projection, in the generalised KL of positive
// measures. It is NaN before the first projection and +Inf if P_{k-1} had astronomically large mass.
func (s *Solver) KLStep() float64 { return s.klStep }

// Step performs one e-projection: a row projection after a column one (or at the start), and a
// column projection after a row one.
func (s *Solver) Step() {
	if s.last == ProjectionRows {
		s.colStep()
		s.afterColumns()
	} else {
		s.rowStep()
	}
}

// Iterate performs projections until the iterate follows a column projection: one full
// iteration from a column-projected state. When the scalings allow, the row projection and the
// column sums it needs are computed in a single pass over the kernel, which halves the memory
// traffic once the kernel no longer fits in cache.
func (s *Solver) Iterate() {
	s.entryErr = math.NaN()
	if s.last == ProjectionRows {
		s.Step()
		return
	}
	if !s.needLog && s.fusedRowStep() {
		s.colStep()
		s.afterColumns()
		return
	}
	s.rowStep()
	s.colStep()
	s.afterColumns()
}

// Solve iterates until the L1 marginal error after a full iteration falls below tol, or
// maxIter iterations have been done in this call. It returns the number of full iterations
// counted from P_0 at which the error first fell below tol. Because the error of an iterate
// comes for free with the next fused pass, the solver stands one iteration past that point.
func (s *Solver) Solve(tol float64, maxIter int) (iters int, converged bool) {
	for k := 0; k < maxIter; k++ {
		s.Iterate()
		e := s.entryErr
		if s.Iterations() >= 2 && !math.IsNaN(e) && e < tol && s.lam == s.lambda {
			return s.Iterations() - 1, true
		}
		if math.IsNaN(e) {
			// The pass could not measure the entering state (a log-domain projection); measure
			// the current one directly. Its matrix-vector product is reused by the next step.
			if err := s.MarginalError(); err < tol && s.lam == s.lambda {
				return s.Iterations(), true
			}
		}
	}
	return s.Iterations(), false
}

// afterColumns ends a lambda-scaling stage once its marginals are close enough.
func (s *Solver) afterColumns() {
	if s.lam == s.lambda || s.MarginalError() >= s.opts.StageTol {
		return
	}
	s.absorb()
	s.lam = math.Max(s.lambda, s.lam/2)
	s.rebuildKernel()
	s.needLog = true
}

// rebuildKernel sets kt = exp((f_i + g_j - C_ij)/lam) after the scalings have been absorbed
// (u = v = 1), so that reports on the current iterate read a built kernel instead of
// evaluating exponentials on every call.
func (s *Solver) rebuildKernel() {
	for a := 0; a < s.n; a++ {
		ca := s.c[a*s.m : (a+1)*s.m]
		k := s.kt[a*s.m : (a+1)*s.m]
		for b, c := range ca {
			k[b] = math.Exp((s.f[a] + s.g[b] - c) / s.lam)
		}
	}
	s.ktValid, s.zOK, s.wOK = true, false, false
	s.version++
}

// absorb folds the scalings into the potentials: f += lam ln u, g += lam ln v, u = v = 1.
func (s *Solver) absorb() {
	for i, x := range s.u {
		s.f[i] += s.lam * math.Log(x)
		s.u[i] = 1
	}
	for j, x := range s.v {
		s.g[j] += s.lam * math.Log(x)
		s.v[j] = 1
	}
	s.ktValid, s.zOK, s.wOK = false, false, false
}

func (s *Solver) mulKt(dst, x []float64) { // dst = kt x
	parallelRows(s.n, s.nw, func(lo, hi, _ int) {
		rowmat.MulRows(s.kt, s.m, lo, hi, x, dst)
	})
}

func (s *Solver) mulKtT(dst, x []float64) { // dst = kt^T x
	parallelRows(s.n, s.nw, func(lo, hi, k int) {
		acc := s.partial(k, dst)
		clear(acc)
		rowmat.AccumulateRows(s.kt, s.m, lo, hi, x, acc)
	})
	s.reducePartials(dst)
}

// partial is worker k's accumulator for a column vector: dst itself for the first worker.
func (s *Solver) partial(k int, dst []float64) []float64 {
	if k == 0 {
		return dst
	}
	return s.partials[k-1]
}

func (s *Solver) reducePartials(dst []float64) {
	for k := 1; k < s.nw; k++ {
		floats.Add(dst, s.partials[k-1])
	}
}

// fusedBlock is the number of kernel rows a fused pass multiplies at once: 16 rows of 1000
// columns is 128 KB, which stays in a core's L2 cache between the two products.
const fusedBlock = 16

// inRange reports whether a new scaling may stay unabsorbed.
func inRange(x float64) bool { return x <= scaleBound && x >= 1/scaleBound }

// genKL is one term of the generalised KL(new || old) for a bin whose mass goes from old to target.
func genKL(target, old float64) float64 {
	return target*math.Log(target/old) - target + old
}

func (s *Solver) rowStep() {
	if !s.needLog {
		if !s.zOK {
			s.mulKt(s.z, s.v)
			s.zOK = true
		}
		if allAbove(s.z, sumFloor) {
			kl := 0.0
			for i, zi := range s.z {
				kl += genKL(s.p[i], s.u[i]*zi)
				s.u[i] = s.p[i] / zi
				if !inRange(s.u[i]) {
					s.needLog = true
				}
			}
			s.finish(ProjectionRows, kl)
			s.wOK = false
			return
		}
	}
	s.rowStepLog()
}

// fusedRowStep does the row projection and accumulates w = kt^T u_new in the same pass, and
// records the marginal error of the entering state (its column error is what the last column
// projection left). It reports false, changing nothing, if a row sum has underflowed.
func (s *Solver) fusedRowStep() bool {
	parallelRows(s.n, s.nw, func(lo, hi, k int) {
		acc := s.partial(k, s.w)
		clear(acc)
		res := fusedResult{}
		// Blocks of rows small enough to stay in cache between the two products, so the
		// kernel is read from memory once per iteration.
		for b := lo; b < hi && !res.underflow; b += fusedBlock {
			e := min(b+fusedBlock, hi)
			rowmat.MulRows(s.kt, s.m, b, e, s.v, s.z)
			for i := b; i < e; i++ {
				zi := s.z[i]
				if !(zi >= sumFloor) {
					res.underflow = true
					break
				}
				old := s.u[i] * zi
				res.rowErr += math.Abs(old - s.p[i])
				res.kl += genKL(s.p[i], old)
				un := s.p[i] / zi
				s.uNext[i] = un
				if !inRange(un) {
					res.outOfRange = true
				}
			}
			if !res.underflow {
				rowmat.AccumulateRows(s.kt, s.m, b, e, s.uNext, acc)
			}
		}
		s.fused[k] = res
	})
	var total fusedResult
	for _, r := range s.fused[:s.nw] {
		if r.underflow {
			s.zOK, s.wOK = false, false
			return false
		}
		total.rowErr += r.rowErr
		total.kl += r.kl
		total.outOfRange = total.outOfRange || r.outOfRange
	}
	s.reducePartials(s.w)
	if s.last == ProjectionCols {
		s.entryErr = total.rowErr + s.lastColErr
	}
	s.u, s.uNext = s.uNext, s.u
	s.zOK, s.wOK = true, true
	s.needLog = total.outOfRange
	s.finish(ProjectionRows, total.kl)
	return true
}

// fusedResult is one worker's share of a fused row pass.
type fusedResult struct {
	rowErr, kl            float64
	underflow, outOfRange bool
}

func (s *Solver) colStep() {
	if !s.needLog {
		if !s.wOK {
			s.mulKtT(s.w, s.u)
			s.wOK = true
		}
		if allAbove(s.w, sumFloor) {
			kl, colErr := 0.0, 0.0
			for j, wj := range s.w {
				kl += genKL(s.q[j], s.v[j]*wj)
				s.v[j] = s.q[j] / wj
				colErr += math.Abs(s.v[j]*wj - s.q[j])
				if !inRange(s.v[j]) {
					s.needLog = true
				}
			}
			s.lastColErr = colErr
			s.finish(ProjectionCols, kl)
			s.zOK = false
			return
		}
	}
	s.colStepLog()
}

// rowStepLog is the row projection in the log domain: f_i = lam (ln p_i - LSE_j((g_j - C_ij)/lam))
// after absorbing the scalings, and the stabilised kernel rebuilt in the same pass, so its rows
// sum to p exactly and u = 1.
func (s *Solver) rowStepLog() {
	s.absorb()
	lam := s.lam
	kl := 0.0
	for i := 0; i < s.n; i++ {
		ci := s.c[i*s.m : (i+1)*s.m]
		k := s.kt[i*s.m : (i+1)*s.m]
		mx := math.Inf(-1)
		for j, c := range ci {
			a := (s.g[j] - c) / lam
			k[j] = a
			mx = math.Max(mx, a)
		}
		sum := 0.0
		for j, a := range k {
			e := math.Exp(a - mx)
			k[j] = e
			sum += e
		}
		lse := mx + math.Log(sum)
		// The row sum before the projection is exp(f_i/lam + lse); its log keeps the KL finite
		// whenever the true value is.
		lr := s.f[i]/lam + lse
		kl += s.p[i]*(math.Log(s.p[i])-lr) - s.p[i] + math.Exp(lr)
		s.f[i] = lam * (math.Log(s.p[i]) - lse)
		scale := s.p[i] / sum
		zi := 0.0
		for j := range k {
			k[j] *= scale
			zi += k[j]
		}
		s.z[i] = zi
	}
	s.ktValid, s.zOK, s.wOK, s.needLog = true, true, false, false
	s.logSteps++
	s.finish(ProjectionRows, kl)
}

// colStepLog is the column projection in the log domain, done in row-major passes so the
// kernel is read in memory order.
func (s *Solver) colStepLog() {
	s.absorb()
	lam := s.lam
	mx := s.cs // column maxima
	for j := range mx {
		mx[j] = math.Inf(-1)
	}
	for i := 0; i < s.n; i++ {
		ci := s.c[i*s.m : (i+1)*s.m]
		k := s.kt[i*s.m : (i+1)*s.m]
		for j, c := range ci {
			a := (s.f[i] - c) / lam
			k[j] = a
			mx[j] = math.Max(mx[j], a)
		}
	}
	sum := s.w
	clear(sum)
	for i := 0; i < s.n; i++ {
		k := s.kt[i*s.m : (i+1)*s.m]
		for j, a := range k {
			e := math.Exp(a - mx[j])
			k[j] = e
			sum[j] += e
		}
	}
	kl := 0.0
	scale := s.row
	for j := range sum {
		lse := mx[j] + math.Log(sum[j])
		lc := s.g[j]/lam + lse
		kl += s.q[j]*(math.Log(s.q[j])-lc) - s.q[j] + math.Exp(lc)
		s.g[j] = lam * (math.Log(s.q[j]) - lse)
		scale[j] = s.q[j] / sum[j]
	}
	clear(s.w)
	for i := 0; i < s.n; i++ {
		k := s.kt[i*s.m : (i+1)*s.m]
		floats.Mul(k, scale)
		floats.Add(s.w, k)
	}
	colErr := 0.0
	for j, wj := range s.w {
		colErr += math.Abs(wj - s.q[j])
	}
	s.lastColErr = colErr
	s.ktValid, s.zOK, s.wOK, s.needLog = true, false, true, false
	s.logSteps++
	s.finish(ProjectionCols, kl)
}

func (s *Solver) finish(pr Projection, kl float64) {
	s.version++
	s.projections++
	s.last = pr
	s.klStep = kl
}

func allAbove(x []float64, floor float64) bool {
	for _, v := range x {
		if !(v >= floor) { // also catches NaN
			return false
		}
	}
	return true
}

func gather(x []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for a, i := range idx {
		out[a] = x[i]
	}
	return out
}

func ones(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = 1
	}
	return x
}

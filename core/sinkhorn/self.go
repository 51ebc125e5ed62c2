package sinkhorn

import (
	"errors"
	"math"

	"solvable/core/rowmat"
)

// SelfTransport solves the symmetric problem OT_lambda(p, p) (a problem whose two marginals and
// two supports are the same, with a symmetric cost) by the averaged fixed-point iteration of
// Feydy et al. (AISTATS 2019, §3; Knight, SIAM J. Matrix Anal. Appl. 30(1), 2008, studies the
// symmetric scaling problem). With the plan written P_ij = p_i p_j exp((f_i + f_j - C_ij)/lambda),
// the optimum is the fixed point of
//
//	T(f)_i = -lambda LSE_j( ln p_j + (f_j - C_ij)/lambda ),
//
// and the iteration f <- (f + T(f))/2 converges fast at every lambda, where plain Sinkhorn on a
// nearly diagonal plan crawls. As in the Solver, the iteration runs on a stabilised kernel
// kt_ij = p_j exp((f0_i + f0_j - C_ij)/lambda) with f = f0 + lambda ln u, so one update is a
// matrix-vector product and a square root per bin, u <- sqrt(u / (kt u)); u is folded into f0
// (n^2 exponentials) when it leaves [1e-50, 1e50], at every new lambda, and whenever a row of
// the kernel underflows, in which case that update is done in the log domain.
type SelfTransport struct {
	prob   *Problem
	lambda float64
	rows   []int
	n      int
	p, lnp []float64
	c      []float64
	f      []float64 // f0: the absorbed part of the potential
	u, z   []float64 // scaling and z = kt u
	kt     []float64
	ktOK   bool // kt is built for f0 and lambda
	built  int  // rows of kt built so far by prepare (while !ktOK)
	zOK    bool // z = kt u for the current u (or, after a log-domain evaluation, t = T(f))
	logT   bool // the current evaluation was done in the log domain: t holds T(f)
	t      []float64
	err    float64 // L1 marginal error of the current iterate (valid with zOK)
	iters  int
}

// NewSelfTransport prepares the symmetric solver for prob (which must have P == Q and X == Y) at lambda,
// from f = 0.
func NewSelfTransport(prob *Problem, lambda float64) (*SelfTransport, error) {
	if !equalFloats(prob.P, prob.Q) || prob.N != prob.M {
		return nil, errors.New("the symmetric solver needs a problem from a histogram to itself")
	}
	for i := 0; i < prob.N; i++ {
		for j := 0; j < i; j++ {
			if prob.C[i*prob.N+j] != prob.C[j*prob.N+i] {
				return nil, errors.New("the symmetric solver needs a symmetric cost (C_ij = C_ji)")
			}
		}
	}
	if err := CheckLambda(lambda, prob.MaxCost()); err != nil {
		return nil, err
	}
	s := &SelfTransport{prob: prob, lambda: lambda, rows: support(prob.P)}
	s.n = len(s.rows)
	s.p = gather(prob.P, s.rows)
	s.lnp = make([]float64, s.n)
	for a, x := range s.p {
		s.lnp[a] = math.Log(x)
	}
	s.c = make([]float64, s.n*s.n)
	for a, i := range s.rows {
		for b, j := range s.rows {
			s.c[a*s.n+b] = prob.C[i*prob.M+j]
		}
	}
	s.f, s.t, s.z, s.u = make([]float64, s.n), make([]float64, s.n), make([]float64, s.n), ones(s.n)
	s.kt = make([]float64, s.n*s.n)
	return s, nil
}

// Lambda is the entropy weight; Iterations counts averaged updates since the start.
func (s *SelfTransport) Lambda() float64 { return s.lambda }
func (s *SelfTransport) Iterations() int { return s.iters }

// absorb folds u into f0.
func (s *SelfTransport) absorb() {
	for a, x := range s.u {
		s.f[a] += s.lambda * math.Log(x)
		s.u[a] = 1
	}
	s.ktOK, s.zOK = false, false
	s.built = 0
}

// SetLambda changes the entropy weight and keeps the potentials F = f + lambda ln p, which are
// the part that changes slowly with lambda (they tend to Kantorovich potentials as lambda -> 0).
func (s *SelfTransport) SetLambda(lambda float64) error {
	if err := CheckLambda(lambda, s.prob.MaxCost()); err != nil {
		return err
	}
	s.absorb()
	for a := range s.f {
		s.f[a] += (s.lambda - lambda) * s.lnp[a]
	}
	s.lambda = lambda
	return nil
}

func (s *SelfTransport) build() {
	s.buildRows(0, s.n)
	s.ktOK, s.built = true, 0
}

// buildRows fills rows [lo, hi) of the kernel for the current f0 and lambda.
func (s *SelfTransport) buildRows(lo, hi int) {
	lam := s.lambda
	for a := lo; a < hi; a++ {
		ca, ka := s.c[a*s.n:(a+1)*s.n], s.kt[a*s.n:(a+1)*s.n]
		for b, c := range ca {
			ka[b] = math.Exp(s.lnp[b] + (s.f[a]+s.f[b]-c)/lam)
		}
	}
}

// prepare folds u into f0 and builds up to cells entries of the kernel (at least one row); it
// reports whether the kernel is complete, so that the next evaluation costs only a
// matrix-vector product. The sweep spreads the n^2 exponentials over Steps of bounded size.
func (s *SelfTransport) prepare(cells int) bool {
	if s.ktOK {
		return true
	}
	if s.built == 0 {
		s.absorb()
	}
	hi := min(s.n, s.built+max(1, cells/max(s.n, 1)))
	s.buildRows(s.built, hi)
	s.built = hi
	if hi == s.n {
		s.ktOK, s.built = true, 0
	}
	return s.ktOK
}

// eval measures the current iterate: z = kt u, whose row sums p_i u_i z_i are the plan's row
// (and column) sums, or T(f) in the log domain when a row of the kernel has underflowed.
func (s *SelfTransport) eval() {
	if !s.ktOK {
		s.absorb()
		s.build()
	}
	rowmat.MulRows(s.kt, s.n, 0, s.n, s.u, s.z)
	if !allAbove(s.z, sumFloor) {
		s.evalLog()
		return
	}
	e := 0.0
	for a, x := range s.p {
		e += x * math.Abs(s.u[a]*s.z[a]-1)
	}
	s.err, s.zOK, s.logT = 2*e, true, false
}

// evalLog sets t = T(f) for f = f0 + lambda ln u in the log domain (u absorbed first).
func (s *SelfTransport) evalLog() {
	s.absorb()
	lam := s.lambda
	e := 0.0
	for a := 0; a < s.n; a++ {
		ca := s.c[a*s.n : (a+1)*s.n]
		mx := math.Inf(-1)
		for b, c := range ca {
			mx = math.Max(mx, s.lnp[b]+(s.f[b]-c)/lam)
		}
		sum := 0.0
		for b, c := range ca {
			sum += math.Exp(s.lnp[b] + (s.f[b]-c)/lam - mx)
		}
		s.t[a] = -lam * (mx + math.Log(sum))
		e += s.p[a] * math.Abs(math.Expm1((s.f[a]-s.t[a])/lam))
	}
	s.err, s.zOK, s.logT = 2*e, true, true
}

// MarginalError is the L1 marginal error of the current plan (rows and columns together).
func (s *SelfTransport) MarginalError() float64 {
	if !s.zOK {
		s.eval()
	}
	return s.err
}

// Solve iterates until the marginal error falls below tol or maxIter updates have been made in
// this call. It returns the number of updates since the start at which the error was below tol.
func (s *SelfTransport) Solve(tol float64, maxIter int) (iters int, converged bool) {
	for k := 0; ; k++ {
		if s.MarginalError() < tol {
			return s.iters, true
		}
		if k == maxIter {
			return s.iters, false
		}
		s.update()
	}
}

// update is f <- (f + T(f))/2 from the current evaluation.
func (s *SelfTransport) update() {
	if s.logT {
		for a := range s.f {
			s.f[a] = (s.f[a] + s.t[a]) / 2
		}
		s.ktOK = false
	} else {
		// f + lambda ln u -> average with T = f0 - lambda ln z: ln u <- (ln u - ln z)/2.
		for a, x := range s.u {
			s.u[a] = math.Sqrt(x / s.z[a])
			if !inRange(s.u[a]) {
				s.ktOK = false
			}
		}
	}
	s.iters++
	s.zOK = false
}

// rowSum is the plan's row sum at reduced bin a, and F its potential f + lambda ln p.
func (s *SelfTransport) rowSum(a int) float64 {
	if s.logT {
		return s.p[a] * math.Exp((s.f[a]-s.t[a])/s.lambda)
	}
	return s.p[a] * s.u[a] * s.z[a]
}

func (s *SelfTransport) potential(a int) float64 {
	return s.f[a] + s.lambda*(math.Log(s.u[a])+s.lnp[a])
}

// Objective is <C,P> - lambda H(P) of the current plan: sum_ij P_ij (F_i + F_j) with
// F = f + lambda ln p, which is 2 sum_i r_i F_i for the row sums r.
func (s *SelfTransport) Objective() float64 {
	if !s.zOK {
		s.eval()
	}
	t := 0.0
	for a := range s.p {
		t += s.rowSum(a) * s.potential(a)
	}
	return 2 * t
}

// TransportCost is <C,P> of the current plan: sum_ij p_i u_i kt_ij u_j C_ij on the stabilised
// kernel (no exponentials), or from the potentials when the last evaluation was in the log
// domain.
func (s *SelfTransport) TransportCost() float64 {
	if !s.zOK {
		s.eval()
	}
	t := 0.0
	for a := 0; a < s.n; a++ {
		c := s.c[a*s.n : (a+1)*s.n]
		r := 0.0
		if s.logT {
			Fa := s.potential(a)
			for b, cab := range c {
				r += math.Exp((Fa+s.potential(b)-cab)/s.lambda) * cab
			}
			t += r
			continue
		}
		for b, k := range s.kt[a*s.n : (a+1)*s.n] {
			r += k * s.u[b] * c[b]
		}
		t += s.p[a] * s.u[a] * r
	}
	return t
}

// Potentials is F = f + lambda ln p on all bins (NaN on bins of zero weight): the plan is
// exp((F_i + F_j - C_ij)/lambda).
func (s *SelfTransport) Potentials() []float64 {
	F := make([]float64, s.prob.N)
	for i := range F {
		F[i] = math.NaN()
	}
	for a, i := range s.rows {
		F[i] = s.potential(a)
	}
	return F
}

// LogPlan is ln P_ij of the current plan as a function of full-length indices (-Inf on bins of
// zero weight), from the potentials, so entries far below the smallest float64 keep their
// logarithm (spec §2.12.7).
func (s *SelfTransport) LogPlan() func(i, j int) float64 {
	F, n, lam := s.Potentials(), s.prob.N, s.lambda
	return func(i, j int) float64 {
		if math.IsNaN(F[i]) || math.IsNaN(F[j]) {
			return math.Inf(-1)
		}
		return (F[i] + F[j] - s.prob.C[i*n+j]) / lam
	}
}

// equalFloats reports whether a and b hold the same numbers.
func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

package dln

import (
	"errors"
	"fmt"
	"math"

	"solvable/core/ode"
)

// Error control of the flow integrator: the tolerances of the SciPy reference run in the issue
// (solve_ivp(method="BDF", rtol=1e-8, atol=1e-12) on the same reduced flow), applied to s.
const (
	flowRTol = 1e-8
	flowATol = 1e-12
)

// reducedFlow is the exact gradient flow of the diagonal network in the n-dim coordinates of
// spec §1.2: s(t) = int_0^t (y - X beta) dt, beta = beta(v), v = zScale X^T s, with
//
//	depth 2:  beta = 2 alpha^2 sinh(v),                                  zScale = 4/n,
//	depth D:  beta = alpha^D [(1 - v)^(-p) - (1 + v)^(-p)], p = D/(D-2), zScale = D(D-2) alpha^(D-2)/n,
//
// the depth-D form following from d(w_±^(2-D))/dt = ±D(D-2) g (valid for |v| < 1). The system
// ds/dt = y - X beta(s) is integrated by core/ode's stiff NDF solver with the analytic
// Jacobian -zScale X diag(beta'(v)) X^T.
type reducedFlow struct {
	p      *Problem
	alpha  float64
	depth  int
	lnA    float64 // depth 2: ln(alpha^2); depth D: ln(alpha^D)
	pw     float64 // depth D: p = D/(D-2)
	zScale float64
	it     *ode.Integrator

	// Scratch of f and the Jacobian (they are called at Newton iterates, not only at t).
	fz, fb, fr []float64 // d, d, n
	jw, jg     []float64 // d weights, n*d scaled copy of X (native Jacobian only)

	// beta, residual and loss at the accepted point, filled lazily.
	bz, beta, br []float64
	cachedStep   int // ode step count the cache belongs to; -1 = empty
	cachedLoss   float64
	cachedRes    float64

	// max|X beta - y| at the last evaluation of f and the point lastS where it was taken;
	// after a Step, estRes is that residual at the final Newton iterate of the step, estGap
	// the max-norm distance from there to the accepted point and estStep the step count. The
	// residual at the accepted point differs from estRes by at most about jNorm estGap, jNorm
	// being the max-norm of the last Jacobian.
	lastRes, estRes, estGap, jNorm float64
	lastS                          []float64
	estStep                        int

	err error
}

// NewFlow returns the reduced gradient flow (spec §1.2) of the depth-D diagonal network
// beta = w_+^D - w_-^D started at w_± = alpha, on p. Each Step is one accepted step of an
// adaptive implicit (NDF) integrator, so a step may span a long plateau of the small-alpha
// flow. Depth 2 works for any alpha > 0 with no overflow (beta is formed from ln(alpha^2) + |v|);
// depth D >= 3 keeps |v| < 1 by rejecting steps that leave that region.
func NewFlow(p *Problem, alpha float64, depth int) (Stepper, error) {
	switch {
	case p == nil:
		return nil, errors.New("no problem given")
	case !(alpha > 0) || math.IsInf(alpha, 0):
		return nil, fmt.Errorf("alpha (the initialisation scale) must be a positive number; got %g", alpha)
	case depth < 2:
		return nil, fmt.Errorf("depth must be 2 or more; got %d", depth)
	}
	n, d := p.N, p.D
	fl := &reducedFlow{p: p, alpha: alpha, depth: depth, cachedStep: -1}
	if depth == 2 {
		fl.lnA = 2 * math.Log(alpha)
		fl.zScale = 4 / float64(n)
	} else {
		D := float64(depth)
		fl.lnA = D * math.Log(alpha)
		fl.pw = D / (D - 2)
		fl.zScale = D * (D - 2) * math.Exp((D-2)*math.Log(alpha)) / float64(n)
		if !(fl.zScale > 0) || math.IsInf(fl.zScale, 0) || fl.lnA > 700 {
			return nil, fmt.Errorf("alpha = %g is out of range at depth %d: alpha^(D-2) or alpha^D leaves the floating-point range; use an alpha closer to 1", alpha, depth)
		}
	}
	fl.fz, fl.fb, fl.fr, fl.lastS = make([]float64, d), make([]float64, d), make([]float64, n), make([]float64, n)
	fl.jw = make([]float64, d)
	fl.bz, fl.beta, fl.br = make([]float64, d), make([]float64, d), make([]float64, n)
	it, err := ode.New(fl.rhs, fl.jacobian, 0, make([]float64, n), ode.Options{RTol: flowRTol, ATol: flowATol})
	if err != nil {
		return nil, fmt.Errorf("the flow integrator could not start: %w", err)
	}
	fl.it = it
	return fl, nil
}

// betaOf writes beta(v) for v = zScale z into beta and reports false when some v leaves the
// domain (|v| >= 1 at depth D >= 3) or beta would overflow.
func (fl *reducedFlow) betaOf(z, beta []float64) bool {
	beta = beta[:len(z)]
	zs, lnA := fl.zScale, fl.lnA
	if fl.depth == 2 {
		a2 := math.Exp(lnA) // alpha^2; 0 when it underflows, and then so does every alpha^4 below
		a4 := a2 * a2
		for i, zi := range z {
			v := zs * zi
			av := math.Abs(v)
			if av < 0x1p-10 {
				// Taylor: 2 alpha^2 (v + v^3/6), relative error below v^4/120 < 1e-14.
				beta[i] = 2 * a2 * (v + v*v*v/6)
				continue
			}
			// 2 alpha^2 sinh v = sign(v) (E - alpha^4/E) with E = exp(ln alpha^2 + |v|): one
			// exponential, no overflow for tiny alpha, and a relative rounding error of about
			// 2 eps/|v| < 1e-12 from the difference. (No branch on |v| < 1 for math.Sinh: in
			// the mix of coordinates of a real problem it would be mispredicted half the time.)
			e := lnA + av
			if e > 709 {
				return false
			}
			E := math.Exp(e)
			beta[i] = math.Copysign(E-a4/E, v)
		}
		return true
	}
	// alpha^D [(1-v)^-p - (1+v)^-p] = alpha^D (1+v)^-p expm1(2p artanh v), for |v| < 1.
	for i, zi := range z {
		v := fl.zScale * zi
		av := math.Abs(v)
		if !(av < 1) {
			return false
		}
		e := fl.lnA - fl.pw*math.Log1p(av)
		b := math.Exp(e) * math.Expm1(2*fl.pw*math.Atanh(av))
		if math.IsInf(b, 0) {
			return false
		}
		if v < 0 {
			b = -b
		}
		beta[i] = b
	}
	return true
}

// rhs is ds/dt = y - X beta(s).
func (fl *reducedFlow) rhs(_ float64, s, dsdt []float64) bool {
	p := fl.p
	p.MulXT(fl.fz, s)
	if !fl.betaOf(fl.fz, fl.fb) {
		return false
	}
	p.MulX(fl.fr, fl.fb)
	m := 0.0
	for k, yk := range p.Y {
		dsdt[k] = yk - fl.fr[k]
		m = math.Max(m, math.Abs(dsdt[k]))
	}
	fl.lastRes = m
	copy(fl.lastS, s)
	return true
}

// jacobian is J = -X diag(zScale beta'(v)) X^T: symmetric negative (semi)definite, formed in
// one pass over X (n^2 d multiply-adds).
func (fl *reducedFlow) jacobian(_ float64, s, jac []float64) {
	p := fl.p
	p.MulXT(fl.fz, s)
	w := fl.jw
	for i, zi := range fl.fz {
		v := fl.zScale * zi
		av := math.Abs(v)
		var db float64
		if fl.depth == 2 {
			// d/dv 2 alpha^2 sinh v = exp(ln alpha^2 + |v|) (1 + exp(-2|v|)).
			db = math.Exp(fl.lnA+av) * (1 + math.Exp(-2*av))
		} else {
			// d/dv alpha^D [(1-v)^-p - (1+v)^-p] = alpha^D p [(1-v)^(-p-1) + (1+v)^(-p-1)].
			db = fl.pw * (math.Exp(fl.lnA-(fl.pw+1)*math.Log1p(-av)) + math.Exp(fl.lnA-(fl.pw+1)*math.Log1p(av)))
		}
		w[i] = fl.zScale * db
	}
	if fl.jg == nil && flowGramScratch {
		fl.jg = make([]float64, p.N*p.D)
	}
	flowGram(p.X, p.N, p.D, w, fl.jg, jac)
	n := p.N
	fl.jNorm = 0
	for k := 0; k < n; k++ {
		row, sum := jac[k*n:(k+1)*n], 0.0
		for i, v := range row {
			row[i] = -v
			sum += math.Abs(v)
		}
		fl.jNorm = math.Max(fl.jNorm, sum)
	}
}

// refresh fills the cache of beta, residual and loss at the accepted point.
func (fl *reducedFlow) refresh() {
	st := fl.it.Stats().Steps
	if fl.cachedStep == st {
		return
	}
	p := fl.p
	p.MulXT(fl.bz, fl.it.Y())
	if !fl.betaOf(fl.bz, fl.fb) { // into f's scratch, so that beta keeps its last good value
		// f was never evaluated outside |v| < 1, but the last Newton correction of a step is
		// not evaluated: right at the edge, closer than double precision resolves (depth
		// D >= 3 with alpha below the oracle's MinAlphaDepth), it can cross it.
		fl.err = fmt.Errorf("at depth %d and alpha = %g the flow comes closer to the edge of its domain (|u| = 1, spec §1.3) than double precision resolves; use a larger alpha", fl.depth, fl.alpha)
		fl.cachedStep = st
		return
	}
	copy(fl.beta, fl.fb)
	p.MulX(fl.br, fl.beta)
	res, sum := 0.0, 0.0
	for k, yk := range p.Y {
		r := fl.br[k] - yk
		res = math.Max(res, math.Abs(r))
		sum += r * r
	}
	fl.cachedRes, fl.cachedLoss = res, sum/float64(2*p.N)
	fl.cachedStep = st
}

// Step makes one accepted integrator step.
func (fl *reducedFlow) Step() {
	if fl.err != nil {
		return
	}
	if err := fl.it.Step(); err != nil {
		if errors.Is(err, ode.ErrTimeOverflow) {
			// At rest for so long that t overflows: either converged long ago, or stuck at
			// the residual that double precision allows (depth D >= 3 near the edge |u| = 1).
			fl.refresh()
			fl.err = fmt.Errorf("the flow has come to rest at max|X beta - y| = %.2g (alpha = %g, depth %d) and its time has reached the largest double-precision number; double precision resolves it no further", fl.cachedRes, fl.alpha, fl.depth)
		} else {
			fl.err = fmt.Errorf("the flow integration stopped at t = %.6g: the adaptive step fell below what double precision resolves (alpha = %g, depth %d); try a larger alpha or depth 2", fl.it.T(), fl.alpha, fl.depth)
		}
		return
	}
	gap := 0.0
	for k, v := range fl.it.Y() {
		gap = math.Max(gap, math.Abs(v-fl.lastS[k]))
	}
	fl.estRes, fl.estGap, fl.estStep = fl.lastRes, gap, fl.it.Stats().Steps
}

// Time is the flow time t.
func (fl *reducedFlow) Time() float64 { return fl.it.T() }

// Beta writes beta(s(t)) into dst.
func (fl *reducedFlow) Beta(dst []float64) []float64 {
	fl.refresh()
	dst = grow(dst, fl.p.D)
	copy(dst, fl.beta)
	return dst
}

// AlphaEff is alpha in every coordinate: the exact flow conserves w_+ w_- (spec §1.2, §1.7).
func (fl *reducedFlow) AlphaEff(dst []float64) []float64 {
	dst = grow(dst, fl.p.D)
	for i := range dst {
		dst[i] = fl.alpha
	}
	return dst
}

// Loss is ||X beta - y||^2 / (2n) at t.
func (fl *reducedFlow) Loss() float64 {
	fl.refresh()
	return fl.cachedLoss
}

// Converged reports max|X beta - y| < tol at the current accepted point. In the reduced
// coordinates ds/dt = y - X beta, so this is also max|ds/dt| < tol: the flow is at rest
// exactly when the residual vanishes, and on a plateau of the small-alpha flow the residual
// stays of the order of |y| (spec §1.8.2), so a plateau never passes.
//
// The residual is computed exactly (two products with X) unless the residual f already
// evaluated at the last Newton iterate of the step exceeds tol by more than ten times the
// most it can change on the way to the accepted point (the Jacobian's max-norm times the
// distance): a cheap screen that can only postpone the answer by a step, never fake it.
func (fl *reducedFlow) Converged(tol float64) bool {
	if fl.err != nil {
		return false
	}
	if fl.estStep == fl.it.Stats().Steps && fl.estStep > 0 && fl.estRes-10*fl.jNorm*fl.estGap > tol {
		return false
	}
	fl.refresh()
	return fl.cachedRes < tol
}

// Err is nil unless the integrator failed.
func (fl *reducedFlow) Err() error { return fl.err }

// Stats exposes the integrator's work counters (for the benchmark and the simulator's
// diagnostics).
func (fl *reducedFlow) Stats() ode.Stats { return fl.it.Stats() }

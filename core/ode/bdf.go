package ode

import (
	"errors"
	"fmt"
	"math"
)

// Func evaluates the right-hand side: it writes f(t, y) into dydt and reports whether y lies
// in the domain where f is defined. When it returns false the integrator discards the step
// and tries a shorter one, so a Func can keep the solution inside a region such as |u| < 1.
// It must not keep y or dydt.
type Func func(t float64, y, dydt []float64) bool

// JacFunc writes the Jacobian df/dy at (t, y) into jac, row-major n x n: jac[i*n+j] is
// df_i/dy_j. It is only called at points where the Func returned true.
type JacFunc func(t float64, y, jac []float64)

// Options are the integrator's settings. Zero values select the defaults.
type Options struct {
	// RTol and ATol set the error control: each step's local error estimate e must satisfy
	// sqrt(mean_i (e_i / (ATol_i + RTol |y_i|))^2) <= 1, as in SciPy's solve_ivp. The
	// defaults are SciPy's, RTol = 1e-3 and ATol = 1e-6; RTol is raised to 100 machine
	// epsilons when smaller.
	RTol, ATol float64
	// ATolVec, when not nil, gives a per-component absolute tolerance (length n) in place
	// of ATol.
	ATolVec []float64
	// InitialStep is the first step size; 0 chooses it from f and the tolerances.
	InitialStep float64
	// MaxStep bounds the step size; 0 means no bound.
	MaxStep float64
	// MaxOrder is the highest order used, 1 to 5; 0 means 5.
	MaxOrder int
}

// Stats counts the integrator's work since it was created.
type Stats struct {
	Steps          int // accepted steps
	Rejected       int // steps rejected by the error test
	NewtonFailures int // step attempts whose Newton iteration failed (or left f's domain)
	FEvals         int // evaluations of f
	JacEvals       int // evaluations of the Jacobian
	LUs            int // LU factorisations of I - c J
}

// Integrator solves dy/dt = f(t, y) forward in time, one accepted step at a time, with the
// variable-order (1 to 5), variable-step numerical differentiation formulas (NDF) of
// Shampine and Reichelt, see the package documentation.
type Integrator struct {
	f        Func
	jac      JacFunc
	n        int
	rtol     float64
	atol     []float64
	maxStep  float64
	maxOrder int

	t, h   float64
	tStop  float64 // Step never passes it (+Inf: no stop)
	order  int
	dif    [][]float64 // dif[j]: j-th backward difference of the solution at t on the grid of step h
	nEqual int         // steps taken since the last change of h or order

	jacM      []float64
	jacAge    int // accepted steps since jacM was evaluated
	haveJac   bool
	lu        lu
	cLU       float64 // the c of the factorised I - c J; 0 = nothing factorised
	rate      float64 // Newton contraction rate estimate (1 = unknown), CVODE's crate
	rateAge   int     // accepted steps since rate was last measured
	newtonTol float64 // floor of the Newton tolerance (rounding); see newtonCoef

	yPred, psi, d, y, fy, dy, scale, tmp []float64
	change                               []float64 // (maxOrder+1)^2 step-change matrix
	scratch                              []float64 // copy of the differences during a step change
	stats                                Stats
	err                                  error
}

// Errors that stop an integration; Step wraps them with the details.
var (
	// ErrStepSize: the step size had to fall below what float64 resolves at t.
	ErrStepSize = errors.New("ode: the step size fell below what float64 resolves")
	// ErrTimeOverflow: the next step would take t past the largest float64.
	ErrTimeOverflow = errors.New("ode: the time would pass the largest float64")
)

// Constants of the step and order control (the choices of Shampine and Reichelt's ode15s and
// of SciPy's BDF, on which these are modelled).
const (
	maxNewtonIter = 4   // Newton iterations per step attempt
	minFactor     = 0.2 // smallest step-size ratio after a rejected step
	maxFactor     = 10  // largest step-size ratio
	refactorRatio = 0.3 // refactorise I - c J when c has moved by more than this fraction
	growThreshold = 1.2 // do not lengthen the step by less than this factor
	rateMaxAge    = 10  // trust a remembered Newton rate for this many steps
	// Newton stops when its estimated remaining error, as it enters the local error estimate
	// errConst_k d, is below this fraction of the error tolerance: the tolerance on d is
	// 0.01/errConst_k, 0.03 to 0.1 by order. CVODE's fraction is 0.1; here 0.03 and 0.1 let
	// unconverged corrections into the differences and doubled the rejected steps on the
	// Van der Pol and DLN problems, while 0.01 needs about 10% fewer evaluations of f than
	// SciPy's fixed 0.03 on d with the same accuracy.
	newtonCoef = 0.01
)

// NDF coefficients: kappa[k] for order k from Shampine and Reichelt (1997), Table 1
// (kappa = 0 at order 5 where the NDF would lose too much stability).
var ndfKappa = [7]float64{0, -0.1850, -1.0 / 9, -0.0823, -0.0415, 0, 0}

var (
	ndfGamma    [7]float64 // gamma[k] = sum_{i=1..k} 1/i
	ndfAlpha    [7]float64 // (1 - kappa[k]) gamma[k]
	ndfErrConst [7]float64 // kappa[k] gamma[k] + 1/(k+1): local error = errConst[k] * d
)

func init() {
	for k := 1; k < len(ndfGamma); k++ {
		ndfGamma[k] = ndfGamma[k-1] + 1/float64(k)
	}
	for k := range ndfAlpha {
		ndfAlpha[k] = (1 - ndfKappa[k]) * ndfGamma[k]
		ndfErrConst[k] = ndfKappa[k]*ndfGamma[k] + 1/float64(k+1)
	}
}

// New starts an integration of dy/dt = f(t, y) at (t0, y0) with the analytic Jacobian jac.
// It evaluates f at the initial point (and once more to choose the first step) and fails if
// y0 lies outside f's domain or the settings are invalid.
func New(f Func, jac JacFunc, t0 float64, y0 []float64, o Options) (*Integrator, error) {
	n := len(y0)
	switch {
	case n == 0:
		return nil, errors.New("ode: the state vector is empty")
	case f == nil || jac == nil:
		return nil, errors.New("ode: both f and its Jacobian are needed")
	case math.IsNaN(t0) || math.IsInf(t0, 0):
		return nil, fmt.Errorf("ode: the initial time %g is not finite", t0)
	case o.RTol < 0 || o.ATol < 0 || math.IsNaN(o.RTol) || math.IsNaN(o.ATol):
		return nil, errors.New("ode: tolerances must be >= 0")
	case o.MaxOrder < 0 || o.MaxOrder > 5:
		return nil, fmt.Errorf("ode: MaxOrder must be from 1 to 5 (0 for 5); got %d", o.MaxOrder)
	case o.ATolVec != nil && len(o.ATolVec) != n:
		return nil, fmt.Errorf("ode: ATolVec has %d entries for %d equations", len(o.ATolVec), n)
	case o.MaxStep < 0 || o.InitialStep < 0:
		return nil, errors.New("ode: MaxStep and InitialStep must be >= 0")
	}
	for _, v := range y0 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, errors.New("ode: the initial state is not finite")
		}
	}
	it := &Integrator{f: f, jac: jac, n: n, t: t0, tStop: math.Inf(1), maxStep: math.Inf(1), maxOrder: 5, order: 1, rate: 1}
	it.rtol = o.RTol
	if it.rtol == 0 {
		it.rtol = 1e-3
	}
	it.rtol = math.Max(it.rtol, 100*eps)
	it.atol = make([]float64, n)
	for i := range it.atol {
		switch {
		case o.ATolVec != nil:
			it.atol[i] = o.ATolVec[i]
		case o.ATol > 0:
			it.atol[i] = o.ATol
		default:
			it.atol[i] = 1e-6
		}
		if !(it.atol[i] >= 0) || math.IsInf(it.atol[i], 0) {
			return nil, errors.New("ode: absolute tolerances must be finite and >= 0")
		}
	}
	if o.MaxStep > 0 {
		it.maxStep = o.MaxStep
	}
	if o.MaxOrder > 0 {
		it.maxOrder = o.MaxOrder
	}
	// The Newton tolerance is never below 10 rounding errors.
	it.newtonTol = 10 * eps / it.rtol
	vec := func() []float64 { return make([]float64, n) }
	it.dif = make([][]float64, it.maxOrder+3)
	for i := range it.dif {
		it.dif[i] = vec()
	}
	it.yPred, it.psi, it.d, it.y, it.fy, it.dy, it.scale, it.tmp = vec(), vec(), vec(), vec(), vec(), vec(), vec(), vec()
	it.jacM = make([]float64, n*n)
	it.lu = newLU(n)
	it.change = make([]float64, (it.maxOrder+1)*(it.maxOrder+1))

	copy(it.dif[0], y0)
	f0 := vec()
	if !it.eval(t0, y0, f0) {
		return nil, errors.New("ode: f is not defined at the initial state")
	}
	h := o.InitialStep
	if h == 0 {
		h = it.initialStep(f0)
	}
	h = math.Min(h, it.maxStep)
	it.h = h
	for i, v := range f0 {
		it.dif[1][i] = h * v
	}
	return it, nil
}

const eps = 0x1p-52

// eval calls f, counts it, and treats a non-finite result as outside the domain.
func (it *Integrator) eval(t float64, y, dydt []float64) bool {
	it.stats.FEvals++
	if !it.f(t, y, dydt) {
		return false
	}
	for _, v := range dydt {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// initialStep is the starting step of Hairer, Nørsett and Wanner (Solving ODEs I, 2nd ed.,
// Sect. II.4) for a method of order 1: h0 from |y0|/|f0|, then a second evaluation of f to
// measure |f'|.
func (it *Integrator) initialStep(f0 []float64) float64 {
	y0 := it.dif[0]
	for i, v := range y0 {
		it.scale[i] = it.atol[i] + it.rtol*math.Abs(v)
	}
	d0, d1 := it.norm(y0), it.norm(f0)
	h0 := 1e-6
	if d0 >= 1e-5 && d1 >= 1e-5 {
		h0 = 0.01 * d0 / d1
	}
	h0 = math.Min(h0, it.maxStep)
	y1, f1 := it.tmp, it.fy
	for i := range y1 {
		y1[i] = y0[i] + h0*f0[i]
	}
	if !it.eval(it.t+h0, y1, f1) {
		return h0 / 100
	}
	for i := range f1 {
		it.dy[i] = f1[i] - f0[i]
	}
	d2 := it.norm(it.dy) / h0
	var h1 float64
	if m := math.Max(d1, d2); m <= 1e-15 {
		h1 = math.Max(1e-6, h0*1e-3)
	} else {
		h1 = math.Sqrt(0.01 / m) // (0.01 / m)^(1/(order+1)), order 1
	}
	return math.Min(100*h0, h1)
}

// norm is the weighted RMS norm sqrt(mean (x_i / scale_i)^2).
func (it *Integrator) norm(x []float64) float64 {
	s := 0.0
	sc := it.scale[:len(x)]
	for i, v := range x {
		q := v / sc[i]
		s += q * q
	}
	return math.Sqrt(s / float64(len(x)))
}

// T is the time of the last accepted step (t0 before the first).
func (it *Integrator) T() float64 { return it.t }

// Y is the solution at T. It is the integrator's own storage: read it, do not modify or keep it
// across Step.
func (it *Integrator) Y() []float64 { return it.dif[0] }

// H is the step size the next Step will try first.
func (it *Integrator) H() float64 { return it.h }

// Order is the order of the formula the next Step will use.
func (it *Integrator) Order() int { return it.order }

// Stats returns the work counters.
func (it *Integrator) Stats() Stats { return it.stats }

// Err is the error that stopped the integration, or nil.
func (it *Integrator) Err() error { return it.err }

// SetTStop makes Step land exactly on tStop instead of passing it, and do nothing once
// T() == tStop; +Inf (the initial setting) removes the stop.
func (it *Integrator) SetTStop(tStop float64) { it.tStop = tStop }

// Interpolate writes into dst (allocated when too short) the value at time t of the
// interpolating polynomial of the current formula, which passes through the last order+1
// accepted solution values. It is accurate to about the error tolerance for t within the
// last few steps; outside them it extrapolates.
func (it *Integrator) Interpolate(t float64, dst []float64) []float64 {
	if cap(dst) < it.n {
		dst = make([]float64, it.n)
	}
	dst = dst[:it.n]
	copy(dst, it.dif[0])
	x := (t - it.t) / it.h
	c := 1.0
	for j := 1; j <= it.order; j++ {
		c *= (x + float64(j-1)) / float64(j)
		for i, v := range it.dif[j] {
			dst[i] += c * v
		}
	}
	return dst
}

// Step advances the solution by one accepted step. It returns a non-nil error (also kept in
// Err) wrapping ErrStepSize when the step size has to fall below what float64 resolves at t,
// or ErrTimeOverflow when t would overflow; after an error Step does nothing.
func (it *Integrator) Step() error {
	if it.err != nil {
		return it.err
	}
	for {
		hMin := 10 * (math.Nextafter(it.t, math.Inf(1)) - it.t)
		if !(it.h >= hMin) {
			it.err = fmt.Errorf("%w: it fell to %.3g at t = %.17g (the solution may blow up or leave the domain of f)", ErrStepSize, it.h, it.t)
			return it.err
		}
		if it.h > it.maxStep {
			it.changeStep(it.maxStep / it.h)
		}
		tNew := it.t + it.h
		if math.IsInf(tNew, 1) {
			it.err = fmt.Errorf("%w (t = %g, step %g)", ErrTimeOverflow, it.t, it.h)
			return it.err
		}
		if tNew >= it.tStop {
			if it.t >= it.tStop {
				return nil
			}
			if tNew > it.tStop {
				it.changeStep((it.tStop - it.t) / it.h)
			}
			tNew = it.tStop
		}
		k := it.order
		c := it.h / ndfAlpha[k]

		// Predictor and the constant part psi of the corrector equation
		//   d = c f(yPred + d) - psi.
		copy(it.yPred, it.dif[0])
		for i := range it.psi {
			it.psi[i] = 0
		}
		for j := 1; j <= k; j++ {
			dj := it.dif[j]
			g := ndfGamma[j] / ndfAlpha[k]
			for i, v := range dj {
				it.yPred[i] += v
				it.psi[i] += g * v
			}
		}
		for i, v := range it.yPred {
			it.scale[i] = it.atol[i] + it.rtol*math.Abs(v)
		}

		if it.cLU == 0 || math.Abs(c/it.cLU-1) > refactorRatio {
			if !it.haveJac {
				it.evalJac()
			}
			if !it.factor(c) {
				it.shrink(0.5)
				continue
			}
		}

		converged, iters := it.newton(tNew, c)
		if !converged {
			// Remedies in order of cost: factorise I - c J for the c of this step, then a
			// fresh Jacobian, then half the step.
			it.stats.NewtonFailures++
			switch {
			case it.cLU != c:
				if !it.factor(c) {
					it.shrink(0.5)
				}
			case it.jacAge > 0: // the Jacobian is older than the last accepted point
				it.evalJac()
				if !it.factor(c) {
					it.shrink(0.5)
				}
			default:
				it.shrink(0.5)
			}
			continue
		}

		// Error test, with SciPy's safety factor that allows for slow Newton convergence.
		safety := 0.9 * float64(2*maxNewtonIter+1) / float64(2*maxNewtonIter+iters)
		for i := range it.scale {
			it.scale[i] = it.atol[i] + it.rtol*math.Max(math.Abs(it.dif[0][i]), math.Abs(it.y[i]))
		}
		for i, v := range it.d {
			it.tmp[i] = ndfErrConst[k] * v
		}
		errNorm := it.norm(it.tmp)
		if errNorm > 1 {
			it.stats.Rejected++
			it.shrink(math.Max(minFactor, safety*math.Pow(errNorm, -1/float64(k+1))))
			continue
		}

		// Accept: update the differences to the new point.
		it.stats.Steps++
		it.rateAge++
		it.jacAge++
		it.t = tNew
		dk1, dk2 := it.dif[k+1], it.dif[k+2]
		for i, v := range it.d {
			dk2[i] = v - dk1[i]
			dk1[i] = v
		}
		for j := k; j >= 0; j-- {
			dj, dn := it.dif[j], it.dif[j+1]
			for i := range dj {
				dj[i] += dn[i]
			}
		}
		it.nEqual++
		if it.nEqual < k+1 {
			return nil
		}

		// Order and step-size selection: the estimated errors of orders k-1, k, k+1, each
		// turned into the step ratio that would make it 1; take the largest.
		for i, v := range it.dif[0] {
			it.scale[i] = it.atol[i] + it.rtol*math.Abs(v)
		}
		errM, errP := math.Inf(1), math.Inf(1)
		if k > 1 {
			for i, v := range it.dif[k] {
				it.tmp[i] = ndfErrConst[k-1] * v
			}
			errM = it.norm(it.tmp)
		}
		if k < it.maxOrder {
			for i, v := range it.dif[k+2] {
				it.tmp[i] = ndfErrConst[k+1] * v
			}
			errP = it.norm(it.tmp)
		}
		best, delta := ratio(errNorm, k), 0
		if r := ratio(errM, k-1); r > best {
			best, delta = r, -1
		}
		if r := ratio(errP, k+1); r > best {
			best, delta = r, 1
		}
		factor := math.Min(maxFactor, safety*best)
		if delta == 0 && factor >= 1 && factor < growThreshold {
			return nil // not worth a new factorisation; look again after the next step
		}
		it.order += delta
		it.changeStep(factor)
		return nil
	}
}

// ratio is err^(-1/(q+1)), the step ratio that would bring an order-q error estimate to 1.
func ratio(err float64, q int) float64 {
	if q < 1 || math.IsInf(err, 1) {
		return 0
	}
	if err == 0 {
		return math.Inf(1)
	}
	return math.Pow(err, -1/float64(q+1))
}

// shrink multiplies the step size by factor < 1 after a failed attempt.
func (it *Integrator) shrink(factor float64) {
	it.changeStep(factor)
}

// evalJac evaluates the Jacobian at the current accepted point.
func (it *Integrator) evalJac() {
	it.jac(it.t, it.dif[0], it.jacM)
	it.stats.JacEvals++
	it.jacAge, it.haveJac = 0, true
	it.cLU = 0
	it.rate = 1
}

// factor forms and factorises I - c J.
func (it *Integrator) factor(c float64) bool {
	n := it.n
	a := it.lu.a
	for i, v := range it.jacM {
		a[i] = -c * v
	}
	for i := 0; i < n; i++ {
		a[i*n+i]++
	}
	it.stats.LUs++
	if !it.lu.factor() {
		it.cLU = 0
		return false
	}
	it.cLU = c
	return true
}

// newton solves d = c f(yPred + d) - psi by the modified Newton iteration with the factorised
// I - cLU J (scaled by 2/(1 + c/cLU) when c != cLU, as in CVODE). It leaves the corrected
// solution in it.y and reports convergence and the number of iterations.
func (it *Integrator) newton(t, c float64) (bool, int) {
	tol := math.Max(it.newtonTol, newtonCoef/ndfErrConst[it.order])
	copy(it.y, it.yPred)
	for i := range it.d {
		it.d[i] = 0
	}
	gammaFix := 1.0
	if c != it.cLU {
		gammaFix = 2 / (1 + c/it.cLU)
	}
	var prev float64
	// The iteration has converged when its estimated remaining error rate/(1-rate) |dy| is
	// below tol (Shampine's test, as in SciPy). The contraction rate remembered from earlier
	// steps (CVODE's crate) lets a first correction that is already tiny end the iteration;
	// without it at least two evaluations of f are needed to see convergence.
	crate := 1.0
	if it.rateAge <= rateMaxAge {
		crate = it.rate
	}
	// met: the current iterate has passed that test. The iteration then goes on (up to
	// maxNewtonIter) only to make the error small next to the step's own correction d as
	// well: near a steady state d is far below the tolerance, and a Newton error of the size
	// of the tolerance would be all the step does (the residual f would stall at about
	// |J| tol RTol |y|). If that cannot be had (the iteration stops contracting at rounding
	// level, or runs out of iterations), the iterate that met the tolerance is kept; an
	// iterate that f refuses is never kept.
	met := false
	for k := 0; k < maxNewtonIter; k++ {
		if !it.eval(t, it.y, it.fy) {
			return false, k + 1
		}
		for i := range it.dy {
			it.dy[i] = c*it.fy[i] - it.psi[i] - it.d[i]
		}
		it.lu.solve(it.dy, it.tmp)
		if gammaFix != 1 {
			for i := range it.dy {
				it.dy[i] *= gammaFix
			}
		}
		dyNorm := it.norm(it.dy)
		if math.IsNaN(dyNorm) || math.IsInf(dyNorm, 0) {
			return false, k + 1
		}
		rate := crate
		if k > 0 {
			rate = dyNorm / prev
			it.rate = math.Max(0.3*it.rate, rate)
			it.rateAge = 0
			if rate >= 1 || math.Pow(rate, float64(maxNewtonIter-k))/(1-rate)*dyNorm > tol {
				// Not contracting (fast enough). The current iterate stands if it met the
				// test, or if this correction is itself below the tolerance: a correction
				// that small which does not contract is rounding noise (a steady state
				// resolved to the last bits), and stepping on would only shrink h.
				return met || dyNorm < tol, k + 1
			}
		}
		for i, v := range it.dy {
			it.y[i] += v
			it.d[i] += v
		}
		if dyNorm == 0 {
			return true, k + 1
		}
		if rate < 1 {
			e := rate / (1 - rate) * dyNorm
			met = e < tol
			if met && e < tol*it.norm(it.d) {
				return true, k + 1
			}
		}
		prev = dyNorm
	}
	return met, maxNewtonIter
}

// changeStep rescales the step size by factor, rewriting the backward differences of orders
// 1..order so that they belong to the same interpolating polynomial on the new grid:
// D'_j = sum_i T_ji D_i with T = Delta B(factor), B_mi = prod_{l<i} (l - m factor)/(l+1)
// the Newton-form coefficients of the polynomial at t - m factor h and Delta_jm =
// (-1)^m binom(j, m) the differencing.
func (it *Integrator) changeStep(factor float64) {
	it.h *= factor
	it.nEqual = 0
	k := it.order
	if factor == 1 {
		return
	}
	m1 := it.maxOrder + 1
	T := it.change
	var B [8][8]float64
	for m := 0; m <= k; m++ {
		p := 1.0
		B[m][0] = 1
		for i := 1; i <= k; i++ {
			p *= (float64(i-1) - float64(m)*factor) / float64(i)
			B[m][i] = p
		}
	}
	for j := 1; j <= k; j++ {
		for i := 1; i <= k; i++ {
			s, binom := 0.0, 1.0
			for m := 0; m <= j; m++ {
				if m > 0 {
					binom = binom * float64(j-m+1) / float64(m)
				}
				sign := 1.0
				if m%2 == 1 {
					sign = -1
				}
				s += sign * binom * B[m][i]
			}
			T[j*m1+i] = s
		}
	}
	// Apply row by row from a copy of the old differences (k <= 5 vectors).
	n := it.n
	old := it.oldDif(k)
	for j := 1; j <= k; j++ {
		dj := it.dif[j]
		for i := 0; i < n; i++ {
			dj[i] = 0
		}
		for i := 1; i <= k; i++ {
			t := T[j*m1+i]
			if t == 0 {
				continue
			}
			oi := old[(i-1)*n : i*n]
			for q, v := range oi {
				dj[q] += t * v
			}
		}
	}
}

// oldDif copies dif[1..k] into a scratch block and returns it.
func (it *Integrator) oldDif(k int) []float64 {
	need := k * it.n
	if cap(it.scratch) < need {
		it.scratch = make([]float64, (it.maxOrder+1)*it.n)
	}
	s := it.scratch[:need]
	for i := 1; i <= k; i++ {
		copy(s[(i-1)*it.n:i*it.n], it.dif[i])
	}
	return s
}

package dln

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// GDOptions chooses the discrete algorithm of NewGD.
type GDOptions struct {
	Eta   float64 // step size, > 0
	Batch int     // rows per update: 0 = all rows (GD); 1..n = SGD without replacement within an epoch
	Gamma float64 // gradient-regularisation strength (spec §1.7a), >= 0; 0 = plain (S)GD
	Seed  uint64  // SGD shuffling (PCG)
}

// gdStepper runs GD, SGD and GR on w = (w_+, w_-) with beta = w_+^D - w_-^D, w_±(0) = alpha.
type gdStepper struct {
	p     *Problem
	depth int
	alpha float64
	o     GDOptions

	wp, wm   []float64 // current weights (always finite)
	np, nm   []float64 // candidate weights of the update in progress
	beta     []float64
	nbeta    []float64
	g, v, hv []float64 // gradient of L in beta, rho ⊙ g, H (rho ⊙ g) (length d)
	r, u     []float64 // batch residual and X_B (rho ⊙ g) (length n)
	rows     []int     // rows of the current batch
	perm     []int     // SGD epoch order
	pos      int       // next position in perm
	rng      *rand.Rand

	steps      int
	lastChange float64 // max |Δbeta| of the last update
	betaCap    float64 // |beta| beyond this counts as divergence
	loss       float64
	lossOK     bool
	err        error
}

// NewGD starts gradient descent (o.Batch = 0), SGD (o.Batch = 1..n rows per update, drawn without
// replacement within each epoch) or gradient regularisation (o.Gamma > 0, on top of either) from
// w_+ = w_- = alpha. With loss L = ||X beta - y||^2/(2n) (the batch's own mean over its rows for
// SGD) and g = X^T r / n, the update is w_± <- w_± ∓ eta ∂L~/∂w_± with L~ = L + (gamma/2)||∇_w L||^2;
// at depth 2 it is exactly spec §1.7:
//
//	w_+ <- w_+ ⊙ (1 - eta [2g + 4 gamma g^2 + 8 gamma H(rho ⊙ g)])
//	w_- <- w_- ⊙ (1 + eta [2g - 4 gamma g^2 + 8 gamma H(rho ⊙ g)]),   rho = w_+^2 + w_-^2, H = X^T X / n,
//
// and at depth D the same with ∂beta/∂w_± = ±D w_±^(D-1) (rho = w_+^(2D-2) + w_-^(2D-2)).
// The updates stop, with Err() explaining the stability bound, as soon as they start to diverge.
func NewGD(p *Problem, alpha float64, depth int, o GDOptions) (Stepper, error) {
	if err := checkAlpha(alpha); err != nil {
		return nil, err
	}
	if depth < 2 {
		return nil, fmt.Errorf("the depth must be at least 2; got %d", depth)
	}
	if !(o.Eta > 0) || math.IsInf(o.Eta, 0) {
		return nil, fmt.Errorf("the step eta must be a positive number; got %g", o.Eta)
	}
	if o.Batch < 0 || o.Batch > p.N {
		return nil, fmt.Errorf("the batch size must be from 1 to n = %d rows (or 0 for all rows); got %d", p.N, o.Batch)
	}
	if !(o.Gamma >= 0) || math.IsInf(o.Gamma, 0) {
		return nil, fmt.Errorf("gamma (the gradient-regularisation strength) must be a number >= 0; got %g", o.Gamma)
	}
	n, d := p.N, p.D
	s := &gdStepper{
		p: p, depth: depth, alpha: alpha, o: o,
		wp: make([]float64, d), wm: make([]float64, d), np: make([]float64, d), nm: make([]float64, d),
		beta: make([]float64, d), nbeta: make([]float64, d),
		g: make([]float64, d), v: make([]float64, d), hv: make([]float64, d),
		r: make([]float64, n), u: make([]float64, n),
	}
	for i := range s.wp {
		s.wp[i], s.wm[i] = alpha, alpha
	}
	if o.Batch == 0 {
		s.rows = make([]int, n)
		for k := range s.rows {
			s.rows[k] = k
		}
	} else {
		s.rng = rand.New(rand.NewPCG(o.Seed, 0x56d))
		s.perm = make([]int, n)
		for k := range s.perm {
			s.perm[k] = k
		}
		s.pos = n // shuffle before the first batch
	}
	// Every interpolator the dynamics can approach has ||beta||_1 within a modest factor of the
	// minimum-L2 one; a beta a million times larger is a divergence, caught long before overflow.
	l1 := 0.0
	for _, b := range MinL2(p) {
		l1 += math.Abs(b)
	}
	s.betaCap = 1e6 * math.Max(1, l1)
	return s, nil
}

// nextRows picks the rows of the next update.
func (s *gdStepper) nextRows() []int {
	if s.perm == nil {
		return s.rows
	}
	n := s.p.N
	if s.pos >= n {
		s.rng.Shuffle(n, func(a, b int) { s.perm[a], s.perm[b] = s.perm[b], s.perm[a] })
		s.pos = 0
	}
	end := min(s.pos+s.o.Batch, n)
	rows := s.perm[s.pos:end]
	s.pos = end
	return rows
}

func (s *gdStepper) Step() {
	if s.err != nil {
		return
	}
	p, D := s.p, s.depth
	rows := s.nextRows()
	B := float64(len(rows))
	// g = X_B^T r_B / B.
	for i := range s.g {
		s.g[i] = 0
	}
	for j, k := range rows {
		row := p.Row(k)
		rk := -p.Y[k]
		for i, x := range row {
			rk += x * s.beta[i]
		}
		s.r[j] = rk
		for i, x := range row {
			s.g[i] += x * rk
		}
	}
	for i := range s.g {
		s.g[i] /= B
	}
	gamma := s.o.Gamma
	fD := float64(D)
	if gamma > 0 {
		// hv = H (rho ⊙ g), H = X_B^T X_B / B.
		for i := range s.v {
			s.v[i] = (ipow(s.wp[i], 2*D-2) + ipow(s.wm[i], 2*D-2)) * s.g[i]
			s.hv[i] = 0
		}
		for j, k := range rows {
			row := p.Row(k)
			t := 0.0
			for i, x := range row {
				t += x * s.v[i]
			}
			s.u[j] = t
		}
		for j, k := range rows {
			row, t := p.Row(k), s.u[j]/B
			for i, x := range row {
				s.hv[i] += x * t
			}
		}
	}
	eta := s.o.Eta
	bad := false
	change := 0.0
	for i := range s.g {
		g := s.g[i]
		wp, wm := s.wp[i], s.wm[i]
		// ∂L~/∂w_+ = w_+^(D-1) ap and ∂L~/∂w_- = -w_-^(D-1) am.
		ap, am := fD*g, fD*g
		if gamma > 0 {
			c := gamma * fD * fD * (fD - 1) * g * g
			h := gamma * fD * fD * fD * s.hv[i]
			ap += c*ipow(wp, D-2) + h
			am += -c*ipow(wm, D-2) + h
		}
		// w_+ (1 - eta ap) at depth 2, written as w_+ - eta ap w_+ so that the increment is
		// rounded relative to itself rather than to 1 (likewise at depth D).
		pp, pm := wp, wm
		if D > 2 {
			pp, pm = ipow(wp, D-1), ipow(wm, D-1)
		}
		np, nm := wp-eta*ap*pp, wm+eta*am*pm
		b := ipow(np, D) - ipow(nm, D)
		if math.IsNaN(b) || math.IsInf(b, 0) || math.Abs(b) > s.betaCap ||
			math.Abs(np) > 1e100 || math.Abs(nm) > 1e100 {
			bad = true
			break
		}
		s.np[i], s.nm[i], s.nbeta[i] = np, nm, b
		change = math.Max(change, math.Abs(b-s.beta[i]))
	}
	if bad {
		s.err = s.divergence()
		return
	}
	s.wp, s.np = s.np, s.wp
	s.wm, s.nm = s.nm, s.wm
	s.beta, s.nbeta = s.nbeta, s.beta
	s.lastChange = change
	s.steps++
	s.lossOK = false
}

// ipow is x^k for small k >= 0 by repeated multiplication.
func ipow(x float64, k int) float64 {
	r := 1.0
	for ; k > 0; k-- {
		r *= x
	}
	return r
}

func (s *gdStepper) Time() float64 { return float64(s.steps) }

func (s *gdStepper) Beta(dst []float64) []float64 {
	dst = grow(dst, s.p.D)
	copy(dst, s.beta)
	return dst
}

// AlphaEff is sqrt(|w_+,i w_-,i|) (spec §1.7; the same definition at every depth). The absolute
// value only matters if a step so large that it flips the sign of a weight has been taken.
func (s *gdStepper) AlphaEff(dst []float64) []float64 {
	dst = grow(dst, s.p.D)
	for i := range dst {
		dst[i] = math.Sqrt(math.Abs(s.wp[i] * s.wm[i]))
	}
	return dst
}

// W returns copies of w_+ and w_-.
func (s *gdStepper) W() (wp, wm []float64) {
	return append([]float64(nil), s.wp...), append([]float64(nil), s.wm...)
}

func (s *gdStepper) Loss() float64 {
	if !s.lossOK {
		s.loss, s.lossOK = s.p.Loss(s.beta), true
	}
	return s.loss
}

// Converged: max|X beta - y| < tol and the last update moved beta by at most tol (relative to
// max(1, max|beta|)), so a loss plateau does not count.
func (s *gdStepper) Converged(tol float64) bool {
	if s.err != nil || s.steps == 0 {
		return false
	}
	return s.lastChange <= tol*math.Max(1, maxAbs(s.beta)) && s.p.Residual(s.beta) < tol
}

func (s *gdStepper) Err() error { return s.err }

// divergence builds the error of a diverging run: the step against the stability bound of
// spec §1.7c at the gradient-flow solution and at the start.
func (s *gdStepper) divergence() error {
	p, D := s.p, s.depth
	start := stabilityAtInit(p, s.alpha, D)
	at := math.NaN()
	if _, nu, err := OracleDual(p, s.alpha, D, nil); err == nil {
		wp, wm := gfWeights(p, nu, s.alpha, D)
		at = stabilityW(p, wp, wm, D)
	}
	eta := s.o.Eta
	what := "gradient descent"
	if s.o.Batch > 0 {
		what = "SGD"
	}
	if s.o.Gamma > 0 {
		what += " with gradient regularisation"
	}
	if math.IsNaN(at) {
		return fmt.Errorf("the step eta = %g is too large: %s diverged after %d updates (the stability bound 2/lambda_max is %.3g at the start). Choose a smaller eta.", eta, what, s.steps, start)
	}
	if eta >= at {
		return fmt.Errorf("the step eta = %g is too large: it is above the stability bound 2/lambda_max = %.3g at the gradient-flow solution (%.3g at the start), so %s diverged after %d updates instead of settling. Choose eta below %.3g.", eta, at, start, what, s.steps, at)
	}
	return fmt.Errorf("the step eta = %g is too large: %s diverged after %d updates, although eta is below the stability bound 2/lambda_max = %.3g at the gradient-flow solution (%.3g at the start); its path went through sharper regions. Choose a smaller eta.", eta, what, s.steps, at, start)
}

// StabilityBound is 2/lambda_max of spec §1.7c for depth 2 at beta with m = alpha^2:
// lambda_max = (4/n) lambda_max(X diag(sqrt(beta^2 + 4 alpha^4)) X^T), the largest curvature of the
// loss in (w_+, w_-) at an interpolator. GD with a step above it cannot settle there.
func StabilityBound(p *Problem, beta []float64, alpha float64) float64 {
	a4 := 4 * alpha * alpha * alpha * alpha
	w := make([]float64, p.D)
	for i, b := range beta {
		w[i] = 4 * math.Sqrt(b*b+a4)
	}
	return 2 / (lambdaMaxSym(p.Gram(w), p.N) / float64(p.N))
}

// stabilityW is 2/lambda_max at weights (w_+, w_-) of depth D, lambda_max the top eigenvalue of
// the Gauss-Newton curvature J^T (X^T X/n) J, J = [diag(D w_+^(D-1)), -diag(D w_-^(D-1))]:
// lambda_max = (1/n) lambda_max(X diag(D^2 (w_+^(2D-2) + w_-^(2D-2))) X^T). At depth 2 with
// w_+ w_- = m this is (4/n) lambda_max(X diag(sqrt(beta^2 + 4 m^2)) X^T) of spec §1.7c.
func stabilityW(p *Problem, wp, wm []float64, D int) float64 {
	w := make([]float64, p.D)
	fD := float64(D)
	for i := range w {
		w[i] = fD * fD * (ipow(wp[i], 2*D-2) + ipow(wm[i], 2*D-2))
	}
	return 2 / (lambdaMaxSym(p.Gram(w), p.N) / float64(p.N))
}

// stabilityAtInit is stabilityW at w_± = alpha: 2 / (2 D^2 alpha^(2D-2) lambda_max(X X^T)/n)
// (8 alpha^2 lambda_max(X X^T)/n at depth 2, the tangent kernel of spec §1.4).
func stabilityAtInit(p *Problem, alpha float64, D int) float64 {
	fD := float64(D)
	return 2 / (2 * fD * fD * math.Pow(alpha, float64(2*D-2)) * lambdaMaxSym(p.Gram(nil), p.N) / float64(p.N))
}

// gfWeights are the gradient-flow weights at dual point nu (z = X^T nu): w_± = alpha e^(±z/2)
// at depth 2, w_± = alpha (1 ∓ z)^(-1/(D-2)) at depth D (spec §1.3).
func gfWeights(p *Problem, nu []float64, alpha float64, D int) (wp, wm []float64) {
	z := p.MulXT(nil, nu)
	wp, wm = make([]float64, p.D), make([]float64, p.D)
	for i, v := range z {
		if D == 2 {
			wp[i], wm[i] = alpha*math.Exp(v/2), alpha*math.Exp(-v/2)
		} else {
			e := -1 / float64(D-2)
			wp[i], wm[i] = alpha*math.Pow(1-v, e), alpha*math.Pow(1+v, e)
		}
	}
	return wp, wm
}

// lambdaMaxSym is the largest eigenvalue of a symmetric positive semi-definite n x n matrix by
// power iteration with the Rayleigh quotient (n is small: the number of equations).
func lambdaMaxSym(A []float64, n int) float64 {
	if n == 1 {
		return A[0]
	}
	x := make([]float64, n)
	y := make([]float64, n)
	for i := range x {
		x[i] = 1 + 0.1*float64(i%7) // not orthogonal to the top eigenvector in practice
	}
	norm := func(v []float64) float64 {
		s := 0.0
		for _, t := range v {
			s += t * t
		}
		return math.Sqrt(s)
	}
	nx := norm(x)
	for i := range x {
		x[i] /= nx
	}
	lam := 0.0
	for it := 0; it < 20000; it++ {
		for i := 0; i < n; i++ {
			s := 0.0
			for j, v := range A[i*n : (i+1)*n] {
				s += v * x[j]
			}
			y[i] = s
		}
		rq := 0.0
		for i := range x {
			rq += x[i] * y[i]
		}
		ny := norm(y)
		if ny == 0 {
			return 0
		}
		for i := range x {
			x[i] = y[i] / ny
		}
		if it > 0 && math.Abs(rq-lam) <= 1e-14*rq {
			return rq
		}
		lam = rq
	}
	return lam
}

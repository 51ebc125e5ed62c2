package dln

import (
	"errors"
	"fmt"
	"math"
)

// Limits of the initialisation scale the oracles and the simulator promise to handle.
const (
	MinAlpha = 1e-6
	MaxAlpha = 1e2
	MaxDepth = 6
)

// QShape is the depth-2 potential q(z) = ∫_0^z arcsinh(u/2) du = 2 - sqrt(4+z^2) + z asinh(z/2)
// (spec §1.3), written without the cancellation of 2 - sqrt(4+z^2) for small z.
func QShape(z float64) float64 {
	return z*math.Asinh(z/2) - z*z/(2+math.Sqrt(4+z*z))
}

// QAlpha is the implicit regulariser Q_alpha(beta) = alpha^2 Σ_i q(beta_i / alpha^2) of spec §1.3,
// computed as Σ_i [beta_i asinh(beta_i/(2 alpha^2)) - sqrt(beta_i^2 + 4 alpha^4) + 2 alpha^2] so that
// it stays finite when beta_i / alpha^2 overflows.
func QAlpha(beta []float64, alpha float64) float64 {
	la := math.Log(2) + 2*math.Log(alpha) // ln(2 alpha^2)
	a2 := alpha * alpha
	sum := 0.0
	for _, b := range beta {
		ab := math.Abs(b)
		if ab == 0 {
			continue
		}
		// asinh(|b| / (2 alpha^2)), via logs when the ratio overflows.
		var as float64
		if r := ab / (2 * a2); !math.IsInf(r, 0) && r > 0 {
			as = math.Asinh(r)
		} else {
			as = math.Log(ab) - la + math.Log(2)
		}
		// |b| asinh(...) - (sqrt(b^2 + 4a^4) - 2a^2) = |b| asinh(...) - b^2/(sqrt(b^2+4a^4) + 2a^2).
		sum += ab*as - ab*ab/(math.Hypot(ab, 2*a2)+2*a2)
	}
	return sum
}

// Oracle returns beta* = argmin Q_alpha(beta) subject to X beta = y (depth 2, spec §1.3 and §1.5)
// or argmin Q^D_alpha (depth D >= 3): the limit of gradient flow from w_+ = w_- = alpha.
func Oracle(p *Problem, alpha float64, depth int) ([]float64, error) {
	beta, _, err := OracleDual(p, alpha, depth, nil)
	return beta, err
}

// OracleDual is Oracle that also returns the dual point nu*: beta* = 2 alpha^2 sinh(X^T nu*) at
// depth 2 and beta* = alpha^D h_D(X^T nu*) at depth D >= 3 (spec §1.3). A non-nil start (length n)
// warm-starts Newton, for example from the nu* of a nearby alpha; nil starts at nu = 0 as the spec.
func OracleDual(p *Problem, alpha float64, depth int, start []float64) (beta, nu []float64, err error) {
	if err := checkAlpha(alpha); err != nil {
		return nil, nil, err
	}
	if depth < 2 {
		return nil, nil, fmt.Errorf("the depth must be at least 2; got %d", depth)
	}
	la := make([]float64, p.D)
	var l float64
	if depth == 2 {
		l = math.Log(2) + 2*math.Log(alpha) // ln(2 alpha^2), finite even where 2 alpha^2 underflows
	} else {
		l = float64(depth) * math.Log(alpha) // ln(alpha^D)
	}
	for i := range la {
		la[i] = l
	}
	return newtonDual(p, depth, la, start)
}

// OracleEff is the depth-2 oracle with a coordinate-wise scale (spec §1.5, last sentence; §1.7):
// argmin Σ_i a_i^2 q(beta_i / a_i^2) subject to X beta = y, a = alphaEff.
func OracleEff(p *Problem, alphaEff []float64) ([]float64, error) {
	if len(alphaEff) != p.D {
		return nil, fmt.Errorf("alphaEff has %d entries, want d = %d", len(alphaEff), p.D)
	}
	la := make([]float64, p.D)
	for i, a := range alphaEff {
		if !(a > 0) || math.IsInf(a, 0) {
			return nil, fmt.Errorf("alphaEff[%d] = %g is not a positive finite number", i, a)
		}
		la[i] = math.Log(2) + 2*math.Log(a)
	}
	beta, _, err := newtonDual(p, 2, la, nil)
	return beta, err
}

func checkAlpha(alpha float64) error {
	if math.IsNaN(alpha) || math.IsInf(alpha, 0) || alpha <= 0 {
		return fmt.Errorf("alpha (the initialisation scale) must be a positive number; got %g", alpha)
	}
	return nil
}

// dualLink is the coordinate-wise link between the dual variable z_i = (X^T nu)_i and the primal:
// G(nu) = Σ_i phi_i(z_i) - y·nu with beta_i = phi_i'(z_i) and Hessian weight w_i = phi_i second derivative at z_i.
//
//	depth 2:  phi(z) = 2 a^2 (cosh z - 1),  beta = 2 a^2 sinh z,  weight = 2 a^2 cosh z
//	depth D:  phi(z) = a^D [(1-z)^(1-p) + (1+z)^(1-p) - 2]/(p-1),  p = D/(D-2),
//	          beta = a^D h_D(z) = a^D [(1-z)^(-p) - (1+z)^(-p)],  weight = a^D p [(1-z)^(-p-1) + (1+z)^(-p-1)]
//
// la_i is ln(2 a_i^2) (depth 2) or ln(a_i^D), so a scale that underflows is still carried exactly
// (spec §1.8.5). Outside the domain (|z| >= 1 for D >= 3, overflow for D = 2) phi is +Inf.
type dualLink struct {
	depth int
	la    []float64
}

func (l dualLink) eval(i int, z float64) (phi, beta, lw float64) {
	la := l.la[i]
	az := math.Abs(z)
	if l.depth == 2 {
		// 2a^2 sinh z = sign(z) e^(la+|z|) (1 - e^(-2|z|)) / 2 and 2a^2 cosh z = e^(la+|z|) (1 + e^(-2|z|)) / 2.
		// The weight is returned as its logarithm: it underflows where 2a^2 does.
		e := 0.5 * math.Exp(la+az)
		em := math.Exp(-2 * az)
		beta = math.Copysign(e*-math.Expm1(-2*az), z)
		lw = la + az + math.Log1p(em) - math.Ln2
		if az < 1 {
			s := math.Sinh(z / 2)
			phi = 2 * math.Exp(la) * s * s
		} else {
			phi = e*(1+em) - math.Exp(la)
		}
		return phi, beta, lw
	}
	if az >= 1 {
		return math.Inf(1), math.Copysign(math.Inf(1), z), math.Inf(1)
	}
	D := float64(l.depth)
	p := D / (D - 2)
	A := math.Exp(la)
	lm, lp := math.Log1p(-z), math.Log1p(z) // ln(1-z), ln(1+z)
	phi = A * (math.Expm1((1-p)*lm) + math.Expm1((1-p)*lp)) / (p - 1)
	beta = A * (math.Expm1(-p*lm) - math.Expm1(-p*lp))
	a, b := (-p-1)*lm, (-p-1)*lp
	lw = la + math.Log(p) + math.Max(a, b) + math.Log1p(math.Exp(-math.Abs(a-b)))
	return phi, beta, lw
}

// dualState evaluates G, beta and grad G = X beta - y at nu.
type dualState struct {
	nu, z, beta, lw, grad []float64 // lw: log of the Hessian weights
	G, gmax               float64
}

func (s *dualState) alloc(n, d int) {
	s.nu, s.grad = make([]float64, n), make([]float64, n)
	s.z, s.beta, s.lw = make([]float64, d), make([]float64, d), make([]float64, d)
}

func (s *dualState) eval(p *Problem, l dualLink) {
	p.MulXT(s.z, s.nu)
	G := 0.0
	for i, z := range s.z {
		var phi float64
		phi, s.beta[i], s.lw[i] = l.eval(i, z)
		G += phi
	}
	p.MulX(s.grad, s.beta)
	gmax := 0.0
	for k := range s.grad {
		s.grad[k] -= p.Y[k]
		G -= p.Y[k] * s.nu[k]
		gmax = math.Max(gmax, math.Abs(s.grad[k]))
	}
	if math.IsNaN(G) || math.IsNaN(gmax) {
		G, gmax = math.Inf(1), math.Inf(1)
	}
	s.G, s.gmax = G, gmax
}

// newtonDual minimises G(nu) = Σ phi_i((X^T nu)_i) - y·nu by the Newton method of spec §1.5:
// nu = 0, step Δ = (∇²G)^-1 ∇G, trust region max|X^T Δ| <= 1 (and, for D >= 3, a fraction of the
// distance to |X^T nu| = 1), the full step accepted when it lowers max|∇G|, Armijo backtracking on G
// otherwise, until max|∇G| <= 1e-14 max(1, max|y|).
func newtonDual(p *Problem, depth int, la []float64, start []float64) (beta, nu []float64, err error) {
	n, d := p.N, p.D
	link := dualLink{depth: depth, la: la}
	ymax := 0.0
	for _, v := range p.Y {
		ymax = math.Max(ymax, math.Abs(v))
	}
	tol := 1e-14 * math.Max(1, ymax)
	var cur, trial dualState
	cur.alloc(n, d)
	trial.alloc(n, d)
	if start != nil {
		if len(start) != n {
			return nil, nil, fmt.Errorf("the warm start has %d entries, want n = %d", len(start), n)
		}
		copy(cur.nu, start)
		cur.eval(p, link)
		if math.IsInf(cur.G, 0) {
			for k := range cur.nu {
				cur.nu[k] = 0
			}
		}
	}
	cur.eval(p, link)
	step := make([]float64, n)
	dz, wsc := make([]float64, d), make([]float64, d)
	// The best iterate so far: once max|∇G| sits on its rounding floor (above tol when X^T nu is
	// close to the boundary at depth >= 3, or for large, badly scaled problems), Newton only
	// wanders, so stop after a few iterations without a new best.
	bestNu, bestBeta, bestG := make([]float64, n), make([]float64, d), math.Inf(1)
	keep := func() {
		copy(bestNu, cur.nu)
		copy(bestBeta, cur.beta)
		bestG = cur.gmax
	}
	keep()
	const maxIter, patience = 3000, 8
	for iter, since := 0, 0; iter < maxIter && since < patience; iter++ {
		if cur.gmax <= tol {
			break
		}
		// Newton direction: H Δ = ∇G, H = X diag(w) X^T, solved with the weights scaled by
		// e^-s (s = max ln w) so that they neither underflow nor overflow: H' Δ' = ∇G, Δ = e^-s Δ'.
		sh := math.Inf(-1)
		for _, v := range cur.lw {
			sh = math.Max(sh, v)
		}
		for i, v := range cur.lw {
			wsc[i] = math.Exp(v - sh)
		}
		copy(step, cur.grad)
		if !solveGram(p, wsc, step) {
			break
		}
		p.MulXT(dz, step)
		// Trust region: max |X^T Δ| <= 1. Decide in logs whether e^-s max|X^T Δ'| exceeds 1.
		m := maxAbs(dz)
		if m == 0 {
			break
		}
		scale := math.Exp(-sh)
		if math.Log(m)-sh > 0 {
			scale = 1 / m
		}
		for k := range step {
			step[k] *= scale
		}
		for i := range dz {
			dz[i] *= scale
		}
		t := 1.0
		// Depth >= 3: stay strictly inside |z| < 1 (z moves by -t dz).
		if depth > 2 {
			for i, v := range dz {
				var room float64
				switch {
				case v > 0:
					room = (1 + cur.z[i]) / v
				case v < 0:
					room = (1 - cur.z[i]) / -v
				default:
					continue
				}
				t = math.Min(t, 0.99*room)
			}
		}
		slope := 0.0 // ∇G · Δ > 0
		for k, g := range cur.grad {
			slope += g * step[k]
		}
		tryAt := func(t float64) {
			for k := range trial.nu {
				trial.nu[k] = cur.nu[k] - t*step[k]
			}
			trial.eval(p, link)
		}
		tryAt(t)
		accepted := trial.gmax < cur.gmax
		for !accepted {
			if trial.G <= cur.G-1e-4*t*slope {
				accepted = true
				break
			}
			t /= 2
			if t < 1e-20 {
				break
			}
			tryAt(t)
		}
		if !accepted {
			break
		}
		// Progress is a new best max|∇G| or a decrease of G beyond rounding (on the long
		// trust-region climb of tiny alpha, max|∇G| ≈ max|y| for many steps while G falls).
		progress := trial.gmax < bestG || trial.G < cur.G-1e-13*(math.Abs(cur.G)+1e-300)
		cur, trial = trial, cur
		if cur.gmax < bestG {
			keep()
		}
		if progress {
			since = 0
		} else {
			since++
		}
	}
	// Converged, or stalled in rounding: accept a small residual, refuse otherwise.
	if bestG <= 1e-8*math.Max(1, ymax) {
		return bestBeta, bestNu, nil
	}
	if depth > 2 {
		return nil, nil, fmt.Errorf("the depth-%d oracle cannot resolve this alpha in double precision: its dual point X^T nu lies too close to the edge |X^T nu| = 1 of its domain; use alpha >= %.2g at this depth", depth, MinAlphaDepth(depth))
	}
	return nil, nil, errors.New("the oracle (Newton on the dual problem) did not converge: X X^T may be too badly conditioned for this alpha")
}

// MinAlphaDepth is the smallest alpha the depth-D oracle (and the simulator) supports:
// MinAlpha at depth 2; 10^(-6/(D-2)) at depth D >= 3 (1e-6 at D = 3, 1e-3 at D = 4, 1e-2 at D = 5,
// 0.032 at D = 6). At depth D the limit has 1 - |X^T nu| ≈ alpha^(D-2) |beta|^(-(D-2)/D) on its
// active coordinates, and beta = alpha^D h_D(X^T nu) loses about -log10(1 - |X^T nu|) digits to
// rounding in X^T nu; the bound keeps that loss to about 6 digits for |beta| up to about 1. Deeper
// models reach the rich regime at larger alpha anyway (spec §1.6, depth-3 table).
func MinAlphaDepth(depth int) float64 {
	if depth <= 2 {
		return MinAlpha
	}
	return math.Max(MinAlpha, math.Pow(10, -6/float64(depth-2)))
}

// solveGram solves (X diag(w) X^T) x = b in place, adding a small ridge when rounding makes the
// matrix numerically indefinite.
func solveGram(p *Problem, w, b []float64) bool {
	n := p.N
	G := p.Gram(w)
	scale := 0.0
	for i := 0; i < n; i++ {
		scale = math.Max(scale, G[i*n+i])
	}
	if !(scale > 0) || math.IsInf(scale, 0) {
		return false
	}
	A := make([]float64, n*n)
	for ridge := 0.0; ridge < 1e-6*scale; ridge = math.Max(1e-15*scale, ridge*100) {
		copy(A, G)
		for i := 0; i < n; i++ {
			A[i*n+i] += ridge
		}
		if _, ok := cholFactor(A, n, 0); ok {
			cholSolve(A, n, b)
			return true
		}
	}
	return false
}

func maxAbs(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m = math.Max(m, math.Abs(v))
	}
	return m
}

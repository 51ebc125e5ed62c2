package spectrum

import (
	"fmt"
	"math"
	"sync"

	"solvable/core/ntk"
)

// Limits of Compute.
const (
	MinDim = 2    // the circle S^1
	MaxDim = 100  // beyond this, N(D,k) overflows float64 before the eigenvalues leave roundoff
	MaxK   = 5000 // largest degree kept explicitly
	// ClampRel is the clamping threshold relative to the trace k(1): |eta_k| at or below it is
	// taken for roundoff, set to 0 and reported (on the circle it grows with k; see
	// clampThreshold). Measured roundoff (odd degrees of the two-layer ReLU NTK, whose exact
	// eigenvalues are 0): at most 1.2e-16 k(1) on S^2 with 1064 to 8064 nodes, 8e-18 k(1) on S^9. The spec's rule (§2.4.3) is 1e-15 eta_0; the trace is used instead
	// because eta_0 can vanish (an odd kernel) while k(1) > 0 always.
	ClampRel = 1e-15
	// TailRel: a lumped tail of magnitude at or below TailRel * k(1) is rounding and is set to 0;
	// a more negative one means the quadrature is wrong, and Compute says so.
	TailRel = 1e-12
)

// Degeneracy returns N(D,k), the number of linearly independent spherical harmonics of degree k
// on S^{D-1}: (2k+D-2)(k+D-3)!/(k!(D-2)!) for k >= 1 and 1 for k = 0 (D = 3: 2k+1; D = 2: 2).
// It panics if D < 2 or k < 0.
func Degeneracy(D, k int) float64 {
	if D < 2 || k < 0 {
		panic(fmt.Sprintf("spectrum: Degeneracy(%d, %d) needs D >= 2 and k >= 0", D, k))
	}
	if k == 0 {
		return 1
	}
	if D == 2 {
		return 2
	}
	// (k+D-3)!/(k!(D-3)!) = binomial(k+D-3, k) as a running product, then times (2k+D-2)/(D-2).
	b := 1.0
	for j := 1; j <= k; j++ {
		b = b * float64(j+D-3) / float64(j)
	}
	return b * float64(2*k+D-2) / float64(D-2)
}

// Degeneracies returns N(D,k) for k = 0..kmax in one pass.
func Degeneracies(D, kmax int) []float64 {
	d := make([]float64, kmax+1)
	d[0] = 1
	if kmax == 0 {
		return d
	}
	if D == 2 {
		for k := 1; k <= kmax; k++ {
			d[k] = 2
		}
		return d
	}
	b := 1.0 // binomial(k+D-3, k)
	for k := 1; k <= kmax; k++ {
		b = b * float64(k+D-3) / float64(k)
		d[k] = b * float64(2*k+D-2) / float64(D-2)
	}
	return d
}

// Gegenbauer fills p[k] = P_k(t), k = 0..len(p)-1, the Gegenbauer polynomials of S^{D-1}
// normalised to P_k(1) = 1 (for D = 3 the Legendre polynomials, for D = 2 the Chebyshev
// polynomials cos(k arccos t)).
func Gegenbauer(D int, t float64, p []float64) {
	if len(p) == 0 {
		return
	}
	p[0] = 1
	if len(p) == 1 {
		return
	}
	p[1] = t
	dm2 := float64(D - 2)
	for k := 1; k+1 < len(p); k++ {
		fk := float64(k)
		p[k+1] = ((2*fk+dm2)*t*p[k] - fk*p[k-1]) / (fk + dm2)
	}
}

// SphereConstant returns c_D = Gamma(D/2)/(sqrt(pi) Gamma((D-1)/2)), the normaliser that makes
// c_D (1-t^2)^{(D-3)/2} dt the distribution of x.e for x uniform on S^{D-1} (D = 3: 1/2; D = 2: 1/pi).
func SphereConstant(D int) float64 {
	a, b := float64(D)/2, float64(D-1)/2
	if D <= 150 {
		return math.Gamma(a) / (math.SqrtPi * math.Gamma(b))
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	return math.Exp(la-lb) / math.SqrtPi
}

// ReLUNTK returns the neural tangent kernel of the bias-free ReLU network with depth weight
// layers and sigma_w^2 = 2 (core/ntk, spec §1.2) as a function of t = x.x' for unit vectors:
// k(1) = 2 depth, and for depth 2 (one hidden layer), k(t) = (2/pi)(2t(pi - arccos t) + sqrt(1-t^2)).
func ReLUNTK(depth int) (func(t float64) float64, error) {
	a := ntk.Arch{Depth: depth, SigmaW2: 2, SigmaB2: 0}
	if err := a.Check(); err != nil {
		return nil, err
	}
	x := []float64{1, 1}
	return func(t float64) float64 {
		// ntk.Arch divides inner products by n_0 = 2: x.x/2 = 1 exactly, and y = (t+s, t-s) with
		// s = sqrt(1-t^2) has y.y/2 = t^2 + s^2 and x.y/2 = t up to a rounding (exact at t = ±1).
		s := math.Sqrt(math.Max(0, (1-t)*(1+t)))
		th, _ := a.Kernels(x, []float64{t + s, t - s})
		return th
	}, nil
}

// Spectrum is the degree-by-degree eigen-decomposition of a dot-product kernel on S^{D-1}.
type Spectrum struct {
	D          int       // sphere S^{D-1} in R^D
	Eta        []float64 // eta_k, k = 0..Kmax, after clamping
	Deg        []float64 // N(D,k)
	Trace      float64   // k(1) = sum over all degrees of N(D,k) eta_k
	Tail       float64   // k(1) - sum_{k<=Kmax} N(D,k) eta_k >= 0: the lumped power of the degrees left out and clamped
	Clamped    int       // how many eta_k were roundoff and set to 0
	MaxClamped float64   // the largest |eta_k| set to 0
	Nodes      int       // quadrature nodes used
	kernel     func(float64) float64
}

// Kmax is the largest degree kept explicitly.
func (s *Spectrum) Kmax() int { return len(s.Eta) - 1 }

// ClampThreshold is the magnitude at or below which Compute took eta_k for roundoff.
func (s *Spectrum) ClampThreshold(k int) float64 { return clampThreshold(s.D, k, s.Trace) }

// DefaultNodes is the quadrature size Compute uses for degrees up to kmax: 2 kmax + 64. The spec
// (§2.2) used 4 kmax; core/learncurve's TestQuadratureConverged shows that 2 kmax + 64 and
// 4 kmax + 64 nodes give the same learning curves to 1e-12, at half the cost, and the exact
// rational eigenvalues of TestReLUNTKSpectrum come out to 1e-15 with it.
func DefaultNodes(kmax int) int { return 2*kmax + 64 }

// Compute returns the eigenvalues eta_0..eta_kmax of the dot-product kernel k on S^{D-1} by
// Gauss–Legendre quadrature in the angle with nq nodes (nq <= 0 picks DefaultNodes(kmax)), with
// clamping and the lumped tail as described in the package documentation.
func Compute(k func(t float64) float64, D, kmax, nq int) (*Spectrum, error) {
	if D < MinDim || D > MaxDim {
		return nil, fmt.Errorf("the sphere's dimension D must be from %d to %d; it is %d", MinDim, MaxDim, D)
	}
	if kmax < 0 || kmax > MaxK {
		return nil, fmt.Errorf("the largest degree kmax must be from 0 to %d; it is %d", MaxK, kmax)
	}
	if nq <= 0 {
		nq = DefaultNodes(kmax)
	}
	if nq < kmax+2 {
		return nil, fmt.Errorf("%d quadrature nodes cannot resolve degree %d; use at least %d (4 kmax is safe)", nq, kmax, kmax+2)
	}
	trace := k(1)
	if !(trace > 0) || math.IsInf(trace, 0) {
		return nil, fmt.Errorf("the kernel's diagonal k(1) must be a positive finite number; it is %g", trace)
	}
	eta, err := quadrature(k, D, kmax, nq)
	if err != nil {
		return nil, err
	}
	s := &Spectrum{D: D, Eta: eta, Deg: Degeneracies(D, kmax), Trace: trace, Nodes: nq, kernel: k}
	sum := 0.0
	for j, e := range eta {
		thr := clampThreshold(D, j, trace)
		if math.Abs(e) <= thr {
			s.Clamped++
			s.MaxClamped = math.Max(s.MaxClamped, math.Abs(e))
			eta[j] = 0
			continue
		}
		if e < 0 {
			return nil, fmt.Errorf("eigenvalue eta_%d = %.3g is negative beyond roundoff: the function is not a positive-definite kernel on the sphere in D = %d, or %d quadrature nodes are too few", j, e, D, nq)
		}
		sum += s.Deg[j] * e
	}
	s.Tail = trace - sum
	if math.Abs(s.Tail) <= TailRel*trace {
		s.Tail = 0
	}
	if s.Tail < 0 {
		return nil, fmt.Errorf("the degrees up to %d carry %.6g, more than the kernel's trace k(1) = %.6g: the quadrature (%d nodes) is not accurate enough", kmax, sum, trace, nq)
	}
	return s, nil
}

// clampThreshold is the magnitude below which eta_k is taken for roundoff: ClampRel k(1) for
// D >= 3, and ClampRel k(1) max(1, k/20) on the circle, where P_k = cos(k phi) does not decay
// and the recurrence's rounding grows linearly in k (measured for the two-layer ReLU NTK, whose
// odd eigenvalues are exactly 0: at most 5e-18 k k(1) up to k = 4000 on S^1, against 1e-16 k(1)
// at any k on S^2 and less in higher D).
func clampThreshold(D, k int, trace float64) float64 {
	if D == 2 {
		return ClampRel * trace * math.Max(1, float64(k)/20)
	}
	return ClampRel * trace
}

// quadrature returns the unclamped eta_0..eta_kmax with nq Gauss–Legendre nodes in phi.
func quadrature(k func(t float64) float64, D, kmax, nq int) ([]float64, error) {
	x, w := GaussLegendre(nq)
	cD := SphereConstant(D)
	eta := make([]float64, kmax+1)
	// The recurrence's coefficients, P_{j+1} = a_j t P_j - b_j P_{j-1}, computed once.
	a, b := make([]float64, kmax+1), make([]float64, kmax+1)
	for j := 1; j <= kmax; j++ {
		fj, dm2 := float64(j), float64(D-2)
		a[j], b[j] = (2*fj+dm2)/(fj+dm2), fj/(fj+dm2)
	}
	for i, xi := range x {
		phi := math.Pi / 2 * (1 + xi)
		t, sn := math.Cos(phi), math.Sin(phi)
		f := k(t)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("the kernel is not finite at t = %g (k(t) = %g)", t, f)
		}
		wt := cD * math.Pi / 2 * w[i] * f * math.Pow(sn, float64(D-2))
		eta[0] += wt
		if kmax == 0 {
			continue
		}
		p0, p1 := 1.0, t
		eta[1] += wt * t
		for j := 1; j < kmax; j++ {
			p0, p1 = p1, a[j]*t*p1-b[j]*p0
			eta[j+1] += wt * p1
		}
	}
	return eta, nil
}

// Sum returns t -> sum_k N(D,k) c_k P_k(t), the dot-product kernel on S^{D-1} whose eigenvalue at
// degree k is c_k (a kernel rebuilt from a spectrum, or a target's covariance from its powers).
func Sum(D int, c []float64) func(t float64) float64 {
	for len(c) > 0 && c[len(c)-1] == 0 {
		c = c[:len(c)-1] // trailing zeros (clamped high degrees) cost time and add nothing
	}
	deg := Degeneracies(D, max(len(c)-1, 0))
	dc := make([]float64, len(c))
	for i := range c {
		dc[i] = deg[i] * c[i]
	}
	return func(t float64) float64 {
		if len(dc) == 0 {
			return 0
		}
		// Run the recurrence inline to avoid an allocation per call.
		dm2 := float64(D - 2)
		p0, p1 := 1.0, t
		out := dc[0]
		if len(dc) > 1 {
			out += dc[1] * t
		}
		for k := 1; k+1 < len(dc); k++ {
			fk := float64(k)
			p0, p1 = p1, ((2*fk+dm2)*t*p1-fk*p0)/(fk+dm2)
			out += dc[k+1] * p1
		}
		return out
	}
}

// Remainder returns k(t) - sum_{k<=Kmax} N(D,k) eta_k P_k(t): the part of the kernel the
// explicit degrees miss (the lumped tail as a function; Remainder(1) = Tail up to rounding).
func (s *Spectrum) Remainder() func(t float64) float64 {
	sum := Sum(s.D, s.Eta)
	return func(t float64) float64 { return s.kernel(t) - sum(t) }
}

// Kernel returns the kernel the spectrum was computed from.
func (s *Spectrum) Kernel() func(t float64) float64 { return s.kernel }

// GaussLegendre returns the n nodes (ascending) and weights of the Gauss–Legendre rule on [-1,1],
// exact for polynomials of degree 2n-1. The slices are shared by all callers asking for the same
// n (the last few sizes are cached): do not modify them.
func GaussLegendre(n int) (x, w []float64) {
	glMu.Lock()
	defer glMu.Unlock()
	for _, r := range glCache {
		if len(r.x) == n {
			return r.x, r.w
		}
	}
	x, w = gaussLegendre(n)
	if len(glCache) >= 4 {
		glCache = glCache[1:]
	}
	glCache = append(glCache, glRule{x, w})
	return x, w
}

type glRule struct{ x, w []float64 }

var (
	glMu    sync.Mutex
	glCache []glRule
)

// gaussLegendre finds the roots of P_n by Newton's method from the asymptotic guess
// cos(pi (i - 1/4)/(n + 1/2)), evaluating P_n and P_n' by the Legendre recurrence; the weight is
// 2/((1-x^2) P_n'(x)^2) (Abramowitz & Stegun 25.4.29).
func gaussLegendre(n int) (x, w []float64) {
	x = make([]float64, n)
	w = make([]float64, n)
	fn := float64(n)
	// legendre returns P_n(z) and P_n'(z) by the recurrence k P_k = (2k-1) z P_{k-1} - (k-1) P_{k-2}
	// (written with the division: precomputed ratios (2k-1)/k cost 2e-15 in the weights).
	legendre := func(z float64) (pn, dpn float64) {
		p0, p1 := 1.0, z
		for k := 2; k <= n; k++ {
			fk := float64(k)
			p0, p1 = p1, ((2*fk-1)*z*p1-(fk-1)*p0)/fk
		}
		if n == 1 {
			p0 = 1
		}
		return p1, fn * (z*p1 - p0) / (z*z - 1)
	}
	for i := 0; i < (n+1)/2; i++ {
		z := math.Cos(math.Pi * (float64(i) + 0.75) / (fn + 0.5))
		var dp float64
		for it := 0; it < 100; it++ {
			var p float64
			p, dp = legendre(z)
			dz := p / dp
			z -= dz
			if math.Abs(dz) <= 1e-13 {
				// Newton is quadratic: z is now exact to rounding; evaluate dp there for the weight.
				_, dp = legendre(z)
				break
			}
		}
		wi := 2 / ((1 - z*z) * dp * dp)
		x[i], x[n-1-i] = -z, z
		w[i], w[n-1-i] = wi, wi
	}
	if n%2 == 1 {
		x[n/2] = 0
	}
	return x, w
}

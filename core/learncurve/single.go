package learncurve

import (
	"errors"
	"fmt"
	"math"
)

// GammaGuard bounds the overfitting factor 1/(1-gamma): a point with 1 - gamma below it sits on
// the double-descent peak (N near the number of modes, no ridge, noise), where the theory's error
// grows without bound; Solve returns ErrDoubleDescent there instead of a huge number.
const GammaGuard = 1e-9

// ErrDoubleDescent is wrapped by Solve's error at the interpolation threshold.
var ErrDoubleDescent = errors.New("double descent")

// Point is the replica-theory prediction for kernel (ridge) regression on N samples (spec §2.1).
type Point struct {
	N, Ridge, Noise float64
	Kappa           float64 // the self-consistent kappa (0 when the kernel has no more modes than samples and no ridge)
	Gamma           float64 // sum_k d_k L_k^2 / N
	Eg              float64 // generalisation error against the clean target
	Bias            float64 // E_0 sum_k d_k (1-L_k)^2 s_k, tail included
	Variance        float64 // E_0 sigma^2 gamma, the noise's share
	// Interpolates is true when kappa = 0: no ridge, no lumped tail and at most N modes with
	// eta > 0, so the fit is the least-squares fit in the kernel's span (L_k = 1 on those modes).
	Interpolates bool
}

// E0 is the overfitting factor 1/(1-gamma) (infinite at the interpolation threshold, where Solve
// has either failed or found nothing to multiply; use it for display only).
func (p Point) E0() float64 { return 1 / (1 - p.Gamma) }

// Learnability returns L = N eta/(N eta + kappa) (1 when kappa = 0 and eta > 0; 0 for eta = 0).
func (p Point) Learnability(eta float64) float64 { return learn(p.N, eta, p.Kappa) }

func learn(N, eta, kappa float64) float64 {
	if eta == 0 {
		return 0
	}
	return N * eta / (N*eta + kappa)
}

// oneMinus returns 1 - L = kappa/(N eta + kappa) without cancellation.
func oneMinus(N, eta, kappa float64) float64 {
	if eta == 0 {
		return 1
	}
	return kappa / (N*eta + kappa)
}

// Kappa solves kappa = ridge + TailTrace + kappa sum_k d_k eta_k/(N eta_k + kappa) for kappa > 0
// (spec §2.1, with the lumped tail of §2.2 as extra ridge), to machine precision: a bracket
// [lo, hi] with h(lo) > 0 > h(hi) for h(kappa) = sum d eta/(N eta + kappa) + (ridge+tail)/kappa - 1,
// which decreases in kappa, then Halley steps kept inside the bracket (bisection in log kappa when
// a step leaves it) until a step is below 1e-6 kappa (cubic convergence leaves an error of order
// 1e-18 after it) or the bracket is a few ulps. It returns 0 with interpolates
// = true when ridge + tail = 0 and the modes with eta > 0 number at most N (h stays below 0).
func (m *Modes) Kappa(N, ridge float64) (kappa float64, interpolates bool, err error) {
	if err := m.Check(); err != nil {
		return 0, false, err
	}
	return m.kappaFrom(N, ridge, 0)
}

// kappaFrom is Kappa started from guess (0: no guess), e.g. the root at a neighbouring N.
func (m *Modes) kappaFrom(N, ridge, guess float64) (kappa float64, interpolates bool, err error) {
	if !(N > 0) || math.IsInf(N, 0) {
		return 0, false, fmt.Errorf("the number of samples N must be positive and finite; it is %g", N)
	}
	if !(ridge >= 0) || math.IsInf(ridge, 0) {
		return 0, false, fmt.Errorf("the ridge must be a finite number >= 0; it is %g", ridge)
	}
	c := ridge + m.TailTrace
	// h and its first two derivatives in one pass (one division per mode).
	h := func(k float64) (f, df, ddf float64) {
		for i, e := range m.Eta {
			if e == 0 {
				continue
			}
			q := 1 / (N*e + k)
			de := m.deg(i) * e * q
			f += de
			de *= q
			df -= de
			ddf += de * q
		}
		ik := 1 / k
		return f + c*ik - 1, df - c*ik*ik, 2 * (ddf + c*ik*ik*ik)
	}
	hi := m.Trace() + ridge
	lo := c
	if c == 0 {
		// Without ridge or tail, h(0+) = (modes with eta > 0)/N - 1.
		P := 0.0
		for i, e := range m.Eta {
			if e > 0 {
				P += m.deg(i)
			}
		}
		if P <= N {
			return 0, true, nil
		}
		lo = hi
		for {
			lo /= 16
			if f, _, _ := h(lo); f > 0 {
				break
			}
			if lo < 1e-290 {
				return 0, false, fmt.Errorf("kappa is below 1e-290 at N = %g: the spectrum has barely more modes than samples", N)
			}
		}
	}
	// h(lo) >= 0 >= h(hi); start Newton from the guess or the geometric middle.
	k := math.Sqrt(lo * hi)
	if guess > lo && guess < hi {
		k = guess
	}
	if lo == hi {
		return lo, false, nil
	}
	for it := 0; it < 200; it++ {
		f, df, ddf := h(k)
		if f == 0 {
			return k, false, nil
		}
		if f > 0 {
			lo = k
		} else {
			hi = k
		}
		// Halley's step (cubic convergence); h is convex and decreasing, so the denominator
		// 2 df^2 - f ddf is positive wherever f < 0 and near the root.
		step := -2 * f * df / (2*df*df - f*ddf)
		next := k + step
		if !(next > lo && next < hi) {
			next = math.Sqrt(lo * hi) // bisection in log kappa
			step = next - k
		}
		// A Halley step of relative size 1e-6 leaves an error of order 1e-18: done.
		if math.Abs(step) <= 1e-6*k || hi-lo <= 4e-16*hi {
			return next, false, nil
		}
		k = next
	}
	return k, false, nil
}

// Solve returns the learning-curve point at N samples with the given ridge and label-noise
// variance (spec §2.1): kappa, gamma = sum d N eta^2/(N eta + kappa)^2 and
// E_g = [sum d kappa^2 s/(N eta + kappa)^2 + TailTarget + sigma^2 gamma]/(1 - gamma).
// At the double-descent peak (1 - gamma < GammaGuard with a nonzero numerator) it returns an error
// wrapping ErrDoubleDescent.
func (m *Modes) Solve(N, ridge, noise float64) (Point, error) {
	if err := m.Check(); err != nil {
		return Point{N: N, Ridge: ridge, Noise: noise}, err
	}
	return m.solveFrom(N, ridge, noise, 0)
}

func (m *Modes) solveFrom(N, ridge, noise, guess float64) (Point, error) {
	p := Point{N: N, Ridge: ridge, Noise: noise}
	if !(noise >= 0) || math.IsInf(noise, 0) {
		return p, fmt.Errorf("the label-noise variance must be a finite number >= 0; it is %g", noise)
	}
	var err error
	p.Kappa, p.Interpolates, err = m.kappaFrom(N, ridge, guess)
	if err != nil {
		return p, err
	}
	if m.TailTrace > 0 && N*m.TailEta > TailGuard*p.Kappa {
		return p, fmt.Errorf("%w: at N = %g the lumped modes (eigenvalues up to %.3g) have N eta/kappa = %.2g, above %g, so they would start to be learned and the theory's lumped tail no longer holds; use fewer samples or a spectrum that keeps more degrees", ErrTail, N, m.TailEta, N*m.TailEta/p.Kappa, TailGuard)
	}
	bias := m.TailTarget
	for i, e := range m.Eta {
		if e == 0 {
			bias += m.deg(i) * m.S[i] // never learned
			continue
		}
		q := 1 / (N*e + p.Kappa)
		L, oml := N*e*q, p.Kappa*q
		d := m.deg(i)
		p.Gamma += d * L * L
		bias += d * oml * oml * m.S[i]
	}
	p.Gamma /= N
	if p.Bias, err = overfit(bias, p.Gamma, N); err != nil {
		return p, err
	}
	if p.Variance, err = overfit(noise*p.Gamma, p.Gamma, N); err != nil {
		return p, err
	}
	p.Eg = p.Bias + p.Variance
	return p, nil
}

// overfit returns num/(1-gamma), the overfitting factor applied to num: 0 when num is 0 (a
// noise-free fit at the interpolation threshold is exact), and an error wrapping
// ErrDoubleDescent when 1 - gamma < GammaGuard with num > 0.
func overfit(num, gamma, N float64) (float64, error) {
	if num == 0 {
		return 0, nil
	}
	if 1-gamma < GammaGuard {
		return 0, fmt.Errorf("%w: at N = %g the overfitting factor 1/(1-gamma) exceeds %.0e (the sample size sits at the interpolation threshold of a kernel with about N modes, without ridge); the predicted error grows without bound here, so add ridge or move N", ErrDoubleDescent, N, 1/GammaGuard)
	}
	return num / (1 - gamma), nil
}

// Residual returns m_k = E[(v_k - vhat_k)^2] for every level, the second moment of the fit's
// residual in output mode k (spec §2.1): (1-L_k)^2 s_k + (L_k^2/N)(E_g + sigma^2). Summed with the
// degeneracies (and the tail's TailTarget) it gives E_g. Sequential training needs it, not the
// target mode's share of E_g (spec §3.7.1).
func (m *Modes) Residual(p Point) []float64 {
	r := make([]float64, len(m.Eta))
	for i, e := range m.Eta {
		L, oml := learn(p.N, e, p.Kappa), oneMinus(p.N, e, p.Kappa)
		r[i] = oml*oml*m.S[i] + L*L/p.N*(p.Eg+p.Noise)
	}
	return r
}

// Curve returns Solve at each N with ridge and noise fixed; errs[i] is Solve's error at Ns[i]
// (nil when the point is fine; a failed point is left as zero and must not be drawn).
func (m *Modes) Curve(Ns []float64, ridge, noise float64) (pts []Point, errs []error) {
	pts = make([]Point, len(Ns))
	errs = make([]error, len(Ns))
	if err := m.Check(); err != nil {
		for i := range errs {
			errs[i] = err
		}
		return pts, errs
	}
	for i, N := range Ns {
		// Warm start: kappa moves smoothly with N, close to a power of N, so extrapolate
		// log kappa linearly in log N from the two previous points (or take the previous one).
		guess := 0.0
		if i > 0 && errs[i-1] == nil {
			guess = pts[i-1].Kappa
			if i > 1 && errs[i-2] == nil && pts[i-2].Kappa > 0 && guess > 0 && Ns[i-1] != Ns[i-2] {
				slope := math.Log(guess/pts[i-2].Kappa) / math.Log(Ns[i-1]/Ns[i-2])
				guess *= math.Exp(slope * math.Log(N/Ns[i-1]))
			}
		}
		pts[i], errs[i] = m.solveFrom(N, ridge, noise, guess)
		if errs[i] != nil {
			pts[i] = Point{N: N, Ridge: ridge, Noise: noise}
		}
	}
	return pts, errs
}

// LogSpaced returns n values from lo to hi evenly spaced in log (n = 1 gives lo).
func LogSpaced(lo, hi float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		if n == 1 {
			out[i] = lo
			break
		}
		out[i] = lo * math.Pow(hi/lo, float64(i)/float64(n-1))
	}
	if n > 1 {
		out[n-1] = hi
	}
	return out
}

package krsim

import (
	"math"

	"gonum.org/v1/gonum/integrate/quad"
)

// The replica-theory values the simulation is checked against, computed here in a few lines
// (core/learncurve is the real theory package; these are a test-local second copy of spec §2.1,
// §2.2, §3.2 and §3.4 for s_k = eta_k, ridgeless, noise-free). The sphere spectrum: Funk–Hecke
// eigenvalues by Gauss–Legendre quadrature in phi with 8000 nodes up to degree 1000, odd
// eigenvalues below 1e-15 eta_0 set to 0 (spec §2.4.3), and the tail kappa_fn(1) - sum N(D,k)
// eta_k lumped into one mode with learnability 0 (spec §2.2). TestTheoryHelper checks this
// against the spec's sphere numbers to 1e-8.

type spectrum struct {
	eta, deg []float64
	tail     float64 // trace missed by the truncation, one lumped mode with L = 0
}

func sphereSpectrum(k Kernel, D int) spectrum {
	const kmax, nq = 1000, 8000
	xs := make([]float64, nq)
	ws := make([]float64, nq)
	quad.Legendre{}.FixedLocations(xs, ws, 0, math.Pi)
	Df := float64(D)
	lg1, _ := math.Lgamma(Df / 2)
	lg2, _ := math.Lgamma((Df - 1) / 2)
	cD := math.Exp(lg1-lg2) / math.Sqrt(math.Pi)
	sp := spectrum{eta: make([]float64, kmax+1), deg: make([]float64, kmax+1)}
	for q := range nq {
		t := math.Cos(xs[q])
		w := k(t) * math.Pow(math.Sin(xs[q]), Df-2) * ws[q] * cD
		p0, p1 := 1.0, t
		sp.eta[0] += w
		sp.eta[1] += w * t
		for j := 1; j < kmax; j++ {
			fj := float64(j)
			p0, p1 = p1, ((2*fj+Df-2)*t*p1-fj*p0)/(fj+Df-2)
			sp.eta[j+1] += w * p1
		}
	}
	trace := 0.0
	for j := range sp.eta {
		sp.deg[j] = 1
		if j > 0 {
			fj := float64(j)
			a, _ := math.Lgamma(fj + Df - 2)
			b, _ := math.Lgamma(fj + 1)
			c, _ := math.Lgamma(Df - 1)
			sp.deg[j] = (2*fj + Df - 2) * math.Exp(a-b-c)
		}
		if math.Abs(sp.eta[j]) < 1e-15*sp.eta[0] {
			sp.eta[j] = 0
		}
		trace += sp.deg[j] * sp.eta[j]
	}
	sp.tail = k(1) - trace
	return sp
}

// curve is kappa, gamma and the learnabilities L_k at one N.
type curve struct {
	N, kappa, gamma float64
	L               []float64
}

func (sp spectrum) at(N float64) curve { return sp.atRidge(N, 0) }

// atRidge solves kappa = lambda + kappa sum_k d_k eta_k / (N eta_k + kappa) (spec §2.1) by
// bisection in log kappa.
func (sp spectrum) atRidge(N, lambda float64) curve {
	h := func(kap float64) float64 {
		s := lambda/kap + sp.tail/kap
		for j, e := range sp.eta {
			s += sp.deg[j] * e / (N*e + kap)
		}
		return s - 1
	}
	lo, hi := 1e-14, 1e3
	for range 300 {
		m := math.Sqrt(lo * hi)
		if h(m) > 0 {
			lo = m
		} else {
			hi = m
		}
	}
	c := curve{N: N, kappa: math.Sqrt(lo * hi), L: make([]float64, len(sp.eta))}
	for j, e := range sp.eta {
		c.L[j] = N * e / (N*e + c.kappa)
		c.gamma += sp.deg[j] * c.L[j] * c.L[j] / N
	}
	return c
}

// transfer returns E_A, E_B, E_{A->B} and E^back (spec §3.2 with s = eta, ridgeless, label
// noise of variance sigma2 on both tasks).
func (sp spectrum) transfer(nA, nB int, rho, sigma2 float64) (eA, eB, fwd, back float64) {
	a, b := sp.at(float64(nA)), sp.at(float64(nB))
	eA, eB = sp.single(nA, 0, sigma2), sp.single(nB, 0, sigma2)
	fwd = sp.tail // the lumped mode: L_A = L_B = 0, r^2 = s
	drift := 0.0
	for j, s := range sp.eta {
		la, lb := a.L[j], b.L[j]
		r2 := (1-la)*(1-la)*s + 2*(1-rho)*la*s + la*la/a.N*(eA+sigma2)
		fwd += sp.deg[j] * (1 - lb) * (1 - lb) * r2
		drift += sp.deg[j] * s * (lb - la + la*lb)
	}
	fwd = (fwd + sigma2*b.gamma) / (1 - b.gamma)
	return eA, eB, fwd, fwd + 2*(1-rho)*drift
}

// sequence returns E_1..E_n for the same target over tasks of the given sizes (spec §3.4).
func (sp spectrum) sequence(sizes []int) []float64 {
	m := append([]float64(nil), sp.eta...)
	mTail := sp.tail
	var out []float64
	for _, n := range sizes {
		c := sp.at(float64(n))
		e := mTail
		for j := range m {
			e += sp.deg[j] * (1 - c.L[j]) * (1 - c.L[j]) * m[j]
		}
		e /= 1 - c.gamma
		for j := range m {
			m[j] = (1-c.L[j])*(1-c.L[j])*m[j] + c.L[j]*c.L[j]/c.N*e
		}
		out = append(out, e)
	}
	return out
}

// single returns E_g (spec §2.1) for s = eta with ridge lambda and noise variance sigma2.
func (sp spectrum) single(N int, lambda, sigma2 float64) float64 {
	c := sp.atRidge(float64(N), lambda)
	e := sp.tail // lumped mode: (1 - L)^2 = 1
	for j, s := range sp.eta {
		e += sp.deg[j] * (1 - c.L[j]) * (1 - c.L[j]) * s
	}
	return (e + sigma2*c.gamma) / (1 - c.gamma)
}

// teacher returns the covariance t -> sum_{k<=kmax} N(D,k) s_k P_k(t) of a teacher with power
// s_k = eta_k^r on the degrees k <= kmax and none above (so its power has no tail), and that s.
func (sp spectrum) teacher(D int, r float64, kmax int) (Kernel, []float64) {
	s := make([]float64, len(sp.eta))
	for k := 0; k <= kmax; k++ {
		s[k] = math.Pow(sp.eta[k], r)
	}
	c := make([]float64, kmax+1)
	for k := range c {
		c[k] = sp.deg[k] * s[k]
	}
	Df := float64(D)
	return func(t float64) float64 {
		p0, p1 := 1.0, t
		v := c[0] + c[1]*t
		for j := 1; j < kmax; j++ {
			fj := float64(j)
			p0, p1 = p1, ((2*fj+Df-2)*t*p1-fj*p0)/(fj+Df-2)
			v += c[j+1] * p1
		}
		return v
	}, s
}

// transferS is transfer for a target power s (no tail), ridgeless, noise-free (spec §3.2).
func (sp spectrum) transferS(s []float64, nA, nB int, rho float64) (eA, eB, fwd, back float64) {
	a, b := sp.at(float64(nA)), sp.at(float64(nB))
	for j, sj := range s {
		eA += sp.deg[j] * (1 - a.L[j]) * (1 - a.L[j]) * sj
		eB += sp.deg[j] * (1 - b.L[j]) * (1 - b.L[j]) * sj
	}
	eA /= 1 - a.gamma
	eB /= 1 - b.gamma
	drift := 0.0
	for j, sj := range s {
		la, lb := a.L[j], b.L[j]
		r2 := (1-la)*(1-la)*sj + 2*(1-rho)*la*sj + la*la/a.N*eA
		fwd += sp.deg[j] * (1 - lb) * (1 - lb) * r2
		drift += sp.deg[j] * sj * (lb - la + la*lb)
	}
	fwd /= 1 - b.gamma
	return eA, eB, fwd, fwd + 2*(1-rho)*drift
}

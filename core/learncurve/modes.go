package learncurve

import (
	"errors"
	"fmt"
	"math"

	"solvable/core/spectrum"
)

// Modes is a kernel's spectrum with a target's power on it: level i has eigenvalue Eta[i],
// shared by Deg[i] orthonormal eigenfunctions (Deg nil means 1 each), and the target puts power
// S[i] = E v_k^2 on each of them (spec §0: s_k in the orthonormal basis, not the feature basis).
// The modes beyond the list are lumped (spec §2.2): TailTrace = sum d eta over them, TailTarget =
// sum d s over them; they are assumed to have N eta << kappa, so they add TailTrace/kappa to the
// kappa equation (TailTrace acts as extra ridge), nothing to gamma, and are never learned.
type Modes struct {
	Eta, Deg, S           []float64
	TailTrace, TailTarget float64
	// TailEta bounds the eigenvalues in the tail (for a sphere spectrum, those at the cut). Solve
	// refuses a sample size with N TailEta > TailGuard kappa: there the lumped modes would start
	// to be learned and the lump is no longer the right answer.
	TailEta float64
}

// TailGuard is the largest N eta/kappa allowed for a lumped mode. Measured on the sphere (kmax
// 1000 against 4000, ReLU NTK): at N TailEta/kappa = 0.0075 (S^2, L = 2, N = 1e4) E_g moves by
// 2e-5 relative, at 0.024 (N = 1e5) by 2e-3, at 27 (the circle, N = 1e4) by 190%.
const TailGuard = 0.01

// ErrTail is wrapped by Solve's error when N is too large for the lumped tail.
var ErrTail = errors.New("too many samples for the kept degrees")

func (m *Modes) deg(i int) float64 {
	if m.Deg == nil {
		return 1
	}
	return m.Deg[i]
}

// Check says in a sentence why m is not a spectrum the theory can use, or nil.
func (m *Modes) Check() error {
	if len(m.Eta) == 0 {
		return fmt.Errorf("the spectrum is empty")
	}
	if len(m.S) != len(m.Eta) || (m.Deg != nil && len(m.Deg) != len(m.Eta)) {
		return fmt.Errorf("the spectrum has %d eigenvalues, %d target powers and %d degeneracies; they must match", len(m.Eta), len(m.S), len(m.Deg))
	}
	pos := false
	for i, e := range m.Eta {
		if !(e >= 0) || math.IsInf(e, 0) {
			return fmt.Errorf("eigenvalue %d is %g; eigenvalues must be finite and >= 0", i, e)
		}
		if !(m.S[i] >= 0) || math.IsInf(m.S[i], 0) {
			return fmt.Errorf("target power %d is %g; target powers must be finite and >= 0", i, m.S[i])
		}
		if d := m.deg(i); !(d >= 1) || math.IsInf(d, 0) {
			return fmt.Errorf("degeneracy %d is %g; it must be a finite number >= 1", i, d)
		}
		pos = pos || e > 0
	}
	if !pos {
		return fmt.Errorf("every eigenvalue is 0: the kernel learns nothing")
	}
	if !(m.TailTrace >= 0) || math.IsInf(m.TailTrace, 0) || !(m.TailTarget >= 0) || math.IsInf(m.TailTarget, 0) {
		return fmt.Errorf("the lumped tail (trace %g, target %g) must be finite and >= 0", m.TailTrace, m.TailTarget)
	}
	return nil
}

// Trace is the kernel's trace sum d eta, tail included.
func (m *Modes) Trace() float64 {
	t := m.TailTrace
	for i, e := range m.Eta {
		t += m.deg(i) * e
	}
	return t
}

// TargetPower is the target's variance sum d s, tail included.
func (m *Modes) TargetPower() float64 {
	t := m.TailTarget
	for i, s := range m.S {
		t += m.deg(i) * s
	}
	return t
}

// PowerLaw returns eta_k = k^{-alpha}, k = 1..M, d_k = 1, with the target s_k = k^{-sexp}
// (sexp = alpha is the target drawn from the kernel's own prior, s = eta). Nothing is lumped.
func PowerLaw(alpha float64, M int, sexp float64) *Modes {
	m := &Modes{Eta: make([]float64, M), S: make([]float64, M)}
	for k := 1; k <= M; k++ {
		m.Eta[k-1] = math.Pow(float64(k), -alpha)
		m.S[k-1] = math.Pow(float64(k), -sexp)
	}
	return m
}

// Sphere turns a kernel's sphere spectrum into modes with a target of relative exponent r:
// s_k = eta_k (eta_k / eta_ref)^(r-1) for the explicit degrees, eta_ref the largest eigenvalue, so
// that r = 1 is the target drawn from the kernel's own prior (s = eta, the spec's default, §3.6),
// r > 1 a smoother target and r < 1 a rougher one (the parameters allow r < 1 only on a power
// law: see MinSphereSexp); degrees with eta_k = 0 carry no target power.
// The lumped tail gets target power TailTrace (eta_cut/eta_ref)^(r-1), eta_cut the smallest
// nonzero explicit eigenvalue: beyond the cut the target follows the kernel's shape, so the
// teacher covariance is exactly TargetKernel's and is continuous in r. With lump = false the tail
// is dropped (trace and target), which is the spec's "un-lumped" negative check (§2.3B).
func Sphere(sp *spectrum.Spectrum, r float64, lump bool) *Modes {
	m := &Modes{Eta: append([]float64(nil), sp.Eta...), Deg: append([]float64(nil), sp.Deg...), S: make([]float64, len(sp.Eta))}
	ref, cut := 0.0, math.Inf(1)
	for _, e := range sp.Eta {
		if e > 0 {
			ref = math.Max(ref, e)
			cut = math.Min(cut, e)
		}
	}
	for i, e := range sp.Eta {
		if e > 0 {
			m.S[i] = e * math.Pow(e/ref, r-1)
		}
	}
	if lump {
		m.TailTrace = sp.Tail
		m.TailTarget = sp.Tail * math.Pow(cut/ref, r-1)
		// The first lumped degrees follow the last kept ones (the eigenvalues decay within each
		// parity), and the clamped ones are below the clamping threshold.
		n := len(sp.Eta)
		m.TailEta = math.Max(sp.Eta[n-1], sp.ClampThreshold(n))
		if n > 1 {
			m.TailEta = math.Max(m.TailEta, sp.Eta[n-2])
		}
	}
	return m
}

// TargetKernel returns the covariance function t -> E f*(x) f*(x') of the target Sphere(sp, r,
// true) describes, for a teacher drawn as a Gaussian process on S^{D-1}: sum_k N(D,k) s_k P_k(t)
// plus the kernel's remainder beyond the explicit degrees scaled by (eta_cut/eta_ref)^(r-1). For
// r = 1 it is the kernel itself.
func TargetKernel(sp *spectrum.Spectrum, r float64) func(t float64) float64 {
	if r == 1 {
		return sp.Kernel()
	}
	m := Sphere(sp, r, true)
	sum := spectrum.Sum(sp.D, m.S)
	rem := sp.Remainder()
	scale := 0.0
	if sp.Tail > 0 {
		scale = m.TailTarget / sp.Tail
	}
	return func(t float64) float64 { return sum(t) + scale*rem(t) }
}

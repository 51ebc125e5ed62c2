package learncurve

import (
	"fmt"
)

// Skipped is a sample size the theory does not draw, with the reason in a sentence.
type Skipped struct {
	N      float64
	Reason string
}

// CurvesTheory is what the curves view draws: E_g(N) with its bias and noise parts, and kappa,
// at the valid sample sizes (a point on the double-descent peak is listed in Skipped instead).
type CurvesTheory struct {
	N, Eg, Bias, Variance, Kappa []float64
	Skipped                      []Skipped
	Tail                         float64 // the lumped tail's trace (0 for a power law)
	Clamped                      int     // sphere eigenvalues taken for roundoff and set to 0
}

// Theory computes the curves view's lines.
func (pr CurvesParams) Theory() (*CurvesTheory, error) {
	m, err := pr.Build()
	if err != nil {
		return nil, err
	}
	out := &CurvesTheory{Tail: m.TailTrace}
	if pr.Spectrum == SpecReLU {
		sp, _ := SphereSpectrum(pr.D, pr.L)
		out.Clamped = sp.Clamped
	}
	Ns := LogSpaced(pr.NMin, pr.NMax, pr.Points)
	pts, errs := m.Curve(Ns, pr.Ridge, pr.Noise)
	for i, p := range pts {
		if errs[i] != nil {
			out.Skipped = append(out.Skipped, Skipped{N: Ns[i], Reason: errs[i].Error()})
			continue
		}
		out.N = append(out.N, p.N)
		out.Eg = append(out.Eg, p.Eg)
		out.Bias = append(out.Bias, p.Bias)
		out.Variance = append(out.Variance, p.Variance)
		out.Kappa = append(out.Kappa, p.Kappa)
	}
	return out, nil
}

// TransferTheory is what the transfer view draws against rho in [0, 1].
type TransferTheory struct {
	Rho, Forward, Backward  []float64  // E_{A->B}(rho), E^back_{A->B}(rho) on the grid
	EA, EB                  float64    // single-task errors (the reference lines)
	CriticalForward         float64    // rho*_F: forward transfer positive above it
	CriticalBackward        float64    // rho*_B: backward transfer positive above it; may exceed 1
	HasForward, HasBackward bool       // false when the error does not depend on rho (no crossing)
	AtRho                   [2]float64 // forward and backward at the marked rho
	Ensemble, Joint         float64    // comparators at rho = 1 (spec §3.4)
}

// SelfTheory is what the self view draws: the same target twice, N_A fixed, against N_B.
type SelfTheory struct {
	NB     []float64
	E2     []float64 // error after A then B (same target)
	Single []float64 // error of B's samples alone, from zero
	Joint  []float64 // one fit on N_A + N_B samples
	EA     float64   // E_1, the reference: E2 below it is self-knowledge transfer, above it forgetting
}

// MultiTheory is what the multi view draws against the task number n = 1..tasks.
type MultiTheory struct {
	N     []float64 // the sizes: N_A, then N_B each
	Split []Stage   // E_n, Bias_n, Variance_n for these sizes
	Equal []Stage   // the same with every task of size N_B (the equal split)
}

// ContinualTheory bundles the view's theory (one of the three is set).
type ContinualTheory struct {
	Transfer *TransferTheory
	Self     *SelfTheory
	Multi    *MultiTheory
}

// SelfGrid is the number of N_B values (log-spaced from 1 to MaxSimN) the self view draws.
const SelfGrid = 60

// RhoGrid is the number of similarities the transfer lines are drawn at (both are straight
// lines in rho, so any two would do; the grid is for plotting and export).
const RhoGrid = 101

// Theory computes the continual view's lines.
func (pr ContinualParams) Theory() (*ContinualTheory, error) {
	m, err := pr.Build()
	if err != nil {
		return nil, err
	}
	na, nb := float64(pr.NA), float64(pr.NB)
	switch pr.View {
	case "transfer":
		t, err := m.TwoTask(na, nb, pr.Noise)
		if err != nil {
			return nil, err
		}
		out := &TransferTheory{EA: t.A.Eg, EB: t.B.Eg, Ensemble: t.Ensemble, Joint: t.Joint,
			AtRho: [2]float64{t.Forward(pr.Rho), t.Backward(pr.Rho)}}
		out.CriticalForward, out.HasForward = t.CriticalForward()
		out.CriticalBackward, out.HasBackward = t.CriticalBackward()
		for i := range RhoGrid {
			r := float64(i) / (RhoGrid - 1)
			out.Rho = append(out.Rho, r)
			out.Forward = append(out.Forward, t.Forward(r))
			out.Backward = append(out.Backward, t.Backward(r))
		}
		return &ContinualTheory{Transfer: out}, nil
	case "self":
		pa, err := m.Solve(na, 0, pr.Noise)
		if err != nil {
			return nil, err
		}
		out := &SelfTheory{EA: pa.Eg} // the modes are checked: the sweep uses the internal solver
		gb, gj := 0.0, 0.0
		for _, n := range LogSpaced(1, MaxSimN, SelfGrid) {
			t, err := m.twoTask(pa, n, pr.Noise, gb, gj)
			if err != nil {
				return nil, fmt.Errorf("N_B = %.3g: %w", n, err)
			}
			gb, gj = t.B.Kappa, t.jointKappa // warm starts along the sweep
			out.NB = append(out.NB, n)
			out.E2 = append(out.E2, t.Forward(1))
			out.Single = append(out.Single, t.B.Eg)
			out.Joint = append(out.Joint, t.Joint)
		}
		return &ContinualTheory{Self: out}, nil
	case "multi":
		sizes := Sizes(na, nb, pr.Tasks)
		split, err := m.SameTarget(sizes, pr.Noise)
		if err != nil {
			return nil, err
		}
		equal, err := m.SameTarget(Sizes(nb, nb, pr.Tasks), pr.Noise)
		if err != nil {
			return nil, err
		}
		return &ContinualTheory{Multi: &MultiTheory{N: sizes, Split: split, Equal: equal}}, nil
	}
	return nil, fmt.Errorf("unknown view %q", pr.View)
}

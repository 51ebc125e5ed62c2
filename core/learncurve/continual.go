package learncurve

import "fmt"

// Transfer is the two-task prediction of spec §3.2: a kernel (NTK-regime network) fitted to task
// A's N_A samples without ridge, then fitted to the residual of task B's N_B samples from where A
// left it; the targets have equal powers s_k and correlation rho per mode. Both errors are linear
// in rho:
//
//	Forward(rho)  = E_{A->B}      = F0 + F1 (1 - rho)        (error on task B)
//	Backward(rho) = E^back_{A->B} = F0 + (F1 + G) (1 - rho)  (error on task A after learning B)
//
// with F0 the forward error at rho = 1, F1 = 2/(1-gamma_B) sum d (1-L_B)^2 L_A s and
// G = 2 sum d s (L_B - L_A + L_A L_B).
type Transfer struct {
	NA, NB, Noise float64
	A, B          Point   // the single-task points: A.Eg = E_A, B.Eg = E_B
	F0, F1, G     float64 // the coefficients above
	Ensemble      float64 // average of the two single-task fits at rho = 1: (E_A+E_B)/4 + (1/2) sum d (1-L_A)(1-L_B) s
	Joint         float64 // one fit on all N_A + N_B samples at rho = 1
	jointKappa    float64
}

// Forward returns E_{A->B}(rho), the test error on task B after A then B.
func (t *Transfer) Forward(rho float64) float64 { return t.F0 + t.F1*(1-rho) }

// Backward returns E^back_{A->B}(rho), the test error on task A after A then B.
func (t *Transfer) Backward(rho float64) float64 { return t.F0 + (t.F1+t.G)*(1-rho) }

// CriticalForward returns the similarity rho*_F at which Forward = E_B: above it, learning A first
// helps B (positive forward transfer). It is exactly 1/2 when s is proportional to eta without
// noise (spec §3.3). ok is false when Forward does not depend on rho (F1 = 0).
func (t *Transfer) CriticalForward() (rho float64, ok bool) {
	if !(t.F1 > 0) {
		return 0, false
	}
	return 1 - (t.B.Eg-t.F0)/t.F1, true
}

// CriticalBackward returns the similarity rho*_B at which Backward = E_A: below it, learning B
// makes A worse than before (forgetting). It may exceed 1 (N_A >> N_B: forgetting even at
// rho = 1, spec §3.3). ok is false when Backward does not depend on rho.
func (t *Transfer) CriticalBackward() (rho float64, ok bool) {
	if !(t.F1+t.G > 0) {
		return 0, false
	}
	return 1 - (t.A.Eg-t.F0)/(t.F1+t.G), true
}

// TwoTask computes the two-task prediction for sample sizes nA, nB (ridgeless; noise is the
// label-noise variance of both tasks).
func (m *Modes) TwoTask(nA, nB, noise float64) (*Transfer, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	pa, err := m.solveFrom(nA, 0, noise, 0)
	if err != nil {
		return nil, fmt.Errorf("task A: %w", err)
	}
	return m.twoTask(pa, nB, noise, 0, 0)
}

// twoTask is TwoTask with task A already solved and kappa guesses for task B and the joint fit
// (0: none), so that a sweep over N_B can warm-start.
func (m *Modes) twoTask(pa Point, nB, noise, guessB, guessJ float64) (*Transfer, error) {
	nA := pa.N
	pb, err := m.solveFrom(nB, 0, noise, guessB)
	if err != nil {
		return nil, fmt.Errorf("task B: %w", err)
	}
	t := &Transfer{NA: nA, NB: nB, Noise: noise, A: pa, B: pb}
	num0 := m.TailTarget // at rho = 1 the tail's residual power is unchanged: L = 0 there
	f1, g, cross := 0.0, 0.0, m.TailTarget
	for i, e := range m.Eta {
		d, s := m.deg(i), m.S[i]
		la, oma := learn(nA, e, pa.Kappa), oneMinus(nA, e, pa.Kappa)
		lb, omb := learn(nB, e, pb.Kappa), oneMinus(nB, e, pb.Kappa)
		r1 := oma*oma*s + la*la/nA*(pa.Eg+noise) // residual power after A at rho = 1
		num0 += d * omb * omb * r1
		f1 += d * omb * omb * la * s
		g += d * s * (lb - la + la*lb)
		cross += d * oma * omb * s
	}
	if t.F0, err = overfit(num0+noise*pb.Gamma, pb.Gamma, nB); err != nil {
		return nil, fmt.Errorf("task B: %w", err)
	}
	if t.F1, err = overfit(2*f1, pb.Gamma, nB); err != nil {
		return nil, fmt.Errorf("task B: %w", err)
	}
	t.G = 2 * g
	t.Ensemble = (pa.Eg+pb.Eg)/4 + cross/2
	pj, err := m.solveFrom(nA+nB, 0, noise, guessJ)
	if err != nil {
		return nil, fmt.Errorf("joint training on %g samples: %w", nA+nB, err)
	}
	t.Joint, t.jointKappa = pj.Eg, pj.Kappa
	return t, nil
}

// Stage is task j of a sequence with the same target (spec §3.4).
type Stage struct {
	N        float64 // samples of this task
	E        float64 // test error after training on tasks 1..j in order
	Bias     float64 // 1/(1-gamma_j) sum d (1-L_j)^2 prod_{i<j} (1-L_i)^2 s, tail included
	Variance float64 // E - Bias: what the earlier fits' errors and the label noise leave
	Single   float64 // the error of a fit on task j's samples alone, from zero
}

// SameTarget runs the recursion of spec §3.4 over tasks with sample sizes Ns, all with the same
// target (rho = 1), ridgeless, label-noise variance noise: m^(0) = s,
// E_j = [sum d (1-L_j)^2 m^(j-1) + sigma^2 gamma_j]/(1-gamma_j),
// m^(j) = (1-L_j)^2 m^(j-1) + (L_j^2/N_j)(E_j + sigma^2).
func (m *Modes) SameTarget(Ns []float64, noise float64) ([]Stage, error) {
	if len(Ns) == 0 {
		return nil, fmt.Errorf("the sequence has no tasks")
	}
	if err := m.Check(); err != nil {
		return nil, err
	}
	res := append([]float64(nil), m.S...) // m^(j)
	surv := make([]float64, len(m.S))     // prod_{i<=j} (1-L_i)^2
	for i := range surv {
		surv[i] = 1
	}
	out := make([]Stage, len(Ns))
	for j, N := range Ns {
		p, err := m.solveFrom(N, 0, noise, 0)
		if err != nil {
			return nil, fmt.Errorf("task %d: %w", j+1, err)
		}
		num, bias := m.TailTarget, m.TailTarget
		for i, e := range m.Eta {
			d, om := m.deg(i), oneMinus(N, e, p.Kappa)
			num += d * om * om * res[i]
			surv[i] *= om * om
			bias += d * surv[i] * m.S[i]
		}
		E, err := overfit(num+noise*p.Gamma, p.Gamma, N)
		if err != nil {
			return nil, fmt.Errorf("task %d: %w", j+1, err)
		}
		B, err := overfit(bias, p.Gamma, N)
		if err != nil {
			return nil, fmt.Errorf("task %d: %w", j+1, err)
		}
		for i, e := range m.Eta {
			L, om := learn(N, e, p.Kappa), oneMinus(N, e, p.Kappa)
			res[i] = om*om*res[i] + L*L/N*(E+noise)
		}
		out[j] = Stage{N: N, E: E, Bias: B, Variance: E - B, Single: p.Eg}
	}
	return out, nil
}

// Sizes returns the sample sizes of a sequence of tasks: the first has first samples, each later
// one rest (first = rest is the equal split; first >> rest the unbalanced one of spec §3.4).
func Sizes(first, rest float64, tasks int) []float64 {
	s := make([]float64, tasks)
	for i := range s {
		s[i] = rest
	}
	if tasks > 0 {
		s[0] = first
	}
	return s
}

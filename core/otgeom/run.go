package otgeom

import (
	"math"

	"solvable/core/sinkhorn"
)

// Step is what one e-projection did, in the numbers of the Pythagorean relation.
type Step struct {
	Projection sinkhorn.Projection // rows (onto M_p) or columns (onto M_q)
	// Before (KL(P*||P_k)), After (KL(P*||P_{k+1})) and Move (KL(P_{k+1}||P_k)), each from
	// log-plans; Gap = |Before - After - Move|, zero but for rounding.
	Before, After, Move, Gap float64
}

// Run is Sinkhorn on one 2x2 problem, one e-projection per Step, from P_0 = K. It uses
// core/sinkhorn's Solver (log-stabilised when lambda is small) and keeps the log-plan of each
// iterate so the KLs to P* are exact where entries underflow.
type Run struct {
	Prob    Problem
	solver  *sinkhorn.Solver
	optLog  Plan // ln P*, closed form
	cur     Plan // ln P_k
	last    Step
	hasLast bool
	maxGap  float64 // largest Gap of this run
	maxRel  float64 // largest Gap / max(Before, 1)
}

// NewRun starts Sinkhorn at P_0 = K. The problem must pass Check.
func NewRun(pr Problem) (*Run, error) {
	if err := pr.Check(); err != nil {
		return nil, err
	}
	sp, err := sinkhorn.NewProblem(pr.P(), pr.Q(), pr.Cost())
	if err != nil {
		return nil, err
	}
	s, err := sinkhorn.New(sp, pr.Lambda, sinkhorn.Options{})
	if err != nil {
		return nil, err
	}
	r := &Run{Prob: pr, solver: s, optLog: pr.OptimalLogPlan()}
	r.cur = r.readLog()
	return r, nil
}

// readLog is ln P_k from the solver: the logarithm of the plan's entry where that is a normal
// double (relative accuracy of one rounding), else (F_i + G_j - C_ij)/lambda from the
// potentials, which stays finite when the entry underflows or overflows.
func (r *Run) readLog() Plan {
	var L Plan
	plan := r.solver.Plan(nil)
	var F, G []float64
	lam := r.solver.StageLambda()
	C := r.Prob.Cost()
	for k, v := range plan {
		if v > 1e-280 && v < 1e280 {
			L[k] = math.Log(v)
			continue
		}
		if F == nil {
			F, G = r.solver.Potentials()
		}
		L[k] = (F[k/2] + G[k%2] - C[k]) / lam
	}
	return L
}

// Step does one e-projection and measures the Pythagorean relation across it.
func (r *Run) Step() Step {
	before := r.cur
	r.solver.Step()
	r.cur = r.readLog()
	st := Step{
		Projection: r.solver.Last(),
		Before:     KLLog(r.optLog[:], before[:]),
		After:      KLLog(r.optLog[:], r.cur[:]),
		Move:       KLLog(r.cur[:], before[:]),
	}
	st.Gap = math.Abs(st.Before - st.After - st.Move)
	if math.IsInf(st.Before, 1) || math.IsInf(st.Move, 1) {
		// P_0 = K overflows (a negative cost at small lambda): KL(P*||K) and KL(P_1||K) are
		// beyond float64, but their difference, the part of the relation they enter, is not.
		st.Gap = math.Abs(KLDiffLog(r.optLog[:], r.cur[:], before[:]) - st.After)
	}
	if !(st.Gap <= r.maxGap) && !math.IsNaN(st.Gap) {
		r.maxGap = st.Gap
	}
	if rel := st.Gap / math.Max(st.Before, 1); rel > r.maxRel {
		r.maxRel = rel
	}
	r.last, r.hasLast = st, true
	return st
}

// Last is the last step's record; ok is false before the first projection.
func (r *Run) Last() (Step, bool) { return r.last, r.hasLast }

// MaxGap is the largest Pythagorean gap so far; MaxRelativeGap the largest gap divided by
// max(KL(P*||P_k), 1), which is what rounding bounds when KL(P*||K) is large (small lambda).
func (r *Run) MaxGap() float64         { return r.maxGap }
func (r *Run) MaxRelativeGap() float64 { return r.maxRel }

// LogPlan is ln P_k; Plan is P_k (P_0 = K has total mass 2 + 2 exp(-c/lambda)).
func (r *Run) LogPlan() Plan { return r.cur }
func (r *Run) Plan() Plan    { return r.cur.Exp() }

// Normalised is P_k / sum P_k: the point drawn in the tetrahedron (only P_0 has mass != 1).
func (r *Run) Normalised() Plan { return Normalise(r.cur) }

// Optimal is P*, and OptimalLog its logarithm, from the closed form.
func (r *Run) Optimal() Plan    { return r.optLog.Exp() }
func (r *Run) OptimalLog() Plan { return r.optLog }

// KLToOptimum is KL(P*||P_k).
func (r *Run) KLToOptimum() float64 { return KLLog(r.optLog[:], r.cur[:]) }

// Projections counts e-projections; Last names the one that made the current iterate.
func (r *Run) Projections() int                    { return r.solver.Projections() }
func (r *Run) LastProjection() sinkhorn.Projection { return r.solver.Last() }

// MarginalError is ||P1 - p||_1 + ||P^T 1 - q||_1.
func (r *Run) MarginalError() float64 { return r.solver.MarginalError() }

// Normalise returns exp(L) / sum exp(L), computed with the largest entry factored out so it
// never overflows.
func Normalise(L Plan) Plan {
	mx := math.Max(math.Max(L[0], L[1]), math.Max(L[2], L[3]))
	var P Plan
	s := 0.0
	for k, l := range L {
		P[k] = math.Exp(l - mx)
		s += P[k]
	}
	for k := range P {
		P[k] /= s
	}
	return P
}

package lambdadiv

import (
	"fmt"
	"math"

	"solvable/core/param"
	"solvable/core/sinkhorn"
)

// Values holds the divergences of p and q at entropy weight lambda (our convention).
type Values struct {
	AKO, AKOC                   float64 // the 2018 and the 2019 divergence (both derived; see the package doc)
	AKOConfirmed, AKOCConfirmed bool    // the definition was read in the paper (false: derived, label it so)

	// PlanKL is KL(P*(p,q) || P*(q,q)), so AKO = lambda/(1+lambda) PlanKL.
	PlanKL float64
	// Sinkhorn is the debiased Sinkhorn divergence S_lambda(p,q) = OT(p,q) - OT(p,p)/2 -
	// OT(q,q)/2, so AKOC = Sinkhorn/(1+lambda).
	Sinkhorn float64
}

// Confirmed says whether each definition was read in its paper. Both are false: see
// /work/notes/lambda-div.md.
const (
	AKOConfirmed  = false
	AKOCConfirmed = false
)

// Defaults for Compute and NewEvaluator: the L1 marginal error each plan is solved to, and the
// iteration budget per solve.
const (
	DefaultTol     = 1e-12
	DefaultMaxIter = 500000
)

// Compute returns both divergences of p and q at entropy weight lambda. p and q are weights on
// the same n points (normalised here), C is the n x n cost between them, row-major.
func Compute(p, q, C []float64, lambda float64) (Values, error) {
	e, err := NewEvaluator(p, q, C, lambda)
	if err != nil {
		return Values{}, err
	}
	return e.Values()
}

// Evaluator keeps the three solved plans P*(p,q), P*(p,p) and P*(q,q) so that a sweep over
// lambda can warm-start each solve from the previous lambda's potentials (At). Tol and
// MaxIter may be changed before the next At.
type Evaluator struct {
	pq      *sinkhorn.Solver
	pp, qq  *sinkhorn.SelfTransport
	Tol     float64
	MaxIter int
}

// NewEvaluator checks the inputs, builds the three problems and solves them at lambda.
func NewEvaluator(p, q, C []float64, lambda float64) (*Evaluator, error) {
	n := len(p)
	if n == 0 {
		return nil, &param.Error{Param: "p", Msg: "p has no weights"}
	}
	if len(q) != n {
		return nil, &param.Error{Param: "q", Msg: fmt.Sprintf("q has %d weights but p has %d; both divergences compare histograms on the same points", len(q), n)}
	}
	if len(C) != n*n {
		return nil, &param.Error{Param: "C", Msg: fmt.Sprintf("the cost matrix has %d entries; on %d points it must be %d x %d", len(C), n, n, n)}
	}
	pr, err := sinkhorn.NewProblem(p, q, C)
	if err != nil {
		return nil, err
	}
	if !symmetric(pr.C, n) {
		return nil, &param.Error{Param: "C", Msg: "the cost matrix must be symmetric (C_ij = C_ji): both divergences compare p and q on one set of points with one ground cost"}
	}
	for i := range pr.P {
		if pr.P[i] > 0 && pr.Q[i] == 0 {
			return nil, &param.Error{Param: "q", Msg: fmt.Sprintf("q has no weight at point %d where p has some; the 2018 divergence is then infinite, as KL(p||q) is", i+1)}
		}
	}
	e := &Evaluator{Tol: DefaultTol, MaxIter: DefaultMaxIter}
	if e.pq, err = sinkhorn.New(pr, lambda, sinkhorn.Options{LambdaScaling: true}); err != nil {
		return nil, &param.Error{Param: "lambda", Msg: err.Error()}
	}
	for k, w := range [][]float64{pr.P, pr.Q} {
		self, err := sinkhorn.NewProblem(w, w, pr.C)
		if err != nil {
			return nil, err
		}
		st, err := sinkhorn.NewSelfTransport(self, lambda)
		if err != nil {
			return nil, &param.Error{Param: "lambda", Msg: err.Error()}
		}
		if k == 0 {
			e.pp = st
		} else {
			e.qq = st
		}
	}
	if err := e.solve(lambda); err != nil {
		return nil, err
	}
	return e, nil
}

// At moves all three plans to a new lambda, warm-started from the current potentials, and
// returns the divergences there.
func (e *Evaluator) At(lambda float64) (Values, error) {
	for _, set := range []func(float64) error{e.pq.SetLambda, e.pp.SetLambda, e.qq.SetLambda} {
		if err := set(lambda); err != nil {
			return Values{}, &param.Error{Param: "lambda", Msg: err.Error()}
		}
	}
	if err := e.solve(lambda); err != nil {
		return Values{}, err
	}
	return e.Values()
}

// Solver exposes the solved plan P*(p,q) (for plotting; do not step it).
func (e *Evaluator) Solver() *sinkhorn.Solver { return e.pq }

// Values evaluates both divergences from the current plans.
func (e *Evaluator) Values() (Values, error) { return evaluate(e.pq, e.pp, e.qq) }

func (e *Evaluator) solve(lambda float64) error {
	if _, ok := e.pq.Solve(e.Tol, e.MaxIter); !ok {
		return &param.Error{Param: "lambda", Msg: fmt.Sprintf("Sinkhorn for P*(p,q) did not reach marginal error %g in %d iterations at lambda = %g (error %.3g); raise lambda", e.Tol, e.MaxIter, lambda, e.pq.MarginalError())}
	}
	for _, s := range []*sinkhorn.SelfTransport{e.pp, e.qq} {
		if _, ok := s.Solve(e.Tol, e.MaxIter); !ok {
			return &param.Error{Param: "lambda", Msg: fmt.Sprintf("the symmetric Sinkhorn iteration for a self-transport plan did not reach marginal error %g in %d iterations at lambda = %g (error %.3g)", e.Tol, e.MaxIter, lambda, s.MarginalError())}
		}
	}
	return nil
}

func evaluate(pq *sinkhorn.Solver, pp, qq *sinkhorn.SelfTransport) (Values, error) {
	pr := pq.Problem()
	lambda := pq.Lambda()
	lnPQ, n, m := logPlan(pq)
	lnPP, lnQQ := pp.LogPlan(), qq.LogPlan()
	kl := planKL(lnPQ, lnQQ, n, m)
	sd := relObjective(lnPQ, pr.P, pr.Q, pr.C, lambda) -
		relObjective(lnPP, pr.P, pr.P, pr.C, lambda)/2 -
		relObjective(lnQQ, pr.Q, pr.Q, pr.C, lambda)/2
	if math.IsNaN(kl) || math.IsInf(kl, 0) || math.IsNaN(sd) || math.IsInf(sd, 0) {
		return Values{}, fmt.Errorf("the divergences at lambda = %g are not finite numbers (plan KL %g, Sinkhorn divergence %g)", lambda, kl, sd)
	}
	return FromParts(lambda, kl, sd), nil
}

// FromParts assembles both divergences at entropy weight lambda from their ingredients:
// planKL = KL(P*(p,q) || P*(q,q)) and the Sinkhorn divergence S_lambda(p,q). Compute and the
// simulator's lambda sweep (which has these from its own solved plans) both go through it, so
// the two definitions are written once.
func FromParts(lambda, planKL, sinkhornDivergence float64) Values {
	return Values{
		AKO:           lambda / (1 + lambda) * planKL,
		AKOC:          sinkhornDivergence / (1 + lambda),
		AKOConfirmed:  AKOConfirmed,
		AKOCConfirmed: AKOCConfirmed,
		PlanKL:        planKL,
		Sinkhorn:      sinkhornDivergence,
	}
}

// logPlan returns ln P_ij = (F_i + G_j - C_ij)/lambda of a solver's current plan as a function,
// and the dimensions; bins of zero weight give -Inf.
func logPlan(s *sinkhorn.Solver) (lnP func(i, j int) float64, n, m int) {
	F, G := s.Potentials()
	pr := s.Problem()
	lam := s.Lambda()
	return func(i, j int) float64 {
		f, g := F[i], G[j]
		if math.IsNaN(f) || math.IsNaN(g) {
			return math.Inf(-1)
		}
		return (f + g - pr.C[i*pr.M+j]) / lam
	}, pr.N, pr.M
}

func symmetric(C []float64, n int) bool {
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			if C[i*n+j] != C[j*n+i] {
				return false
			}
		}
	}
	return true
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func planKL(lnA, lnB func(i, j int) float64, n, m int) float64 {
	kl, massA, massB := 0.0, 0.0, 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			la, lb := lnA(i, j), lnB(i, j)
			massB += math.Exp(lb)
			if math.IsInf(la, -1) {
				continue
			}
			x := math.Exp(la)
			massA += x
			if x == 0 {
				continue
			}
			if math.IsInf(lb, -1) {
				return math.Inf(1)
			}
			kl += x * (la - lb)
		}
	}
	return kl - massA + massB
}

// relObjective is <C,P> + lambda sum P ln(P / (a b^T)) for a plan P (given by its logarithm)
// with intended marginals a and b. For P in U(a,b) it equals OT_lambda(a,b) + lambda (H(a) +
// H(b)); the H terms cancel exactly in the Sinkhorn divergence, which is why it is assembled
// from these.
func relObjective(lnP func(i, j int) float64, a, b, C []float64, lambda float64) float64 {
	m := len(b)
	lnB := make([]float64, m)
	for j, x := range b {
		lnB[j] = math.Log(x)
	}
	t := 0.0
	for i, ai := range a {
		if ai == 0 {
			continue
		}
		la := math.Log(ai)
		for j := 0; j < m; j++ {
			if b[j] == 0 {
				continue
			}
			l := lnP(i, j)
			x := math.Exp(l)
			if x == 0 {
				continue
			}
			t += x * (C[i*m+j] + lambda*(l-la-lnB[j]))
		}
	}
	return t
}

package otgeom

import (
	"fmt"
	"math"

	"solvable/core/param"
	"solvable/core/sinkhorn"
)

// Plan is a 2x2 plan, row-major: P11, P12, P21, P22. Cell k is row k/2, column k%2.
type Plan [4]float64

// CellNames are the cells of a Plan as a student reads them ("row, column").
var CellNames = [4]string{"11", "12", "21", "22"}

// Problem is one 2x2 transport problem: p = (P1, 1-P1), q = (Q1, 1-Q1), C = [[0, C], [C, 0]],
// entropy weight Lambda.
type Problem struct {
	P1, Q1, C, Lambda float64
}

// epsilon is the spacing of doubles just below 1.
const epsilon = 0x1p-52

// MaxAbsCost bounds |c|. Only c/lambda shapes the plan; the bound keeps <C,P> readable.
const MaxAbsCost = 1000

// Check says in words what is wrong with the problem, naming the parameter; nil if nothing.
func (pr Problem) Check() error {
	for _, m := range []struct {
		name string
		v    float64
		what string
	}{{"p1", pr.P1, "the first entry of p, the mass of row 1"}, {"q1", pr.Q1, "the first entry of q, the mass of column 1"}} {
		if math.IsNaN(m.v) || math.IsInf(m.v, 0) || m.v <= 0 || m.v >= 1 {
			return &sinkhorn.ParamError{Param: m.name, Msg: fmt.Sprintf("%s (%s) must lie strictly between 0 and 1, such as 0.7; got %g. At 0 or 1 a row or column is empty and the plan has nowhere to move.", m.name, m.what, m.v)}
		}
	}
	if math.IsNaN(pr.C) || math.IsInf(pr.C, 0) || math.Abs(pr.C) > MaxAbsCost {
		return &sinkhorn.ParamError{Param: "c", Msg: fmt.Sprintf("c (the cost of the off-diagonal cells) must be a number from -%d to %d; got %g. Negative c makes swapping cheaper than staying.", MaxAbsCost, MaxAbsCost, pr.C)}
	}
	if err := sinkhorn.CheckLambda(pr.Lambda, math.Abs(pr.C)); err != nil {
		return &sinkhorn.ParamError{Param: "lambda", Msg: param.Sentence(err.Error())}
	}
	return nil
}

// P and Q are the marginals as vectors.
func (pr Problem) P() []float64 { return []float64{pr.P1, 1 - pr.P1} }
func (pr Problem) Q() []float64 { return []float64{pr.Q1, 1 - pr.Q1} }

// Cost is C row-major.
func (pr Problem) Cost() []float64 { return []float64{0, pr.C, pr.C, 0} }

// Transport is <C, P>.
func (pr Problem) Transport(P Plan) float64 { return pr.C * (P[1] + P[2]) }

// LogKernel is ln K = -C/lambda, P_0 of Sinkhorn.
func (pr Problem) LogKernel() Plan { return Plan{0, -pr.C / pr.Lambda, -pr.C / pr.Lambda, 0} }

// Independent is p q^T, the lambda -> infinity limit.
func (pr Problem) Independent() Plan {
	p2, q2 := 1-pr.P1, 1-pr.Q1
	return Plan{pr.P1 * pr.Q1, pr.P1 * q2, p2 * pr.Q1, p2 * q2}
}

// LPPlan is the lambda -> 0 limit of P*: a vertex of U(p,q) for c != 0 (the diagonal one for
// c > 0, the anti-diagonal one for c < 0), and p q^T for c = 0, where every coupling costs
// the same and the entropic plans are p q^T at every lambda.
func (pr Problem) LPPlan() Plan {
	p1, q1 := pr.P1, pr.Q1
	p2, q2 := 1-p1, 1-q1
	switch {
	case pr.C > 0:
		a := math.Min(p1, q1)
		d := math.Min(p2, q2)
		return Plan{a, p1 - a, q1 - a, d}
	case pr.C < 0:
		b := math.Min(p1, q2)
		e := math.Min(p2, q1)
		return Plan{p1 - b, b, e, p2 - e}
	}
	return pr.Independent()
}

// OptimalPlan is P* in closed form (see OptimalLogPlan). Entries below the smallest double
// are 0.
func (pr Problem) OptimalPlan() Plan {
	lp := pr.OptimalLogPlan()
	var P Plan
	for k, l := range lp {
		P[k] = math.Exp(l)
	}
	return P
}

// OptimalLogPlan is ln P*, entry by entry, from the closed form. The entry that vanishes as
// lambda -> 0 is solved for directly (smallRoot), in logarithms, so it stays exact when it is
// far below the smallest double; the others follow from the marginals.
func (pr Problem) OptimalLogPlan() Plan {
	p1, q1 := pr.P1, pr.Q1
	p2, q2 := 1-p1, 1-q1
	if pr.C == 0 {
		return Plan{math.Log(p1) + math.Log(q1), math.Log(p1) + math.Log(q2), math.Log(p2) + math.Log(q1), math.Log(p2) + math.Log(q2)}
	}
	// ell = ln of the cross ratio for the cell solved for: exp(-2|c|/lambda) < 1.
	ell := -2 * math.Abs(pr.C) / pr.Lambda
	// Each case names the small cell x, its row partner (row sum a), its column partner
	// (column sum b) and the opposite cell s + x.
	var cell, rowMate, colMate, opp int
	var a, b, s float64
	if pr.C > 0 {
		if s = q1 - p1; s >= 0 { // x = P12: P11 = p1 - x, P22 = q2 - x, P21 = q1 - p1 + x
			cell, rowMate, colMate, opp, a, b = 1, 0, 3, 2, p1, q2
		} else { // x = P21: P22 = p2 - x, P11 = q1 - x, P12 = p1 - q1 + x
			s = -s
			cell, rowMate, colMate, opp, a, b = 2, 3, 0, 1, p2, q1
		}
	} else {
		if s = p2 - q1; s >= 0 { // x = P11: P12 = p1 - x, P21 = q1 - x, P22 = p2 - q1 + x
			cell, rowMate, colMate, opp, a, b = 0, 1, 2, 3, p1, q1
		} else { // x = P22: P21 = p2 - x, P12 = q2 - x, P11 = q1 - p2 + x
			s = -s
			cell, rowMate, colMate, opp, a, b = 3, 2, 1, 0, p2, q2
		}
	}
	// p2 = 1 - p1 carries a rounding of 1 - p1, so p1 + q1 = 1 typed in decimals may leave
	// s = 4e-17 instead of 0; that difference lies below the data's own precision and would
	// otherwise switch the lambda -> 0 rate from exp(-|c|/lambda) to exp(-2|c|/lambda).
	if s < 4*epsilon {
		s = 0
	}
	lx := smallRoot(a, b, s, ell)
	x := math.Exp(lx)
	var L Plan
	L[cell] = lx
	L[rowMate] = math.Log(a) + math.Log1p(-x/a)
	L[colMate] = math.Log(b) + math.Log1p(-x/b)
	if s == 0 {
		L[opp] = lx
	} else {
		L[opp] = math.Log(s + x)
	}
	return L
}

// smallRoot returns ln x for the root x in [0, min(a, b)] of
//
//	x (s + x) = R (a - x)(b - x),   R = exp(ell) <= 1,  s >= 0,  a, b > 0,
//
// that is (1-R) x^2 + B x - R a b = 0 with B = s + R (a + b) >= 0. The roots have opposite
// signs; the non-negative one is x = 2 R a b / (B + sqrt(B^2 + 4 (1-R) R a b)), a sum of
// positive terms with no cancellation, taken in logarithms so that R may underflow. For s = 0
// the factor sqrt(R) comes out first: x = sqrt(R) 2ab / (t (a+b) + sqrt(t^2 (a+b)^2 + 4 (1-R) ab)),
// t = sqrt(R).
func smallRoot(a, b, s, ell float64) float64 {
	R := math.Exp(ell)
	omr := -math.Expm1(ell) // 1 - R without cancellation
	if s == 0 {
		t := math.Exp(ell / 2)
		d := t*(a+b) + math.Sqrt(t*t*(a+b)*(a+b)+4*omr*a*b)
		return math.Ln2 + ell/2 + math.Log(a) + math.Log(b) - math.Log(d)
	}
	B := s + R*(a+b)
	d := B + math.Sqrt(B*B+4*omr*R*a*b)
	return math.Ln2 + ell + math.Log(a) + math.Log(b) - math.Log(d)
}

// Sub is P - Q entry by entry; L1 the sum of absolute entries.
func (P Plan) Sub(Q Plan) Plan {
	return Plan{P[0] - Q[0], P[1] - Q[1], P[2] - Q[2], P[3] - Q[3]}
}

func (P Plan) L1() float64 {
	return math.Abs(P[0]) + math.Abs(P[1]) + math.Abs(P[2]) + math.Abs(P[3])
}

// Rows is the plan as nested rows, for JSON.
func (P Plan) Rows() [][]float64 { return [][]float64{{P[0], P[1]}, {P[2], P[3]}} }

// Exp and Log map between a plan and its logarithms.
func (P Plan) Exp() Plan { return Plan{math.Exp(P[0]), math.Exp(P[1]), math.Exp(P[2]), math.Exp(P[3])} }
func (P Plan) Log() Plan { return Plan{math.Log(P[0]), math.Log(P[1]), math.Log(P[2]), math.Log(P[3])} }

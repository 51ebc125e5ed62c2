package sinkhorn

import (
	"errors"
	"fmt"
	"math"
)

// PlanDivergence is the plan divergence of spec §2.5,
//
//	D_lambda[p : q] = KL( P*(p,p) || P*(p,q) ),
//
// the canonical (Bregman) divergence of the dually flat manifold of optimal plans (§2.4) between
// the plan that sends p onto itself and the plan that sends p onto q. self must be the solver of
// the problem (p, p) and main that of (p, q), both on the same points (so the same cost matrix)
// and at the same lambda; both should have converged. The KL is evaluated from the potentials in
// the log domain, ln P*_ij = (F_i + G_j - C_ij)/lambda (spec §2.12.7), so it stays finite where
// exp(-C/lambda) underflows. It is +Inf when P*(p,q) has no mass where P*(p,p) has some, which
// happens exactly when q is zero on a bin where p is not (KL(p||q) is then infinite too).
//
// Limits (spec §2.5, §2.6): lambda -> infinity gives KL(p||q); as lambda -> 0 it grows like 1/lambda.
func PlanDivergence(self, main *Solver) (float64, error) {
	a, b := self.prob, main.prob
	if a.N != b.N || a.M != b.M || len(a.C) != len(b.C) {
		return math.NaN(), errors.New("the plan divergence compares two plans on the same points; the problems have different sizes")
	}
	for k := range a.C {
		if a.C[k] != b.C[k] {
			return math.NaN(), errors.New("the plan divergence needs p and q on the same points (the same cost matrix)")
		}
	}
	if self.lambda != main.lambda || self.lam != self.lambda || main.lam != main.lambda {
		return math.NaN(), fmt.Errorf("the two plans are at different entropy weights (%g and %g)", self.lam, main.lam)
	}
	Fa, Ga := self.Potentials()
	Fb, Gb := main.Potentials()
	return planKL(a.C, a.N, a.M, self.lambda, Fa, Ga, Fb, Gb), nil
}

// planKL is the generalised KL(A || B) = sum A (ln A - ln B) - A + B between the plans
// A = exp((Fa_i + Ga_j - C_ij)/lambda) and B = exp((Fb_i + Gb_j - C_ij)/lambda), where a NaN
// potential marks a bin of zero weight (a zero row or column of that plan). The C_ij cancel in
// ln A - ln B, so no large exponent is ever subtracted from another.
func planKL(C []float64, n, m int, lambda float64, Fa, Ga, Fb, Gb []float64) float64 {
	kl := 0.0
	for i := 0; i < n; i++ {
		rowA, rowB := !math.IsNaN(Fa[i]), !math.IsNaN(Fb[i])
		if !rowA && !rowB {
			continue
		}
		ci := C[i*m : (i+1)*m]
		for j, c := range ci {
			okA := rowA && !math.IsNaN(Ga[j])
			okB := rowB && !math.IsNaN(Gb[j])
			if okA {
				la := (Fa[i] + Ga[j] - c) / lambda
				A := math.Exp(la)
				if A > 0 {
					if !okB {
						return math.Inf(1)
					}
					d := (Fa[i] - Fb[i] + Ga[j] - Gb[j]) / lambda
					kl += A*d - A
				}
			}
			if okB {
				kl += math.Exp((Fb[i] + Gb[j] - c) / lambda)
			}
		}
	}
	return kl
}

// KL is the Kullback-Leibler divergence sum p_i ln(p_i / q_i) of two normalised histograms on the
// same bins: +Inf when q_i = 0 < p_i, with 0 ln 0 = 0. It is the lambda -> infinity limit of the
// plan divergence.
func KL(p, q []float64) float64 {
	kl := 0.0
	for i, x := range p {
		if x <= 0 {
			continue
		}
		if !(q[i] > 0) {
			return math.Inf(1)
		}
		kl += x * math.Log(x/q[i])
	}
	return kl
}

// PlanDivergence1D solves the problems (p, p) and (p, q) on the points x from the start (no warm
// start) to an L1 marginal error below tol and returns their plan divergence. It is the
// reference the sweep is tested against. (p, p) is solved by the symmetric iteration of
// SelfTransport, which converges at small lambda where plain Sinkhorn on a nearly diagonal plan
// does not in any reasonable number of iterations.
func PlanDivergence1D(x, p, q []float64, cost Cost, lambda, tol float64, maxIter int) (float64, error) {
	pp, err := NewProblem1D(x, x, p, p, cost)
	if err != nil {
		return 0, err
	}
	pq, err := NewProblem1D(x, x, p, q, cost)
	if err != nil {
		return 0, err
	}
	self, err := NewSelfTransport(pp, lambda)
	if err != nil {
		return 0, err
	}
	main, err := New(pq, lambda, Options{})
	if err != nil {
		return 0, err
	}
	_, ok1 := self.Solve(tol, maxIter)
	_, ok2 := main.Solve(tol, maxIter)
	if !ok1 || !ok2 {
		return 0, fmt.Errorf("Sinkhorn did not reach marginal error %g in %d iterations at lambda = %g", tol, maxIter, lambda)
	}
	Fs := self.Potentials()
	F, G := main.Potentials()
	return planKL(pq.C, pq.N, pq.M, lambda, Fs, Fs, F, G), nil
}

package sinkhorn

import "fmt"

// EntropicCost is OT_lambda(p, q) = min <C,P> - lambda H(P) over couplings, solved to an L1
// marginal error below tol. It fails if maxIter iterations do not reach tol.
func EntropicCost(prob *Problem, lambda, tol float64, maxIter int) (float64, error) {
	s, err := New(prob, lambda, Options{})
	if err != nil {
		return 0, err
	}
	if _, ok := s.Solve(tol, maxIter); !ok {
		return 0, fmt.Errorf("Sinkhorn did not reach marginal error %g in %d iterations at lambda = %g", tol, maxIter, lambda)
	}
	return s.Objective(), nil
}

// Divergence is the debiased Sinkhorn divergence
//
//	S_lambda(p, q) = OT_lambda(p, q) - OT_lambda(p, p)/2 - OT_lambda(q, q)/2
//
// for weights on 1-D supports, with the full entropic objective in each term as in Feydy et
// al. (AISTATS 2019); Genevay, Peyré & Cuturi (AISTATS 2018) debiased with the transport part
// <C,P> alone, which gives other values (spec §2.8). In this form it does not depend on the
// entropy convention, and it runs from the unregularised cost (lambda -> 0) to the kernel form
// -(p-q)^T C (p-q)/2 (lambda -> infinity, for p and q on the same points).
func Divergence(x, p, y, q []float64, cost Cost, lambda, tol float64, maxIter int) (float64, error) {
	terms := [3]struct{ a, wa, b, wb []float64 }{{x, p, y, q}, {x, p, x, p}, {y, q, y, q}}
	var ot [3]float64
	for k, t := range terms {
		prob, err := NewProblem1D(t.a, t.b, t.wa, t.wb, cost)
		if err != nil {
			return 0, err
		}
		if k == 0 {
			if ot[k], err = EntropicCost(prob, lambda, tol, maxIter); err != nil {
				return 0, err
			}
			continue
		}
		// The two self-transport terms by the symmetric iteration, which converges where
		// alternating projections crawl (see SelfTransport).
		s, err := NewSelfTransport(prob, lambda)
		if err != nil {
			return 0, err
		}
		if _, ok := s.Solve(tol, maxIter); !ok {
			return 0, fmt.Errorf("the symmetric Sinkhorn iteration did not reach marginal error %g in %d iterations at lambda = %g", tol, maxIter, lambda)
		}
		ot[k] = s.Objective()
	}
	return ot[0] - ot[1]/2 - ot[2]/2, nil
}

package sinkhorn

import (
	"fmt"
	"math"
)

// SetCost replaces the cost matrix of a running solver (row-major, the problem's N x M
// entries, finite) and continues from the current potentials: the iterate becomes
// diag(u) exp((f + g - C_new)/lambda) diag(v) with f, g absorbed, so a small change of the
// cost (a point dragged a little) starts close to the new optimum and needs few projections.
// The marginals, lambda and the counters stay. On error nothing changes.
//
// The first projection after the change is done in the log domain: the new kernel may
// underflow where the old one did not.
func (s *Solver) SetCost(C []float64) error {
	if len(C) != s.prob.N*s.prob.M {
		return fmt.Errorf("the new cost matrix has %d entries, but the problem has %d x %d bins", len(C), s.prob.N, s.prob.M)
	}
	mx := 0.0
	for k, c := range C {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			return fmt.Errorf("entry %d (row %d, column %d) of the new cost matrix is not a finite number", k+1, k/s.prob.M+1, k%s.prob.M+1)
		}
		mx = math.Max(mx, math.Abs(c))
	}
	if err := CheckLambda(s.lambda, mx); err != nil {
		return fmt.Errorf("with the new costs, %w", err)
	}
	pr := *s.prob
	pr.C = append([]float64(nil), C...)
	s.absorb()
	s.prob = &pr
	for a, i := range s.rows {
		for b, j := range s.cols {
			s.c[a*s.m+b] = C[i*pr.M+j]
		}
	}
	if s.opts.LambdaScaling && s.lam > s.lambda {
		// A stage above the target lambda must stay below the largest new cost.
		s.lam = math.Max(s.lambda, math.Min(s.lam, s.maxReducedCost()))
	}
	s.rebuildKernel()
	s.needLog = true
	s.entryErr, s.klStep, s.lastColErr = math.NaN(), math.NaN(), math.NaN()
	return nil
}

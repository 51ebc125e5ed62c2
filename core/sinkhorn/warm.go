package sinkhorn

import "math"

// SetLambda changes the entropy weight and continues from the current potentials (a warm
// start: the plan of the previous lambda is a good first guess for a nearby one). Counters go on.
func (s *Solver) SetLambda(lambda float64) error {
	if err := CheckLambda(lambda, s.prob.MaxCost()); err != nil {
		return err
	}
	s.absorb()
	s.lambda, s.lam = lambda, lambda
	if s.opts.LambdaScaling {
		if mc := s.maxReducedCost(); mc > lambda {
			s.lam = math.Max(lambda, math.Min(mc, 2*lambda))
		}
	}
	s.rebuildKernel()
	s.needLog = true
	s.entryErr, s.klStep = math.NaN(), math.NaN()
	return nil
}

// SetMarginals replaces p and q (raw non-negative weights, normalised here) of a problem on the
// same points and continues from the current scalings, so a viewer who reshapes a marginal
// watches Sinkhorn re-converge rather than restart. Bins that gain or lose all their weight
// change the reduced problem; their potentials start at zero and the next projection is exact
// in the log domain.
func (s *Solver) SetMarginals(p, q []float64) error {
	pr, err := NewProblem(p, q, s.prob.C)
	if err != nil {
		return err
	}
	pr.X, pr.Y, pr.Cost = s.prob.X, s.prob.Y, s.prob.Cost
	rows, cols := support(pr.P), support(pr.Q)
	sameSupport := equalInts(rows, s.rows) && equalInts(cols, s.cols)
	if !sameSupport {
		s.absorb()
		F, G := s.expand(s.f, s.rows, s.prob.N), s.expand(s.g, s.cols, s.prob.M)
		fresh, err := New(pr, s.lambda, s.opts)
		if err != nil {
			return err
		}
		fresh.lam = s.lam
		fresh.projections, fresh.last, fresh.logSteps = s.projections, s.last, s.logSteps
		for a, i := range fresh.rows {
			fresh.f[a] = F[i]
		}
		for b, j := range fresh.cols {
			fresh.g[b] = G[j]
		}
		*s = *fresh
		return nil
	}
	s.prob = pr
	s.p, s.q = gather(pr.P, rows), gather(pr.Q, cols)
	s.version++
	s.entryErr, s.klStep, s.lastColErr = math.NaN(), math.NaN(), math.NaN()
	return nil
}

// expand maps reduced potentials to all bins, with zero for bins that had no weight.
func (s *Solver) expand(x []float64, idx []int, n int) []float64 {
	out := make([]float64, n)
	for a, i := range idx {
		out[i] = x[a]
	}
	return out
}

func equalInts(a, b []int) bool {
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

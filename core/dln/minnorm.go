package dln

import (
	"errors"
	"fmt"
	"math"
)

// MinL2 is the minimum-L2-norm interpolator X^T (X X^T)^-1 y: the kernel-regime limit
// alpha -> ∞ (spec §1.4).
func MinL2(p *Problem) []float64 {
	G := p.Gram(nil)
	c := append([]float64(nil), p.Y...)
	if _, ok := cholFactor(G, p.N, 0); !ok {
		return nil // NewProblem refuses singular X X^T, so this does not happen for a built Problem
	}
	cholSolve(G, p.N, c)
	return p.MulXT(nil, c)
}

// MinL1 is a minimum-L1-norm interpolator argmin ||beta||_1 s.t. X beta = y (the rich-regime
// limit alpha -> 0 when it is unique, spec §1.4), from the linear programme
//
//	minimise 1·(b+ + b-)  s.t.  X b+ - X b- = y,  b± >= 0,   beta = b+ - b-,
//
// solved by the two-phase dense simplex of lp.go. The minimum-L1 vertex is highly degenerate
// (most basic values are zero when beta is sparse); lp.go's lexicographic ratio test handles that
// exactly, so y needs no perturbation. Where the minimiser is not unique, one minimising vertex is
// returned.
func MinL1(p *Problem) ([]float64, error) {
	n, d := p.N, p.D
	if _, ok := cholFactor(p.Gram(nil), n, 0); !ok {
		return nil, errors.New("X X^T is singular: the rows of X are linearly dependent")
	}
	A := make([]float64, n*2*d)
	for k := 0; k < n; k++ {
		for i := 0; i < d; i++ {
			A[k*2*d+i] = p.X[k*d+i]
			A[k*2*d+d+i] = -p.X[k*d+i]
		}
	}
	c := make([]float64, 2*d)
	for j := range c {
		c[j] = 1
	}
	x, _, err := lpSimplex(c, A, p.Y, n, 2*d)
	if err != nil {
		if errors.Is(err, errLPInfeasible) {
			return nil, errors.New("the minimum-L1 problem has no solution: X beta = y cannot be met")
		}
		return nil, fmt.Errorf("the minimum-L1 linear programme failed: %v", err)
	}
	beta := make([]float64, d)
	for i := range beta {
		beta[i] = x[i] - x[d+i] + 0 // + 0 turns -0 into 0
	}
	if r := p.Residual(beta); !(r <= 1e-9*math.Max(1, maxAbs(p.Y))) {
		return nil, fmt.Errorf("the minimum-L1 linear programme failed: its solution misses X beta = y by %g", r)
	}
	return beta, nil
}

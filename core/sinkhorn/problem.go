package sinkhorn

import (
	"errors"
	"fmt"
	"math"
)

// Cost names a ground cost between points on the line.
type Cost int

const (
	CostSquared  Cost = iota // |x - y|^2
	CostAbsolute             // |x - y|
)

// String is the URL name of the cost.
func (c Cost) String() string {
	if c == CostAbsolute {
		return "abs"
	}
	return "sq"
}

// Between is the cost of moving unit mass from a to b.
func (c Cost) Between(a, b float64) float64 {
	d := math.Abs(a - b)
	if c == CostAbsolute {
		return d
	}
	return d * d
}

// Problem is a discrete transport problem: marginals p (n bins) and q (m bins), each summing to
// one, and a cost matrix C stored row-major. X and Y are the 1-D supports when the problem came
// from points on the line (nil otherwise).
type Problem struct {
	N, M int
	P, Q []float64
	C    []float64
	X, Y []float64
	Cost Cost
}

// NewProblem1D builds the problem between weights p on points x and q on points y with the
// given cost. The weights are normalised; they must be finite, non-negative and not all zero.
func NewProblem1D(x, y, p, q []float64, cost Cost) (*Problem, error) {
	if len(x) == 0 || len(y) == 0 {
		return nil, errors.New("the supports must have at least one point each")
	}
	if len(p) != len(x) {
		return nil, fmt.Errorf("p has %d weights but x has %d points", len(p), len(x))
	}
	if len(q) != len(y) {
		return nil, fmt.Errorf("q has %d weights but y has %d points", len(q), len(y))
	}
	for _, s := range [][]float64{x, y} {
		for _, v := range s {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, errors.New("support points must be finite numbers")
			}
		}
	}
	C := make([]float64, len(x)*len(y))
	for i, a := range x {
		for j, b := range y {
			C[i*len(y)+j] = cost.Between(a, b)
		}
	}
	pr, err := NewProblem(p, q, C)
	if err != nil {
		return nil, err
	}
	pr.X = append([]float64(nil), x...)
	pr.Y = append([]float64(nil), y...)
	pr.Cost = cost
	return pr, nil
}

// NewProblem builds the problem with an explicit row-major cost matrix of len(p)*len(q)
// finite entries. The weights are normalised copies of p and q.
func NewProblem(p, q, C []float64) (*Problem, error) {
	pn, err := normalise("p", p)
	if err != nil {
		return nil, err
	}
	qn, err := normalise("q", q)
	if err != nil {
		return nil, err
	}
	if len(C) != len(p)*len(q) {
		return nil, fmt.Errorf("the cost matrix has %d entries, want %d x %d", len(C), len(p), len(q))
	}
	for _, c := range C {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			return nil, errors.New("the cost matrix must have finite entries")
		}
	}
	return &Problem{N: len(p), M: len(q), P: pn, Q: qn, C: append([]float64(nil), C...)}, nil
}

func normalise(name string, w []float64) ([]float64, error) {
	if len(w) == 0 {
		return nil, fmt.Errorf("%s has no weights", name)
	}
	total := 0.0
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("weight %d of %s is not a finite number", i+1, name)
		}
		if v < 0 {
			return nil, fmt.Errorf("weight %d of %s is negative (%g); weights are masses and must be >= 0", i+1, name, v)
		}
		total += v
	}
	if total <= 0 {
		return nil, fmt.Errorf("all weights of %s are zero; there is no mass to transport", name)
	}
	if math.IsInf(total, 0) {
		return nil, fmt.Errorf("the weights of %s are too large to add up", name)
	}
	out := make([]float64, len(w))
	for i, v := range w {
		out[i] = v / total
	}
	return out, nil
}

// MaxCost is the largest entry of C (0 for an empty or all-zero cost).
func (pr *Problem) MaxCost() float64 {
	mx := 0.0
	for _, c := range pr.C {
		mx = math.Max(mx, math.Abs(c))
	}
	return mx
}

// support lists the indices of the positive entries of w.
func support(w []float64) []int {
	idx := make([]int, 0, len(w))
	for i, v := range w {
		if v > 0 {
			idx = append(idx, i)
		}
	}
	return idx
}

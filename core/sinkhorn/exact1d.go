package sinkhorn

import (
	"errors"
	"sort"
)

// Transfer is one entry of a sparse coupling: Mass moves from bin I of p to bin J of q.
type Transfer struct {
	I, J int
	Mass float64
}

// Exact1D is the unregularised optimal transport cost between p on x and q on y for a cost
// that is a convex function of x - y (both Costs here are), with its optimal coupling. On the
// line the monotone (quantile, north-west corner on sorted supports) coupling is optimal for
// such costs (Santambrogio, Optimal Transport for Applied Mathematicians, 2015, §2.2), so no
// linear programme is needed. p and q must be normalised weights.
func Exact1D(x, p, y, q []float64, cost Cost) (float64, []Transfer, error) {
	if len(x) != len(p) || len(y) != len(q) || len(x) == 0 || len(y) == 0 {
		return 0, nil, errors.New("exact 1-D transport needs one weight per point on both sides")
	}
	ix, iy := sortedIndex(x), sortedIndex(y)
	var plan []Transfer
	total := 0.0
	a, b := 0, 0
	ra, rb := p[ix[0]], q[iy[0]]
	for a < len(ix) && b < len(iy) {
		t := min(ra, rb)
		if t > 0 {
			i, j := ix[a], iy[b]
			plan = append(plan, Transfer{I: i, J: j, Mass: t})
			total += t * cost.Between(x[i], y[j])
		}
		ra -= t
		rb -= t
		// The side whose remainder reached zero (exactly, since t was that remainder) moves on.
		if ra <= 0 {
			if a++; a < len(ix) {
				ra = p[ix[a]]
			}
		}
		if rb <= 0 {
			if b++; b < len(iy) {
				rb = q[iy[b]]
			}
		}
	}
	return total, plan, nil
}

func sortedIndex(x []float64) []int {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	return idx
}

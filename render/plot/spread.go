package plot

import (
	"math"
	"sort"
)

// Spread places labels along one direction (canvas y for labels at the ends of lines) as
// near as possible to where each wants to be, but at least gap apart and inside [lo, hi]
// when they fit. It returns the positions in the order of want; a NaN wish stays NaN. When
// the labels cannot all fit, they are stacked from lo at the full gap and the last ones
// pass hi: a caller that must not draw outside checks the result.
func Spread(want []float64, gap, lo, hi float64) []float64 {
	out := make([]float64, len(want))
	var idx []int
	for i, w := range want {
		out[i] = w
		if !math.IsNaN(w) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 || !(gap >= 0) {
		return out
	}
	sort.SliceStable(idx, func(a, b int) bool { return want[idx[a]] < want[idx[b]] })
	pos := make([]float64, len(idx))
	for k, i := range idx {
		pos[k] = math.Max(want[i], lo)
		if k > 0 {
			pos[k] = math.Max(pos[k], pos[k-1]+gap)
		}
	}
	// Pushed past hi: shift back from the end, then keep the first inside lo.
	if last := len(pos) - 1; pos[last] > hi {
		pos[last] = hi
		for k := last - 1; k >= 0; k-- {
			pos[k] = math.Min(pos[k], pos[k+1]-gap)
		}
		if pos[0] < lo {
			for k := range pos {
				pos[k] = lo + float64(k)*gap
			}
		}
	}
	for k, i := range idx {
		out[i] = pos[k]
	}
	return out
}

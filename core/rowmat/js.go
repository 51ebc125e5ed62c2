//go:build js

package rowmat

// MulRows sets dst[i] = sum_j a[i][j] x[j] for i in [lo, hi).
func MulRows(a []float64, m, lo, hi int, x, dst []float64) { mulRowsGo(a, m, lo, hi, x, dst) }

// AccumulateRows adds sum_{i in [lo, hi)} x[i] a[i][:] to acc.
func AccumulateRows(a []float64, m, lo, hi int, x, acc []float64) {
	accumulateRowsGo(a, m, lo, hi, x, acc)
}

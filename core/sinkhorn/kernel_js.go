//go:build js

package sinkhorn

func mulRows(k []float64, m, lo, hi int, x, dst []float64) { mulRowsGo(k, m, lo, hi, x, dst) }

func accumulateRows(k []float64, m, lo, hi int, x, acc []float64) {
	accumulateRowsGo(k, m, lo, hi, x, acc)
}

//go:build js && wasm

package main

import (
	"fmt"
	"sort"
	"time"

	"solvable/core/rowmat"
)

// profiler wraps the active kernels so that the time spent in each kernel and shape is summed
// (bench.html?...&profile=1). Under Chromium the clock is coarse (about 0.1 ms) unless the page
// is cross-origin isolated, so the shares are only indicative there; under Node they are exact.
type profiler struct {
	spent map[string]time.Duration
	calls map[string]int
}

func newProfiler() *profiler {
	p := &profiler{spent: map[string]time.Duration{}, calls: map[string]int{}}
	k := rowmat.Active()
	rowmat.Use(rowmat.Kernels{
		MulNT: func(A, B []float64, m, n, q int, C []float64) {
			t := time.Now()
			k.MulNT(A, B, m, n, q, C)
			p.note(fmt.Sprintf("mulnt %dx%dx%d", m, n, q), t)
		},
		MulNNAdd: func(A, B []float64, m, n, q int, C []float64) {
			t := time.Now()
			k.MulNNAdd(A, B, m, n, q, C)
			p.note(fmt.Sprintf("mulnnadd %dx%dx%d", m, n, q), t)
		},
		MulRows: func(a []float64, m, lo, hi int, x, dst []float64) {
			t := time.Now()
			k.MulRows(a, m, lo, hi, x, dst)
			p.note(fmt.Sprintf("mulrows %dx%d", hi-lo, m), t)
		},
		AccumulateRows: func(a []float64, m, lo, hi int, x, acc []float64) {
			t := time.Now()
			k.AccumulateRows(a, m, lo, hi, x, acc)
			p.note(fmt.Sprintf("accrows %dx%d", hi-lo, m), t)
		},
	})
	return p
}

func (p *profiler) note(key string, t time.Time) {
	p.spent[key] += time.Since(t)
	p.calls[key]++
}

// report gives each kernel's time per benchmark iteration in ns.
func (p *profiler) report(iterations int) []string {
	keys := make([]string, 0, len(p.spent))
	for k := range p.spent {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return p.spent[keys[i]] > p.spent[keys[j]] })
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fmt.Sprintf("%s: %d calls, %.0f ns per iteration", k, p.calls[k]/max(iterations, 1),
			float64(p.spent[k].Nanoseconds())/float64(max(iterations, 1)))
	}
	return out
}

//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"math/rand/v2"

	"solvable/core/rowmat"
	"solvable/wasm/simd"
)

// selfTest checks every SIMD kernel against the plain Go loops of core/rowmat on random sizes
// (from 0 and 1 through odd lengths to a few hundred), on slices that start at unaligned
// offsets (an odd float64 offset is 8-byte but not 16-byte aligned) inside padded buffers,
// whose padding must come back untouched. A sum of n products may differ between the two by
// the rounding of both, at most about n ulps of the sum of the absolute products each; the
// tolerance is 2 (n + 2) 2^-53 times that sum. axpy and accrows add in the Go loops' order and
// must agree exactly. Half-way through, the Go heap is grown by 64 MB, so the kernels are also
// checked on memory that did not exist when they were instantiated.
func selfTest() map[string]any {
	rng := rand.New(rand.NewPCG(7, 11))
	goK, sK := rowmat.PureGo(), simd.Kernels()
	var failures []string
	cases, exact := 0, 0
	worst := 0.0 // largest |difference| / tolerance
	fail := func(format string, a ...any) {
		if len(failures) < 20 {
			failures = append(failures, fmt.Sprintf(format, a...))
		}
	}
	// cmp compares one value; abs is the sum of the absolute products behind it.
	cmp := func(what string, got, want, abs float64, n int) bool {
		tol := 2 * float64(n+2) * 0x1p-53 * abs
		d := math.Abs(got - want)
		if tol > 0 {
			worst = math.Max(worst, d/tol)
		}
		if !(d <= tol) {
			fail("%s: %.17g, Go loops %.17g (difference %.3g, tolerance %.3g)", what, got, want, d, tol)
			return false
		}
		return true
	}
	const pad = 5
	// buffer returns a slice of length n at offset off inside a buffer padded with sentinels.
	sentinel := 12345.678
	buffer := func(n, off int, fill bool) (full, s []float64) {
		full = make([]float64, off+n+pad)
		for i := range full {
			full[i] = sentinel
		}
		s = full[off : off+n]
		for i := range s {
			if fill {
				s[i] = 2*rng.Float64() - 1
			} else {
				s[i] = 0
			}
		}
		return full, s
	}
	untouched := func(what string, full []float64, off, n int) {
		for i, v := range full {
			if (i < off || i >= off+n) && v != sentinel {
				fail("%s wrote outside its range: index %d of the padded buffer (range [%d, %d))", what, i, off, off+n)
				return
			}
		}
	}
	size := func() int {
		switch rng.IntN(3) {
		case 0:
			return rng.IntN(10) // 0..9
		case 1:
			return 10 + rng.IntN(40)
		}
		return 50 + rng.IntN(300)
	}
	var ballast []float64
	for round := 0; round < 2; round++ {
		if round == 1 {
			ballast = make([]float64, 8<<20) // 64 MB: the Go heap, and so the memory, grows
			ballast[len(ballast)-1] = 1
		}
		// dot and axpy
		for k := 0; k < 60; k++ {
			n := size()
			ox, oy := rng.IntN(4), rng.IntN(4)
			_, x := buffer(n, ox, true)
			fy, y := buffer(n, oy, true)
			cases++
			abs := 0.0
			for i := range x {
				abs += math.Abs(x[i] * y[i])
			}
			cmp(fmt.Sprintf("dot n=%d offsets %d,%d", n, ox, oy), sK.Dot(x, y), goK.Dot(x, y), abs, n)
			alpha := 2*rng.Float64() - 1
			y2 := append([]float64(nil), y...)
			sK.Axpy(alpha, x, y)
			goK.Axpy(alpha, x, y2)
			cases++
			same := true
			for i := range y {
				if y[i] != y2[i] {
					same = false
					fail("axpy n=%d offsets %d,%d: y[%d] = %.17g, Go loops %.17g", n, ox, oy, i, y[i], y2[i])
					break
				}
			}
			if same {
				exact++
			}
			untouched(fmt.Sprintf("axpy n=%d", n), fy, oy, n)
		}
		// row blocks
		for k := 0; k < 60; k++ {
			rows, m := 1+size(), size()
			lo := rng.IntN(rows)
			hi := lo + rng.IntN(rows-lo+1)
			oa, ox, od := rng.IntN(3), rng.IntN(3), rng.IntN(3)
			_, a := buffer(rows*m, oa, true)
			_, x := buffer(m, ox, true)
			fd, dst := buffer(rows, od, false)
			want := make([]float64, rows)
			goK.MulRows(a, m, lo, hi, x, want)
			for i := range dst {
				dst[i] = sentinel
			}
			sK.MulRows(a, m, lo, hi, x, dst)
			cases++
			for i := 0; i < rows; i++ {
				if i < lo || i >= hi {
					if dst[i] != sentinel {
						fail("mulrows %dx%d [%d,%d): wrote row %d outside the block", rows, m, lo, hi, i)
					}
					continue
				}
				abs := 0.0
				for j := 0; j < m; j++ {
					abs += math.Abs(a[i*m+j] * x[j])
				}
				if !cmp(fmt.Sprintf("mulrows %dx%d [%d,%d) offsets %d,%d,%d row %d", rows, m, lo, hi, oa, ox, od, i),
					dst[i], want[i], abs, m) {
					break
				}
			}
			untouched("mulrows", fd, od, rows)
			_, y := buffer(rows, ox, true)
			facc, acc := buffer(m, od, true)
			acc2 := append([]float64(nil), acc...)
			sK.AccumulateRows(a, m, lo, hi, y, acc)
			goK.AccumulateRows(a, m, lo, hi, y, acc2)
			cases++
			same := true
			for j := range acc {
				if acc[j] != acc2[j] {
					same = false
					fail("accrows %dx%d [%d,%d): acc[%d] = %.17g, Go loops %.17g", rows, m, lo, hi, j, acc[j], acc2[j])
					break
				}
			}
			if same {
				exact++
			}
			untouched("accrows", facc, od, m)
		}
		// matrix products
		for k := 0; k < 40; k++ {
			m, n, p := 1+size()/2, 1+size()/2, size()
			if k < 8 { // the NTK network's shapes: N = 64, M = 512 and the thin layers
				shapes := [][3]int{{64, 512, 2}, {64, 1, 512}, {64, 512, 1}, {512, 2, 64}, {1, 512, 64}, {64, 64, 512}, {3, 7, 9}, {9, 9, 1}}
				m, n, p = shapes[k][0], shapes[k][1], shapes[k][2]
			}
			oa, ob, oc := rng.IntN(3), rng.IntN(3), rng.IntN(3)
			_, A := buffer(m*p, oa, true)
			_, B := buffer(n*p, ob, true)
			fc, C := buffer(m*n, oc, true)
			want := make([]float64, m*n)
			goK.MulNT(A, B, m, n, p, want)
			sK.MulNT(A, B, m, n, p, C)
			cases++
			for i := 0; i < m*n; i++ {
				r, c := i/n, i%n
				abs := 0.0
				for q := 0; q < p; q++ {
					abs += math.Abs(A[r*p+q] * B[c*p+q])
				}
				if !cmp(fmt.Sprintf("mulnt m=%d n=%d p=%d offsets %d,%d,%d C[%d][%d]", m, n, p, oa, ob, oc, r, c),
					C[i], want[i], abs, p) {
					break
				}
			}
			untouched(fmt.Sprintf("mulnt m=%d n=%d p=%d", m, n, p), fc, oc, m*n)
			// C += A B with B now p x n (the same numbers read as the other shape).
			for i := range C {
				C[i] = 2*rng.Float64() - 1
			}
			copy(want, C)
			goK.MulNNAdd(A, B, m, n, p, want)
			sK.MulNNAdd(A, B, m, n, p, C)
			cases++
			for i := 0; i < m*n; i++ {
				r, c := i/n, i%n
				abs := math.Abs(want[i])
				for q := 0; q < p; q++ {
					abs += math.Abs(A[r*p+q] * B[q*n+c])
				}
				if !cmp(fmt.Sprintf("mulnnadd m=%d n=%d p=%d offsets %d,%d,%d C[%d][%d]", m, n, p, oa, ob, oc, r, c),
					C[i], want[i], abs, p+1) {
					break
				}
			}
			untouched(fmt.Sprintf("mulnnadd m=%d n=%d p=%d", m, n, p), fc, oc, m*n)
		}
	}
	_ = ballast[len(ballast)-1]
	if failures == nil {
		failures = []string{}
	}
	return map[string]any{"model": "selftest", "cases": cases, "exact": exact, "failures": failures,
		"worstOverTolerance": worst}
}

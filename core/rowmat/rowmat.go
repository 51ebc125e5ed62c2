// Package rowmat computes the dense products every solver here is built on: on a block of rows
// [lo, hi) of a row-major matrix with m columns, dst = A x (MulRows) and acc += A^T x
// (AccumulateRows), for Sinkhorn and the deep linear network; the dense matrix products
// C = A B^T (MulNT) and C += A B (MulNNAdd) of a network's forward and backward passes; and the
// vector kernels Dot and Axpy.
//
// Natively MulRows, AccumulateRows, Dot and Axpy go through gonum's BLAS (blas.go), whose Dgemv
// kernels are assembly on amd64 and work on four rows at a time, so each load of x or acc serves
// several rows: about 1.6x the speed of a row-by-row dot product or axpy at 1000 x 1000. Under
// js/wasm the BLAS package would add about 180 KB (brotli) to the download for what the plain
// loops of this file do as fast, so that build uses them (js.go). The matrix products are the
// plain loops in both builds.
//
// An edge of the program may replace any of the kernels with Use: the browser build installs
// WebAssembly SIMD kernels that way (wasm/simd) when the browser has them. The package itself
// stays pure Go and testable natively; its tests check every build's kernels, and the plain Go
// loops (PureGo), against textbook loops.
package rowmat

// Kernels is one implementation of the package's products. A nil field means "keep the
// current one" when the set is passed to Use.
type Kernels struct {
	Name           string // names the implementation, e.g. "go", "blas", "wasm-simd"
	Dot            func(x, y []float64) float64
	Axpy           func(alpha float64, x, y []float64)
	MulRows        func(a []float64, m, lo, hi int, x, dst []float64)
	AccumulateRows func(a []float64, m, lo, hi int, x, acc []float64)
	MulNT          func(A, B []float64, m, n, p int, C []float64)
	MulNNAdd       func(A, B []float64, m, n, p int, C []float64)
}

// active is the set the package functions call. Use changes it; nothing else does.
var active = builtin()

// Use installs the non-nil kernels of k and returns the set that was active before, so that a
// caller can restore it. It is meant for a program's start (or a test), before any product is
// computed: it is not safe to call while another goroutine computes one.
func Use(k Kernels) (previous Kernels) {
	previous = active
	if k.Name != "" {
		active.Name = k.Name
	}
	if k.Dot != nil {
		active.Dot = k.Dot
	}
	if k.Axpy != nil {
		active.Axpy = k.Axpy
	}
	if k.MulRows != nil {
		active.MulRows = k.MulRows
	}
	if k.AccumulateRows != nil {
		active.AccumulateRows = k.AccumulateRows
	}
	if k.MulNT != nil {
		active.MulNT = k.MulNT
	}
	if k.MulNNAdd != nil {
		active.MulNNAdd = k.MulNNAdd
	}
	return previous
}

// Active returns the kernels in use.
func Active() Kernels { return active }

// Builtin returns the build's own kernels: BLAS natively, the plain Go loops under js/wasm.
func Builtin() Kernels { return builtin() }

// PureGo returns the plain Go loops of this file, the reference a replacement is checked against.
func PureGo() Kernels {
	return Kernels{Name: "go", Dot: dotGo, Axpy: axpyGo, MulRows: mulRowsGo, AccumulateRows: accumulateRowsGo,
		MulNT: mulNTGo, MulNNAdd: mulNNAddGo}
}

// Dot returns sum_i x[i] y[i]; y must be at least as long as x.
func Dot(x, y []float64) float64 { return active.Dot(x, y) }

// Axpy adds alpha x[i] to y[i]; y must be at least as long as x.
func Axpy(alpha float64, x, y []float64) { active.Axpy(alpha, x, y) }

// MulRows sets dst[i] = sum_j a[i][j] x[j] for i in [lo, hi).
func MulRows(a []float64, m, lo, hi int, x, dst []float64) { active.MulRows(a, m, lo, hi, x, dst) }

// AccumulateRows adds sum_{i in [lo, hi)} x[i] a[i][:] to acc.
func AccumulateRows(a []float64, m, lo, hi int, x, acc []float64) {
	active.AccumulateRows(a, m, lo, hi, x, acc)
}

// MulNT sets C[i][j] = sum_q A[i][q] B[j][q] for the m x p A, the n x p B and the m x n C (all
// row-major): C = A B^T.
func MulNT(A, B []float64, m, n, p int, C []float64) { active.MulNT(A, B, m, n, p, C) }

// MulNNAdd adds to the m x n C the product of the m x p A and the p x n B (all row-major):
// C[i][j] += sum_q A[i][q] B[q][j].
func MulNNAdd(A, B []float64, m, n, p int, C []float64) { active.MulNNAdd(A, B, m, n, p, C) }

func dotGo(x, y []float64) float64 {
	y = y[:len(x)]
	s := 0.0
	for i, v := range x {
		s += v * y[i]
	}
	return s
}

func axpyGo(alpha float64, x, y []float64) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += alpha * v
	}
}

// mulRowsGo sets dst[i] = sum_j a[i][j] x[j] for i in [lo, hi), four rows at a time.
func mulRowsGo(a []float64, m, lo, hi int, x, dst []float64) {
	x = x[:m]
	i := lo
	for ; i+4 <= hi; i += 4 {
		r0, r1, r2, r3 := a[i*m:(i+1)*m], a[(i+1)*m:(i+2)*m], a[(i+2)*m:(i+3)*m], a[(i+3)*m:(i+4)*m]
		var s0, s1, s2, s3 float64
		for j, xj := range x {
			s0 += r0[j] * xj
			s1 += r1[j] * xj
			s2 += r2[j] * xj
			s3 += r3[j] * xj
		}
		dst[i], dst[i+1], dst[i+2], dst[i+3] = s0, s1, s2, s3
	}
	for ; i < hi; i++ {
		r := a[i*m : (i+1)*m]
		s := 0.0
		for j, xj := range x {
			s += r[j] * xj
		}
		dst[i] = s
	}
}

// accumulateRowsGo adds sum_{i in [lo, hi)} x[i] a[i][:] to acc, four rows at a time.
func accumulateRowsGo(a []float64, m, lo, hi int, x, acc []float64) {
	acc = acc[:m]
	i := lo
	for ; i+4 <= hi; i += 4 {
		r0, r1, r2, r3 := a[i*m:(i+1)*m], a[(i+1)*m:(i+2)*m], a[(i+2)*m:(i+3)*m], a[(i+3)*m:(i+4)*m]
		a0, a1, a2, a3 := x[i], x[i+1], x[i+2], x[i+3]
		for j := range acc {
			acc[j] += a0*r0[j] + a1*r1[j] + a2*r2[j] + a3*r3[j]
		}
	}
	for ; i < hi; i++ {
		r := a[i*m : (i+1)*m]
		ai := x[i]
		for j := range acc {
			acc[j] += ai * r[j]
		}
	}
}

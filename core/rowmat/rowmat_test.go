package rowmat

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestKernelsAgree(t *testing.T) {
	// The build's kernels (BLAS natively, the plain loops under js/wasm) against a textbook
	// double loop, on sizes that exercise the four-row blocks and their remainders. Sums of m
	// products of numbers in [0, 1) agree to a few ulps times m.
	rng := rand.New(rand.NewPCG(21, 22))
	for _, sz := range [][2]int{{1, 1}, {3, 5}, {4, 4}, {7, 9}, {17, 33}, {64, 3}} {
		n, m := sz[0], sz[1]
		k := make([]float64, n*m)
		for i := range k {
			k[i] = rng.Float64()
		}
		x, y := make([]float64, m), make([]float64, n)
		for i := range x {
			x[i] = rng.Float64()
		}
		for i := range y {
			y[i] = rng.Float64()
		}
		lo, hi := n/3, n
		for _, impl := range []struct {
			name     string
			mul, acc func(k []float64, m, lo, hi int, x, dst []float64)
		}{{"build", MulRows, AccumulateRows}, {"go", mulRowsGo, accumulateRowsGo}} {
			dst := make([]float64, n)
			impl.mul(k, m, lo, hi, x, dst)
			acc := make([]float64, m)
			for j := range acc {
				acc[j] = 1
			}
			impl.acc(k, m, lo, hi, y, acc)
			tol := 4 * float64(m+n) * 0x1p-52 * float64(m+n)
			for i := lo; i < hi; i++ {
				want := 0.0
				for j := 0; j < m; j++ {
					want += k[i*m+j] * x[j]
				}
				if math.Abs(dst[i]-want) > tol {
					t.Errorf("%s %dx%d: (Kx)[%d] = %.17g, want %.17g", impl.name, n, m, i, dst[i], want)
				}
			}
			for j := 0; j < m; j++ {
				want := 1.0
				for i := lo; i < hi; i++ {
					want += k[i*m+j] * y[i]
				}
				if math.Abs(acc[j]-want) > tol {
					t.Errorf("%s %dx%d: (1+K^T y)[%d] = %.17g, want %.17g", impl.name, n, m, j, acc[j], want)
				}
			}
		}
	}
}

// ulpTol is the tolerance for a sum of n products whose absolute values add up to abs: each
// side's rounding is at most about n ulps of abs (here 2 (n + 2) 2^-53 abs for the difference).
func ulpTol(n int, abs float64) float64 { return 2 * float64(n+2) * 0x1p-53 * abs }

func TestVectorKernels(t *testing.T) {
	// Dot and Axpy of the build (BLAS natively, Go loops under js/wasm) and of PureGo against
	// textbook loops, on lengths around the unrolling (0 to 17) and longer; y longer than x is
	// allowed and its tail untouched. Dot agrees to ulpTol; Axpy exactly, since each entry is
	// one product and one sum in every build (gonum's assembly does not fuse them).
	rng := rand.New(rand.NewPCG(23, 24))
	for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 100, 1001} {
		x, y := make([]float64, n), make([]float64, n+3)
		for i := range x {
			x[i] = 2*rng.Float64() - 1
		}
		for i := range y {
			y[i] = 2*rng.Float64() - 1
		}
		want, abs := 0.0, 0.0
		for i, v := range x {
			want += v * y[i]
			abs += math.Abs(v * y[i])
		}
		const alpha = -0.75
		for _, k := range []Kernels{Builtin(), PureGo()} {
			if got := k.Dot(x, y); math.Abs(got-want) > ulpTol(n, abs) {
				t.Errorf("%s: Dot n=%d = %.17g, want %.17g", k.Name, n, got, want)
			}
			z := append([]float64(nil), y...)
			k.Axpy(alpha, x, z)
			for i := range z {
				w := y[i]
				if i < n {
					w += alpha * x[i]
				}
				if z[i] != w { // one product and one sum, rounded once each in every build
					t.Errorf("%s: Axpy n=%d: y[%d] = %.17g, want %.17g", k.Name, n, i, z[i], w)
				}
			}
		}
	}
}

func TestMatrixProducts(t *testing.T) {
	// MulNT (C = A B^T) and MulNNAdd (C += A B) against textbook triple loops, on shapes that
	// exercise the 4 x 4 blocks and every remainder, including empty ones; the NTK network's
	// shapes (64 x 512 x 512 is too slow for a test, 17 x 33 x 65 stands in) among them.
	rng := rand.New(rand.NewPCG(25, 26))
	for _, sh := range [][3]int{{0, 3, 2}, {3, 0, 2}, {3, 2, 0}, {1, 1, 1}, {4, 4, 4}, {5, 7, 9}, {8, 1, 16}, {1, 8, 3}, {17, 33, 65}, {64, 2, 1}} {
		m, n, p := sh[0], sh[1], sh[2]
		A, B := make([]float64, m*p), make([]float64, n*p)
		for i := range A {
			A[i] = 2*rng.Float64() - 1
		}
		for i := range B {
			B[i] = 2*rng.Float64() - 1
		}
		C0 := make([]float64, m*n)
		for i := range C0 {
			C0[i] = 2*rng.Float64() - 1
		}
		for _, k := range []Kernels{Builtin(), PureGo()} {
			C := make([]float64, m*n)
			for i := range C {
				C[i] = math.NaN() // MulNT overwrites C
			}
			k.MulNT(A, B, m, n, p, C)
			D := append([]float64(nil), C0...)
			k.MulNNAdd(A, B, m, n, p, D)
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					want, abs := 0.0, 0.0
					for q := 0; q < p; q++ {
						want += A[i*p+q] * B[j*p+q]
						abs += math.Abs(A[i*p+q] * B[j*p+q])
					}
					if got := C[i*n+j]; !(math.Abs(got-want) <= ulpTol(p, abs)) {
						t.Errorf("%s: MulNT %dx%dx%d: C[%d][%d] = %.17g, want %.17g", k.Name, m, n, p, i, j, got, want)
					}
					want, abs = C0[i*n+j], math.Abs(C0[i*n+j])
					for q := 0; q < p; q++ {
						want += A[i*p+q] * B[q*n+j]
						abs += math.Abs(A[i*p+q] * B[q*n+j])
					}
					if got := D[i*n+j]; !(math.Abs(got-want) <= ulpTol(p+1, abs)) {
						t.Errorf("%s: MulNNAdd %dx%dx%d: C[%d][%d] = %.17g, want %.17g", k.Name, m, n, p, i, j, got, want)
					}
				}
			}
		}
	}
}

func TestUse(t *testing.T) {
	// Use installs the given kernels, keeps the current ones for nil fields, and returns the
	// previous set; the package functions call what is installed.
	calls := 0
	prev := Use(Kernels{Name: "counting", Dot: func(x, y []float64) float64 { calls++; return 42 }})
	defer Use(prev)
	if Active().Name != "counting" || Dot([]float64{1}, []float64{1}) != 42 || calls != 1 {
		t.Fatalf("after Use: name %q, calls %d", Active().Name, calls)
	}
	dst := make([]float64, 1)
	MulRows([]float64{2, 3}, 2, 0, 1, []float64{1, 1}, dst) // not replaced: the previous kernel
	if dst[0] != 5 || prev.Name != Builtin().Name {
		t.Errorf("MulRows kept: %g, want 5; previous set %q, want %q", dst[0], prev.Name, Builtin().Name)
	}
}

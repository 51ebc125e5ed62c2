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

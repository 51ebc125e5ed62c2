package sinkhorn

import (
	"math/rand/v2"
)

// GaussianClouds is the benchmark problem of the project's issues: n points from a standard
// 2-D Gaussian against n points from the same law shifted by (1, 1), uniform weights, squared
// Euclidean cost divided by its maximum (so lambda is relative to the largest cost).
func GaussianClouds(n int, seed uint64) *Problem {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	a := make([][2]float64, n)
	b := make([][2]float64, n)
	for i := range a {
		a[i] = [2]float64{rng.NormFloat64(), rng.NormFloat64()}
		b[i] = [2]float64{rng.NormFloat64() + 1, rng.NormFloat64() + 1}
	}
	C := make([]float64, n*n)
	mx := 0.0
	for i := range a {
		for j := range b {
			dx, dy := a[i][0]-b[j][0], a[i][1]-b[j][1]
			c := dx*dx + dy*dy
			C[i*n+j] = c
			mx = max(mx, c)
		}
	}
	for k := range C {
		C[k] /= mx
	}
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	pr, err := NewProblem(w, w, C)
	if err != nil {
		panic(err) // uniform weights and finite costs cannot fail
	}
	return pr
}

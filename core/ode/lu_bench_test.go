package ode

import (
	"math/rand/v2"
	"testing"
)

// The dense LU at the size of the DLN benchmark's Newton matrices (n = 100): one
// factorisation per change of h/alpha_k, one solve per Newton iteration.

func BenchmarkLU100(b *testing.B) {
	n := 100
	rng := rand.New(rand.NewPCG(1, 1))
	m := make([]float64, n*n)
	for i := range m {
		m[i] = rng.NormFloat64()
	}
	f := newLU(n)
	for b.Loop() {
		copy(f.a, m)
		f.factor()
	}
}

func BenchmarkSolve100(b *testing.B) {
	n := 100
	rng := rand.New(rand.NewPCG(1, 1))
	f := newLU(n)
	for i := range f.a {
		f.a[i] = rng.NormFloat64()
	}
	f.factor()
	x, tmp := make([]float64, n), make([]float64, n)
	for b.Loop() {
		for i := range x {
			x[i] = 1
		}
		f.solve(x, tmp)
	}
}

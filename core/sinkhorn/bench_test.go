package sinkhorn

import (
	"fmt"
	"testing"
)

// The benchmark problems are named by the project's issue: two 2-D Gaussian clouds of n points,
// the second shifted by (1, 1), squared cost over its maximum, lambda 0.05 (scaling form) and
// 1e-3 (where the solver needs the log-stabilised path). Each op is one full iteration (a row
// and a column projection) of the path the solver takes, from P_0 = K, so the occasional
// log-domain projection is counted at its true rate.

func benchIterate(b *testing.B, n int, lambda float64, step func(*Solver)) {
	pr := GaussianClouds(n, 1)
	s, err := New(pr, lambda, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		step(s)
	}
	b.StopTimer()
	b.ReportMetric(float64(s.LogSteps())/float64(b.N), "logsteps/op")
}

func BenchmarkSinkhornIteration(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			benchIterate(b, n, 0.05, (*Solver).Iterate)
		})
	}
}

// BenchmarkSinkhornTwoPass is the same iteration as two separate projections (two passes over
// the kernel), to measure what the fused pass of Iterate saves.
func BenchmarkSinkhornTwoPass(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			benchIterate(b, n, 0.05, func(s *Solver) { s.Step(); s.Step() })
		})
	}
}

func BenchmarkSinkhornLogIteration(b *testing.B) {
	b.Run("n=1000", func(b *testing.B) {
		benchIterate(b, 1000, 1e-3, (*Solver).Iterate)
	})
}

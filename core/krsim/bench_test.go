package krsim

import (
	"slices"
	"testing"
	"time"
)

// BenchmarkPoint is the "one simulated point": the two-task experiment with N_A = N_B =
// 100 on S^9 (D = 10), the L = 3 ReLU NTK, s ∝ eta, 200 test points, 20 seeds, at the 11
// similarities rho = 0, 0.1, ..., 1 (one seed serves all of them). Per seed: the 400 x 400
// teacher covariance and its Cholesky factor, two teacher samples, two 100 x 100 solves.
func BenchmarkPoint(b *testing.B) {
	k := mustNTK(b, 3)
	rhos := make([]float64, 11)
	for i := range rhos {
		rhos[i] = float64(i) / 10
	}
	c := Config{Kind: Transfer, D: 10, Kernel: k, Sizes: []int{100, 100}, Rhos: rhos, Test: 200, Seeds: 20, Seed: 1}
	for b.Loop() {
		run(b, c)
	}
}

// BenchmarkSeed splits one seed of BenchmarkPoint into its parts: the kernel matrix (80k
// evaluations of the L = 3 NTK), and the rest (Cholesky of the teacher covariance, samples,
// regressions).
func BenchmarkSeed(b *testing.B) {
	k := mustNTK(b, 3)
	c := Config{Kind: Transfer, D: 10, Kernel: k, Sizes: []int{100, 100}, Rhos: []float64{0.5}, Test: 200, Seeds: 1, Seed: 1}
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			run(b, c)
		}
	})
	b.Run("gram", func(b *testing.B) {
		X := SpherePoints(newRand(1), 400, 10)
		for b.Loop() {
			gram(k, X, 400, 10)
		}
	})
}

// BenchmarkChunk runs the seeds of BenchmarkPoint chunk by chunk, as the browser does, and
// reports the mean StepChunk, its 95th percentile and the chunks a seed takes. (The maximum is
// not reported: on a shared machine it measures the scheduler, not the chunk.)
func BenchmarkChunk(b *testing.B) {
	k := mustNTK(b, 3)
	c := Config{Kind: Transfer, D: 10, Kernel: k, Sizes: []int{100, 100}, Rhos: []float64{0, 0.5, 1}, Test: 200, Seeds: 4, Seed: 1}
	var times []time.Duration
	seeds := 0
	for b.Loop() {
		s, err := New(c)
		if err != nil {
			b.Fatal(err)
		}
		for !s.Done() {
			t0 := time.Now()
			s.StepChunk()
			times = append(times, time.Since(t0))
		}
		seeds += s.SeedsDone()
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*95/100].Nanoseconds()), "p95-ns/chunk")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(len(times)), "ns/chunk")
	b.ReportMetric(float64(len(times))/float64(seeds), "chunks/seed")
}

// BenchmarkFeaturesPoint is the same point with Gaussian features instead of the sphere: the
// spec's spectrum eta_k = k^-2, M = 1000 modes, N_A = N_B = 100, 11 rhos, 20 seeds (per seed:
// 2e5 feature normals, two 100 x 100 kernel blocks of 1000 modes each, their solves).
func BenchmarkFeaturesPoint(b *testing.B) {
	rhos := make([]float64, 11)
	for i := range rhos {
		rhos[i] = float64(i) / 10
	}
	c := Config{Kind: Transfer, Modes: powerLaw(), Sizes: []int{100, 100}, Rhos: rhos, Seeds: 20, Seed: 1}
	for b.Loop() {
		run(b, c)
	}
}

// Package benchcase builds the problems the kernel benchmark times, so that the browser program
// (wasm/simd/bench, bench.html) and the native side of the same measurement (site/e2e's
// BenchmarkSIMDReport) run exactly the same code on exactly the same numbers. It is plain Go
// with no build constraint.
package benchcase

import (
	"fmt"
	"math"

	"solvable/core/ntk"
	"solvable/core/sinkhorn"
)

// SinkhornLambda is the entropy weight of BenchmarkSinkhornIteration (relative to the largest cost).
const SinkhornLambda = 0.05

// SinkhornProblem is BenchmarkSinkhornIteration's problem: sinkhorn.GaussianClouds(n, 1).
func SinkhornProblem(n int) *sinkhorn.Problem { return sinkhorn.GaussianClouds(n, 1) }

// Sinkhorn returns a solver on SinkhornProblem(n) at entropy weight lambda (SinkhornLambda in
// the benchmark; 1e-3 is BenchmarkSinkhornLogIteration's, where some projections take the log
// domain) and the function that performs one full iteration of it along path:
//
//	"sim"      what wasm/sim's sinkhorn model does per iteration: Step (a projection) and
//	           MarginalError (for its history), twice; two passes over the kernel
//	"iterate"  Solver.Iterate, one fused pass (the path of BenchmarkSinkhornIteration)
func Sinkhorn(n int, lambda float64, path string) (*sinkhorn.Solver, func(), error) {
	s, err := sinkhorn.New(SinkhornProblem(n), lambda, sinkhorn.Options{})
	if err != nil {
		return nil, nil, err
	}
	switch path {
	case "sim":
		return s, func() {
			s.Step()
			s.MarginalError()
			s.Step()
			s.MarginalError()
		}, nil
	case "iterate":
		return s, s.Iterate, nil
	}
	return nil, nil, fmt.Errorf("path must be sim or iterate; it is %q", path)
}

// NTK sizes: BenchmarkNTKGDStep's network.
const (
	NTKPoints = 64  // N training points
	NTKWidth  = 512 // M hidden units per layer
	NTKDepth  = 3   // L weight layers
)

// NTKTrainer is BenchmarkNTKGDStep's trainer: L = 3 weight layers of width M = 512,
// sigma_w^2 = 2, sigma_b^2 = 0.1, N = 64 points on the circle of radius sqrt 2 (n_0 = 2), target
// sin(th) + 0.5 cos(2 th), centred network, seed 1, full-batch GD with step 0.5 on the mean loss.
func NTKTrainer() (*ntk.Trainer, error) {
	arch := ntk.Arch{Depth: NTKDepth, SigmaW2: 2, SigmaB2: 0.1}
	X := make([][]float64, NTKPoints)
	y := make([]float64, NTKPoints)
	for i := range X {
		th := 2 * math.Pi * float64(i) / NTKPoints
		X[i] = []float64{math.Sqrt2 * math.Cos(th), math.Sqrt2 * math.Sin(th)}
		y[i] = math.Sin(th) + 0.5*math.Cos(2*th)
	}
	net, err := ntk.NewNet(arch, 2, NTKWidth, 1)
	if err != nil {
		return nil, err
	}
	net.SetCentred(true)
	return ntk.NewTrainer(net, X, y, ntk.GD, 0.5, 0)
}

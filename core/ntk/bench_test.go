package ntk

import (
	"math"
	"testing"
)

// benchTrainer is the benchmark setting: L = 3 weight layers, width M = 512,
// sigma_w^2 = 2, sigma_b^2 = 0.1, N = 64 training points on the circle (n_0 = 2), target
// sin(th) + 0.5 cos(2 th), centred network, seed 1.
func benchTrainer(b *testing.B, m Method, eta, rho float64) *Trainer {
	arch := Arch{Depth: 3, SigmaW2: 2, SigmaB2: 0.1}
	X, th := netCircle(64, 0)
	y := make([]float64, len(X))
	for i, a := range th {
		y[i] = math.Sin(a) + 0.5*math.Cos(2*a)
	}
	net, err := NewNet(arch, 2, 512, 1)
	if err != nil {
		b.Fatal(err)
	}
	net.SetCentred(true)
	tr, err := NewTrainer(net, X, y, m, eta, rho)
	if err != nil {
		b.Fatal(err)
	}
	return tr
}

// BenchmarkNTKGDStep times one full-batch GD step (forward, per-sample backprop, J^T r,
// update, and the forward passes of the centred outputs) at M = 512, L = 3, N = 64. The step
// 0.5 on the mean loss is below the stability limit 2N/lambda_max for this problem.
func BenchmarkNTKGDStep(b *testing.B) {
	tr := benchTrainer(b, GD, 0.5, 0)
	for b.Loop() {
		if err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNTKNGDStep times one step of each natural-gradient method in the same setting, at
// the learning rates of PaperAlpha (KFACAlpha for K-FAC) and damping 1e-8.
func BenchmarkNTKNGDStep(b *testing.B) {
	for _, m := range []Method{NGD, BlockDiag, KFAC, UnitWise} {
		b.Run(m.String(), func(b *testing.B) {
			eta := 1 / PaperAlpha(m, 3, 64, 512)
			if m == KFAC {
				eta = 1 / KFACAlpha(3, 64)
			}
			tr := benchTrainer(b, m, eta, 1e-8)
			for b.Loop() {
				if err := tr.Step(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

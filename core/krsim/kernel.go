package krsim

import (
	"fmt"
	"math"
	"math/rand/v2"

	"solvable/core/ntk"
)

// Kernel is a dot-product kernel on the unit sphere as a function of t = x.x' in [-1, 1]:
// K(x, x') = k(x.x'). Both the student's kernel (the NTK) and the teacher's covariance are
// given this way, so a kernel rebuilt from a spectrum, t -> sum_k N(D,k) s_k P_k(t), can be
// passed as the teacher.
type Kernel func(t float64) float64

// ReLUNTK returns the analytic NTK t -> Theta^L(t) of a bias-free ReLU network of depth weight
// layers (depth-1 hidden layers) with sigma_w^2 = 2, on unit vectors (spec §1.1–1.2). It is
// core/ntk's Arch{Depth: depth, SigmaW2: 2, SigmaB2: 0}.Kernels. That function reads its inputs
// with the spec's normalisation ||x||^2 = n_0 (it divides x.y by n_0 = len(x)), so the unit
// vectors of the sphere are handed to it as the pair sqrt2 (1, 0), sqrt2 (t, sqrt(1-t^2)) in
// n_0 = 2 dimensions: x.x/n_0 = 1 and x.y/n_0 = t exactly as on the sphere. Theta(1) = 2 depth;
// for depth 2, Theta(t) = (2/pi)(2t(pi - arccos t) + sqrt(1-t^2)).
func ReLUNTK(depth int) (Kernel, error) {
	arch := ntk.Arch{Depth: depth, SigmaW2: 2, SigmaB2: 0}
	if err := arch.Check(); err != nil {
		return nil, err
	}
	return func(t float64) float64 {
		s := math.Sqrt((1 - t) * (1 + t))
		x := [2]float64{math.Sqrt2, 0}
		y := [2]float64{math.Sqrt2 * t, math.Sqrt2 * s}
		k, _ := arch.Kernels(x[:], y[:])
		return k
	}, nil
}

// SpherePoints draws n points uniformly on the unit sphere S^{D-1} in R^D (normalised standard
// Gaussian vectors), row-major n x D. It panics if D < 1.
func SpherePoints(rng *rand.Rand, n, D int) []float64 {
	if D < 1 {
		panic(fmt.Sprintf("krsim: the dimension must be at least 1, not %d", D))
	}
	X := make([]float64, n*D)
	for i := range n {
		x := X[i*D : (i+1)*D]
		for {
			r2 := 0.0
			for k := range x {
				x[k] = rng.NormFloat64()
				r2 += x[k] * x[k]
			}
			if r2 > 0 { // a zero Gaussian vector has probability 0; redraw it if it comes
				r := 1 / math.Sqrt(r2)
				for k := range x {
					x[k] *= r
				}
				break
			}
		}
	}
	return X
}

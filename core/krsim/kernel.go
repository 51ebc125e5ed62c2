package krsim

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Kernel is a dot-product kernel on the unit sphere as a function of t = x.x' in [-1, 1]:
// K(x, x') = k(x.x'). Both the student's kernel (the NTK) and the teacher's covariance are
// given this way, so a kernel rebuilt from a spectrum, t -> sum_k N(D,k) s_k P_k(t), can be
// passed as the teacher. The ReLU NTK of the talk is core/spectrum's ReLUNTK (and a target
// covariance for a given target spectrum is core/learncurve's Kernel.TargetKernel).
type Kernel func(t float64) float64

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

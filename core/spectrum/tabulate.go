package spectrum

import "math"

// Tabulate returns a fast stand-in for a dot-product kernel f(t), t in [-1, 1]: f sampled at n+1
// equally spaced angles phi = arccos t in [0, pi] and interpolated by the cubic through the four
// nearest samples (Lagrange). Interpolating in the angle rather than in t keeps the square-root
// cusps of ReLU kernels at t = ±1 smooth; the error falls as (pi/n)^4 times the fourth
// derivative in phi (TestTabulate measures it). One call costs an arccos and a few
// multiply-adds instead of a sum over every degree. n must be at least 3.
func Tabulate(f func(t float64) float64, n int) func(t float64) float64 {
	if n < 3 {
		n = 3
	}
	h := math.Pi / float64(n)
	v := make([]float64, n+1)
	for i := range v {
		v[i] = f(math.Cos(float64(i) * h))
	}
	return func(t float64) float64 {
		if t >= 1 {
			return v[0]
		}
		if t <= -1 {
			return v[n]
		}
		x := math.Acos(t) / h
		i := int(x) - 1 // the stencil i..i+3 around x, kept inside the table
		if i < 0 {
			i = 0
		}
		if i > n-3 {
			i = n - 3
		}
		u := x - float64(i) // in [0, 3]
		a, b, c, d := v[i], v[i+1], v[i+2], v[i+3]
		// Lagrange weights on the nodes 0, 1, 2, 3.
		return -a*(u-1)*(u-2)*(u-3)/6 + b*u*(u-2)*(u-3)/2 - c*u*(u-1)*(u-3)/2 + d*u*(u-1)*(u-2)/6
	}
}

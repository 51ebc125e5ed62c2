package otcloud

import (
	"math"
	"math/rand/v2"
)

// Generate draws n points of the named shape around centre, rounded to Decimals places.
// flip mirrors the moons vertically, so that the moons of A and B interlock.
//
//	gaussian  isotropic normal, standard deviation 0.15
//	ring      radius 0.3, radial noise 0.015
//	blobs     two normal blobs (sd 0.06) 0.5 apart vertically, points alternating
//	moons     a half circle of radius 0.35, noise 0.03 (upper for A, lower for B)
//	square    uniform on a square of side 0.6
func Generate(shape string, n int, centre Point, flip bool, rng *rand.Rand) []Point {
	out := make([]Point, n)
	for i := range out {
		var x, y float64
		switch shape {
		case "ring":
			t := 2 * math.Pi * rng.Float64()
			r := 0.3 + 0.015*rng.NormFloat64()
			x, y = r*math.Cos(t), r*math.Sin(t)
		case "blobs":
			s := 0.25
			if i%2 == 1 {
				s = -0.25
			}
			x, y = 0.06*rng.NormFloat64(), s+0.06*rng.NormFloat64()
		case "moons":
			t := math.Pi * rng.Float64()
			x, y = 0.35*math.Cos(t)+0.03*rng.NormFloat64(), 0.35*math.Sin(t)-0.12+0.03*rng.NormFloat64()
			if flip {
				y = -y
			}
		case "square":
			x, y = 0.6*rng.Float64()-0.3, 0.6*rng.Float64()-0.3
		default: // gaussian
			x, y = 0.15*rng.NormFloat64(), 0.15*rng.NormFloat64()
		}
		out[i] = Point{Round(centre[0] + x), Round(centre[1] + y)}
	}
	return out
}

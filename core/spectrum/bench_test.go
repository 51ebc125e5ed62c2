package spectrum

import "testing"

// BenchmarkSpectrumD10L3 is the spectrum the continual page needs when D or L changes: the
// depth-3 ReLU NTK on S^9 to degree 1000 with DefaultNodes (2064) nodes, the Gauss–Legendre rule
// taken from the cache as it is after the first call.
func BenchmarkSpectrumD10L3(b *testing.B) {
	k, _ := ReLUNTK(3)
	for b.Loop() {
		if _, err := Compute(k, 10, 1000, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGaussLegendre2064 is the uncached rule (the first spectrum of a page pays it once).
func BenchmarkGaussLegendre2064(b *testing.B) {
	for b.Loop() {
		gaussLegendre(2064)
	}
}

// BenchmarkSpectrumD10L3Kmax128 is what core/learncurve's SphereSpectrum actually computes on
// S^9: 128 degrees (the rest are below roundoff), 320 nodes, the rule included (uncached).
func BenchmarkSpectrumD10L3Kmax128(b *testing.B) {
	k, _ := ReLUNTK(3)
	for b.Loop() {
		gaussLegendre(DefaultNodes(128))
		if _, err := Compute(k, 10, 128, 0); err != nil {
			b.Fatal(err)
		}
	}
}

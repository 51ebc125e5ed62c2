package render

import (
	"math"
	"testing"
)

// TestOKLabKnownPoints checks the conversion matrices on points whose OKLab coordinates
// follow from the definition: white is L = 1 with no chroma, black is L = 0.
func TestOKLabKnownPoints(t *testing.T) {
	L, a, b := linearSRGBToOKLab(1, 1, 1)
	if math.Abs(L-1) > 1e-4 || math.Abs(a) > 1e-4 || math.Abs(b) > 1e-4 {
		t.Errorf("white = (%v, %v, %v), want (1, 0, 0)", L, a, b)
	}
	L, a, b = linearSRGBToOKLab(0, 0, 0)
	if L != 0 || a != 0 || b != 0 {
		t.Errorf("black = (%v, %v, %v), want (0, 0, 0)", L, a, b)
	}
	// Round trip: the two matrices must be inverses (to the 10 digits they are given with).
	for _, c := range [][3]float64{{0.2, 0.5, 0.9}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0.01, 0.02, 0.03}} {
		L, a, b := linearSRGBToOKLab(c[0], c[1], c[2])
		r, g, bl := oklabToLinearSRGB(L, a, b)
		if math.Abs(r-c[0]) > 1e-6 || math.Abs(g-c[1]) > 1e-6 || math.Abs(bl-c[2]) > 1e-6 {
			t.Errorf("round trip of %v gave (%v, %v, %v)", c, r, g, bl)
		}
	}
}

// TestSequentialIsUniform checks the two properties the map was built for: lightness falls
// monotonically from light to dark, and equal steps in t are equal perceived steps (OKLab
// distance). Steps are measured over 16 table entries because 8-bit rounding alone moves a
// colour by up to about 0.002 in OKLab, comparable to one entry's step.
func TestSequentialIsUniform(t *testing.T) {
	m := Sequential
	first, last := rgbaToLab(m.lut[0]), rgbaToLab(m.lut[255])
	if first[0] < 0.95 || last[0] > 0.32 {
		t.Errorf("ends have lightness %.3f and %.3f, want >= 0.95 (near paper) and <= 0.32 (dark)", first[0], last[0])
	}
	prevL := first[0]
	for k := 1; k < 256; k++ {
		L := rgbaToLab(m.lut[k])[0]
		if L > prevL+0.002 {
			t.Errorf("lightness rises at entry %d: %.4f after %.4f", k, L, prevL)
		}
		prevL = L
	}
	const span = 16
	var steps []float64
	mean := 0.0
	for k := 0; k+span < 256; k += span {
		d := labDist(rgbaToLab(m.lut[k]), rgbaToLab(m.lut[k+span]))
		steps = append(steps, d)
		mean += d
	}
	mean /= float64(len(steps))
	for i, d := range steps {
		if math.Abs(d-mean) > 0.06*mean {
			t.Errorf("step %d (entries %d..%d) is %.4f, more than 6%% from the mean %.4f", i, i*span, i*span+span, d, mean)
		}
	}
}

func TestColormapAt(t *testing.T) {
	m := Sequential
	if m.At(math.NaN()) != NaNCell {
		t.Error("NaN should map to the NaN colour")
	}
	if m.At(-5) != m.lut[0] || m.At(7) != m.lut[255] || m.At(math.Inf(1)) != m.lut[255] {
		t.Error("out-of-range values should clamp to the ends")
	}
	for k, c := range m.lut {
		if c.A != 255 {
			t.Fatalf("entry %d is not opaque", k)
		}
	}
}

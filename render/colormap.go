package render

import (
	"image/color"
	"math"
)

// Colormap maps a number in [0, 1] to a colour through a 256-entry table.
type Colormap struct {
	lut [256]color.RGBA
	NaN color.RGBA // the colour At gives for NaN
}

// At returns the colour for t, clamped to [0, 1]; NaN gives m.NaN.
func (m *Colormap) At(t float64) color.RGBA {
	if math.IsNaN(t) {
		return m.NaN
	}
	return m.lut[int(Clamp(t, 0, 1)*255+0.5)]
}

// Entry is table entry i of 256, clamped to [0, 255]; with it a caller that has already
// scaled its values skips At's float checks in a hot loop.
func (m *Colormap) Entry(i int) color.RGBA {
	return m.lut[max(0, min(i, 255))]
}

// Sequential is the colour map for non-negative quantities such as transport plans: it runs
// from near-white (nothing) through yellow-green and teal to deep indigo (most), like ink on
// paper, so empty cells read as empty on a light page. Lightness falls linearly and equal
// steps in t are equal steps in OKLab distance, so the map is perceptually uniform and still
// ordered when printed in grey.
var Sequential = newSequential()

// seqKnot is a control point of Sequential in OKLCh (lightness, chroma, hue in degrees).
// These are this project's own choices, not a published table.
type seqKnot struct{ t, c, h float64 }

func newSequential() *Colormap {
	const (
		lightTop    = 0.975 // lightness at t = 0: just darker than white so a cell edge shows
		lightBottom = 0.27  // lightness at t = 1: dark, but hue still visible
	)
	knots := []seqKnot{
		{0, 0.030, 100},    // pale cream
		{0.30, 0.115, 128}, // yellow-green
		{0.55, 0.105, 185}, // teal
		{0.80, 0.115, 255}, // blue
		{1, 0.120, 290},    // indigo
	}
	// Sample the curve densely, pull each sample into the sRGB gamut by lowering chroma, then
	// re-space the table by arc length in OKLab so perceived steps are even.
	const samples = 2048
	pts := make([][3]float64, samples)
	arc := make([]float64, samples)
	for i := range pts {
		t := float64(i) / (samples - 1)
		L := lightTop + (lightBottom-lightTop)*t
		c, h := interpKnots(knots, t)
		pts[i] = gamutLab(L, c, h)
		if i > 0 {
			arc[i] = arc[i-1] + labDist(pts[i-1], pts[i])
		}
	}
	m := &Colormap{NaN: NaNCell}
	j := 0
	for k := range m.lut {
		target := arc[samples-1] * float64(k) / 255
		for j < samples-2 && arc[j+1] < target {
			j++
		}
		f := 0.0
		if d := arc[j+1] - arc[j]; d > 0 {
			f = Clamp((target-arc[j])/d, 0, 1)
		}
		var p [3]float64
		for c := range p {
			p[c] = pts[j][c] + f*(pts[j+1][c]-pts[j][c])
		}
		m.lut[k] = labToRGBA(p)
	}
	return m
}

// interpKnots interpolates chroma and hue piecewise linearly between the knots.
func interpKnots(k []seqKnot, t float64) (c, h float64) {
	for i := 1; i < len(k); i++ {
		if t <= k[i].t {
			f := (t - k[i-1].t) / (k[i].t - k[i-1].t)
			return k[i-1].c + f*(k[i].c-k[i-1].c), k[i-1].h + f*(k[i].h-k[i-1].h)
		}
	}
	last := k[len(k)-1]
	return last.c, last.h
}

// gamutLab returns the OKLab point with lightness L and hue h whose chroma is c, or the
// largest chroma below c that sRGB can show (bisection: the gamut is convex along chroma).
func gamutLab(L, c, hDeg float64) [3]float64 {
	ca, sa := math.Cos(hDeg*math.Pi/180), math.Sin(hDeg*math.Pi/180)
	ok := func(c float64) bool { return inGamut(oklabToLinearSRGB(L, c*ca, c*sa)) }
	if !ok(c) {
		lo, hi := 0.0, c
		for range 40 {
			mid := (lo + hi) / 2
			if ok(mid) {
				lo = mid
			} else {
				hi = mid
			}
		}
		c = lo
	}
	return [3]float64{L, c * ca, c * sa}
}

func labDist(p, q [3]float64) float64 {
	return math.Sqrt((p[0]-q[0])*(p[0]-q[0]) + (p[1]-q[1])*(p[1]-q[1]) + (p[2]-q[2])*(p[2]-q[2]))
}

func labToRGBA(p [3]float64) color.RGBA {
	r, g, b := oklabToLinearSRGB(p[0], p[1], p[2])
	to8 := func(x float64) uint8 { return uint8(Clamp(srgbEncode(Clamp(x, 0, 1)), 0, 1)*255 + 0.5) }
	return color.RGBA{to8(r), to8(g), to8(b), 0xff}
}

// rgbaToLab converts an opaque colour to OKLab (used by tests and by anyone checking contrast).
func rgbaToLab(c color.RGBA) [3]float64 {
	L, a, b := linearSRGBToOKLab(srgbDecode(float64(c.R)/255), srgbDecode(float64(c.G)/255), srgbDecode(float64(c.B)/255))
	return [3]float64{L, a, b}
}

package dlnview

import (
	"image/color"
	"testing"

	"solvable/render"
)

// discard is a canvas that draws nothing, so the benchmark measures the scene's own work.
type discard struct{ w, h float64 }

func (d discard) Size() (float64, float64)                                          { return d.w, d.h }
func (discard) FillRect(x, y, w, h float64, c color.RGBA)                           {}
func (discard) StrokeRect(x, y, w, h, width float64, c color.RGBA)                  {}
func (discard) StrokeLine(x0, y0, x1, y1, width float64, c color.RGBA)              {}
func (discard) Polyline(xs, ys []float64, width float64, c color.RGBA)              {}
func (discard) FillCircle(cx, cy, r float64, c color.RGBA)                          {}
func (discard) FillPolygon(xs, ys []float64, c color.RGBA)                          {}
func (discard) Text(s string, x, y, size float64, c color.RGBA, align render.Align) {}
func (discard) TextWidth(s string, size float64) float64                            { return 0.55 * size * float64(len(s)) }

// BenchmarkDrawCoef1000 is one frame of the coefficient view of a d = 1000 problem with 512
// samples of history and 8 shown coordinates: the per-frame cost the wasm build pays on top
// of the backend's.
func BenchmarkDrawCoef1000(b *testing.B) {
	v := syntheticCoef(1000, 512, 8)
	c := discard{1280, 720}
	b.ReportAllocs()
	for b.Loop() {
		Draw(c, v)
	}
}

func BenchmarkDrawLine(b *testing.B) {
	v := lineView(0.1, 1)
	c := discard{800, 600}
	b.ReportAllocs()
	for b.Loop() {
		Draw(c, v)
	}
}

func BenchmarkDrawSweep(b *testing.B) {
	v := exampleBSweep(0.01)
	c := discard{800, 600}
	b.ReportAllocs()
	for b.Loop() {
		Draw(c, v)
	}
}

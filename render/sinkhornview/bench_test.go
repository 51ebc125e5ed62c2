package sinkhornview

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
func (discard) DrawImage(x, y, w, h float64, pix []byte, pw, ph int)                {}

// BenchmarkDraw400 is one frame of the largest plan the simulator allows, with a long
// error history: the per-frame cost the wasm build pays on top of the backend's.
func BenchmarkDraw400(b *testing.B) {
	v := bumps(400, 2, 0.01)
	for range 20000 {
		v.ErrorHistory = append(v.ErrorHistory, 1e-3)
	}
	c := discard{800, 600}
	b.ReportAllocs()
	for b.Loop() {
		Draw(c, v)
	}
}

func BenchmarkDrawSpec(b *testing.B) {
	v := specExample(3)
	c := discard{800, 600}
	b.ReportAllocs()
	for b.Loop() {
		Draw(c, v)
	}
}

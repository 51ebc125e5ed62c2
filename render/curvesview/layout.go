package curvesview

import (
	"math"

	"solvable/render"
	"solvable/render/scene"
)

// Geometry is where each part of the scene goes for one canvas size.
type Geometry struct {
	W, H float64
	FS   float64
	Pad  float64
	Wide bool // readout beside the plots (true) or below them

	Message    render.Rect
	HasMessage bool

	Header   render.Rect
	Curve    render.Rect // the learning curve (frame outer rectangle)
	Spectrum render.Rect // the spectrum, same N axis, below the curve
	Readout  render.Rect
}

// wideEnough says when the readout goes beside the plots.
func wideEnough(w, h float64) bool { return w >= 640 && w >= 1.1*h }

// Layout places the scene's parts on a w x h canvas.
func Layout(w, h float64, v View) Geometry {
	sz := scene.Measure(w, h)
	w, h = sz.W, sz.H
	g := Geometry{W: w, H: h, FS: sz.FS, Pad: sz.Pad}
	full := sz.Full
	if message(v) != "" {
		g.HasMessage, g.Message = true, full
		return g
	}
	g.Wide = wideEnough(w, h)
	fs := g.FS
	headLines := 2.0
	if w < 560 {
		headLines = 3 // a phone wraps the headline
	}
	var body render.Rect
	g.Header, body = sz.Header(headLines)
	rows := float64(len(readoutRows(v, !g.Wide)))
	if g.Wide {
		side := render.Clamp(body.W*0.28, 200, 320)
		plots := render.Rect{X: body.X, Y: body.Y, W: body.W - side - g.Pad*1.5, H: body.H}
		g.Curve, g.Spectrum = split(plots, g.Pad)
		g.Readout = body.Inset(plots.W+g.Pad*1.5, 0, 0, 0)
		return g
	}
	cols := 1.0
	if body.W >= 320 {
		cols = 2
	}
	readH := (math.Ceil(rows/cols) + 0.5) * render.LineHeight(fs*0.9)
	readH = math.Min(readH, body.H*0.3)
	plots := render.Rect{X: body.X, Y: body.Y, W: body.W, H: body.H - readH - g.Pad}
	g.Curve, g.Spectrum = split(plots, g.Pad)
	g.Readout = body.Inset(0, plots.H+g.Pad, 0, 0)
	return g
}

// split gives the learning curve about 62% of the plots' height and the spectrum the rest.
func split(r render.Rect, pad float64) (curve, spec render.Rect) {
	ch := r.H * 0.62
	curve = render.Rect{X: r.X, Y: r.Y, W: r.W, H: ch}
	spec = render.Rect{X: r.X, Y: r.Y + ch + pad*0.5, W: r.W, H: r.H - ch - pad*0.5}
	return curve, spec
}

// message is the sentence the scene shows instead of the plots, or "".
func message(v View) string {
	if v.Error != "" {
		return v.Error
	}
	if len(v.N) == 0 && len(v.Sim) == 0 {
		if v.SkipNote != "" {
			return "The theory has no value at any sample size of this range: " + v.SkipNote
		}
		return "There is no learning curve to draw: the problem could not be set up."
	}
	return ""
}

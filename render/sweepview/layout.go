package sweepview

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
	Wide bool // readout and plan inset beside the plots (true) or below them

	Message    render.Rect
	HasMessage bool

	Header  render.Rect
	Top     render.Rect // costs panel (frame outer rectangle)
	Bottom  render.Rect // divergence panel
	Inset   render.Rect // the plan at the shown λ (may be empty)
	Readout render.Rect
}

// wideEnough says when the readout goes beside the plots.
func wideEnough(w, h float64) bool { return w >= 600 && w >= 1.15*h }

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
	if w < 520 {
		headLines = 3 // a phone wraps the status sentence
	}
	var body render.Rect
	g.Header, body = sz.Header(headLines)
	rows := float64(len(readoutRows(v, !g.Wide)))
	if g.Wide {
		side := render.Clamp(body.W*0.3, 200, 340)
		plots := render.Rect{X: body.X, Y: body.Y, W: body.W - side - g.Pad*1.5, H: body.H}
		g.Top = render.Rect{X: plots.X, Y: plots.Y, W: plots.W, H: plots.H * 0.52}
		g.Bottom = plots.Inset(0, plots.H*0.52+g.Pad, 0, 0)
		right := body.Inset(plots.W+g.Pad*1.5, 0, 0, 0)
		readH := (rows + 0.5) * render.LineHeight(fs*0.95)
		insetH := math.Min(right.W*0.8, right.H-readH-g.Pad)
		if insetH >= 90 {
			g.Inset = render.Rect{X: right.X, Y: right.Y, W: right.W, H: insetH}
			g.Readout = right.Inset(0, insetH+g.Pad, 0, 0)
		} else {
			g.Readout = right
		}
		return g
	}
	// Narrow: the two panels, then the inset and the readout side by side; on a short canvas
	// (a phone's iframe) the plots need the height more than the inset does, and the readout
	// takes the full width in two columns.
	insetW := 0.0
	if body.W >= 300 && h >= 600 {
		insetW = math.Min(body.W*0.36, 170)
	}
	// plot.Readout goes to two columns when one does not fit and it has 320 px.
	cols := 1.0
	if body.W-insetW-g.Pad >= 420 || (insetW == 0 && body.W >= 320) {
		cols = 2
	}
	readH := (math.Ceil(rows/cols) + 0.5) * render.LineHeight(fs*0.9)
	lower := math.Max(readH, insetW)
	if lower > body.H*0.45 {
		lower = body.H * 0.45
	}
	plotsH := body.H - lower - g.Pad
	g.Top = render.Rect{X: body.X, Y: body.Y, W: body.W, H: plotsH * 0.54}
	g.Bottom = render.Rect{X: body.X, Y: body.Y + plotsH*0.54 + g.Pad*0.5, W: body.W, H: plotsH*0.46 - g.Pad*0.5}
	rest := body.Inset(0, plotsH+g.Pad, 0, 0)
	if insetW > 0 {
		g.Inset = render.Rect{X: rest.X, Y: rest.Y, W: insetW, H: math.Min(insetW, rest.H)}
		g.Readout = rest.Inset(insetW+g.Pad, 0, 0, 0)
	} else {
		g.Readout = rest
	}
	return g
}

// message is the sentence the scene shows instead of the plots, or "".
func message(v View) string {
	if v.Error != "" {
		return v.Error
	}
	if len(v.Lambdas) == 0 {
		return "There is no sweep to draw: the problem could not be set up."
	}
	return ""
}

package continualview

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
	Wide bool // two panels side by side (true) or stacked

	Message    render.Rect
	HasMessage bool

	Header  render.Rect
	Note    render.Rect // empty when there is no note
	First   render.Rect // the first panel
	Second  render.Rect // the second panel (empty when the view has one)
	Readout render.Rect
	Cols    int // readout columns
}

// wideEnough says when two panels go side by side.
func wideEnough(w, h float64) bool { return w >= 600 && w >= 1.1*h }

// panels is how many plots the view draws.
func panels(v View) int {
	switch v.Kind {
	case "transfer":
		return 2
	case "multi":
		return min(max(len(v.Multi), 1), 2)
	}
	return 1
}

// Layout places the scene's parts on a w x h canvas, from a phone (320 px wide) up.
func Layout(w, h float64, v View) Geometry {
	sz := scene.Measure(w, h)
	w, h = sz.W, sz.H
	g := Geometry{W: w, H: h, FS: sz.FS, Pad: sz.Pad}
	full := sz.Full
	if message(v) != "" {
		g.HasMessage, g.Message = true, full
		return g
	}
	fs := g.FS
	g.Wide = wideEnough(w, h)
	headLines := 3.0 // the headline (up to two lines) and the simulation's progress
	if w < 560 {
		headLines = 5 // a phone wraps both
	}
	var body render.Rect
	g.Header, body = sz.Header(headLines)
	if v.Note != "" {
		lines := 2.0
		if w < 560 {
			lines = 3
		}
		g.Note = render.Rect{X: body.X, Y: body.Y, W: body.W, H: lines*render.LineHeight(fs) + fs*0.5}
		body = body.Inset(0, g.Note.H+g.Pad*0.5, 0, 0)
	}
	// The readout: two columns when there is room for them.
	rows := float64(len(readoutRows(v)))
	g.Cols = 1
	if body.W >= 320 {
		g.Cols = 2
	}
	readH := (math.Ceil(rows/float64(g.Cols)) + 0.5) * render.LineHeight(fs*0.9)
	readH = math.Min(readH, body.H*0.3)
	g.Readout = render.Rect{X: body.X, Y: body.Bottom() - readH, W: body.W, H: readH}
	plots := body.Inset(0, 0, 0, readH+g.Pad)
	switch {
	case panels(v) == 1:
		g.First = plots
	case g.Wide:
		half := (plots.W - g.Pad*1.5) / 2
		g.First = render.Rect{X: plots.X, Y: plots.Y, W: half, H: plots.H}
		g.Second = render.Rect{X: plots.Right() - half, Y: plots.Y, W: half, H: plots.H}
	default:
		half := (plots.H - g.Pad) / 2
		g.First = render.Rect{X: plots.X, Y: plots.Y, W: plots.W, H: half}
		g.Second = render.Rect{X: plots.X, Y: plots.Bottom() - half, W: plots.W, H: half}
	}
	return g
}

// message is the sentence the scene shows instead of the plots, or "".
func message(v View) string {
	if v.Error != "" {
		return v.Error
	}
	switch v.Kind {
	case "transfer":
		if len(v.Transfer.Rho) == 0 {
			return "There is no learning curve to draw: the problem could not be set up."
		}
	case "self":
		if len(v.Self.NB) == 0 {
			return "There is no learning curve to draw: the problem could not be set up."
		}
	case "multi":
		if len(v.Multi) == 0 || len(v.Multi[0].E) == 0 {
			return "There is no learning curve to draw: the problem could not be set up."
		}
	default:
		return "There is no learning curve to draw: the view is not known."
	}
	return ""
}

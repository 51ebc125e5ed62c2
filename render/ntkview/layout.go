package ntkview

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
	Wide bool // the two small panels beside the main one (true) or stacked below it

	Message    render.Rect
	HasMessage bool

	Header  render.Rect
	Note    render.Rect // empty when there is no note
	Main    render.Rect // f(θ) panel, legend included
	Loss    render.Rect // training loss against step
	Sweep   render.Rect // width sweep
	Readout render.Rect
}

// wideMin is the canvas width from which the small panels go beside the main one.
const wideMin = 700

// Layout places the scene's parts on a w x h canvas.
func Layout(w, h float64, v View) Geometry {
	sz := scene.Measure(w, h)
	w, h = sz.W, sz.H
	sz.FS = render.Clamp(math.Min(w, h*1.4)/70, 10, 13) // smaller text: this scene has more to fit
	g := Geometry{W: w, H: h, FS: sz.FS, Pad: sz.Pad}
	full := sz.Full
	if message(v) != "" {
		g.HasMessage, g.Message = true, full
		return g
	}
	g.Wide = w >= wideMin
	fs := g.FS
	headLines := 2.0
	if w < 520 {
		headLines = 4 // a phone wraps the status sentence
		if h < 600 {
			headLines = 3 // a short phone iframe: the plots need the height more
		}
	} else if !g.Wide {
		headLines = 3
	}
	var body render.Rect
	g.Header, body = sz.Header(headLines)
	if v.Note != "" {
		noteH := render.LineHeight(fs)*2 + fs*0.6
		if !g.Wide {
			noteH = render.LineHeight(fs)*3 + fs*0.6
		}
		g.Note = render.Rect{X: body.X, Y: body.Y, W: body.W, H: noteH}
		body = body.Inset(0, noteH+g.Pad*0.5, 0, 0)
	}
	rows := float64(len(readoutRows(v)))
	readFS := fs * 0.95
	if g.Wide {
		side := render.Clamp(body.W*0.36, 260, 420)
		left := render.Rect{X: body.X, Y: body.Y, W: body.W - side - g.Pad*1.5, H: body.H}
		right := body.Inset(left.W+g.Pad*1.5, 0, 0, 0)
		// The readout in two columns under the main panel.
		readH := (math.Ceil(rows/2) + 0.5) * render.LineHeight(readFS)
		readH = math.Min(readH, left.H*0.3)
		g.Main = render.Rect{X: left.X, Y: left.Y, W: left.W, H: left.H - readH - g.Pad}
		g.Readout = render.Rect{X: left.X, Y: g.Main.Bottom() + g.Pad, W: left.W, H: readH}
		half := (right.H - g.Pad) / 2
		g.Loss = render.Rect{X: right.X, Y: right.Y, W: right.W, H: half}
		g.Sweep = render.Rect{X: right.X, Y: right.Y + half + g.Pad, W: right.W, H: half}
		return g
	}
	// Narrow: main panel, loss, sweep and the readout stacked.
	cols := 1.0
	if body.W >= 320 {
		cols = 2
	}
	readH := (math.Ceil(rows/cols) + 0.5) * render.LineHeight(readFS*0.95)
	readH = math.Min(readH, body.H*0.22)
	plots := body.H - readH - 3*g.Pad
	mainH := plots * 0.44
	y := body.Y
	if h < 600 {
		// A short phone iframe: three stacked panels would each be a sliver, so the two small
		// ones go side by side under the main one.
		mainH = plots * 0.52
		g.Main = render.Rect{X: body.X, Y: y, W: body.W, H: mainH}
		y += mainH + g.Pad
		half := (body.W - g.Pad) / 2
		smallH := plots - mainH + g.Pad
		g.Loss = render.Rect{X: body.X, Y: y, W: half, H: smallH}
		g.Sweep = render.Rect{X: body.X + half + g.Pad, Y: y, W: half, H: smallH}
		g.Readout = render.Rect{X: body.X, Y: y + smallH + g.Pad, W: body.W, H: readH}
		return g
	}
	smallH := (plots - mainH) / 2
	g.Main = render.Rect{X: body.X, Y: y, W: body.W, H: mainH}
	y += mainH + g.Pad
	g.Loss = render.Rect{X: body.X, Y: y, W: body.W, H: smallH}
	y += smallH + g.Pad
	g.Sweep = render.Rect{X: body.X, Y: y, W: body.W, H: smallH}
	y += smallH + g.Pad
	g.Readout = render.Rect{X: body.X, Y: y, W: body.W, H: readH}
	return g
}

// message is the sentence the scene shows instead of the plots, or "".
func message(v View) string {
	if v.Error != "" {
		return v.Error
	}
	if len(v.Theta) == 0 {
		return "There is nothing to draw yet: the problem has no evaluation grid."
	}
	return ""
}

package sinkhornview

import (
	"solvable/render"
	"solvable/render/scene"
)

// Draw paints the scene for v over the whole canvas. It never leaves the canvas blank:
// a view with an error (or nothing to show) gets the sentence in words instead.
func Draw(c render.Canvas, v View) {
	w, h, ok := scene.Begin(c)
	if !ok {
		return
	}
	g := Layout(w, h, v)
	if g.HasMessage {
		scene.Message(c, g.Message, g.FS, "This problem cannot be shown", message(v))
		return
	}
	drawHeader(c, g, v)
	drawPlan(c, g, v)
	drawBars(c, g, v)
	drawLegend(c, g)
	drawErrorPlot(c, g, v)
	drawReadout(c, g, v)
}

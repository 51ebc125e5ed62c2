package sinkhornview

import (
	"solvable/render"
)

// Draw paints the scene for v over the whole canvas. It never leaves the canvas blank:
// a view with an error (or nothing to show) gets the sentence in words instead.
func Draw(c render.Canvas, v View) {
	w, h := c.Size()
	if !render.Finite(w) || !render.Finite(h) || w <= 0 || h <= 0 {
		return
	}
	c.FillRect(0, 0, w, h, render.Background)
	g := Layout(w, h, v)
	if g.HasMessage {
		drawMessage(c, g, message(v))
		return
	}
	drawHeader(c, g, v)
	drawPlan(c, g, v)
	drawBars(c, g, v)
	drawLegend(c, g)
	drawErrorPlot(c, g, v)
	drawReadout(c, g, v)
}

// drawMessage centres a word-wrapped sentence on a soft warning panel.
func drawMessage(c render.Canvas, g Geometry, s string) {
	fs := g.FS * 1.2
	box := g.Message
	textW := min(box.W-2*fs, 34*fs) // about 60 characters a line reads comfortably
	if textW <= 0 {
		return
	}
	lines := render.Wrap(c, s, fs, textW)
	title := "This problem cannot be shown"
	lh := render.LineHeight(fs)
	blockH := lh*float64(len(lines)) + lh*1.6
	panel := render.Rect{X: box.CenterX() - textW/2 - fs, Y: box.CenterY() - blockH/2 - fs, W: textW + 2*fs, H: blockH + 2*fs}
	panel.Y = max(panel.Y, box.Y)
	c.FillRect(panel.X, panel.Y, panel.W, panel.H, render.WarnWash)
	c.StrokeRect(panel.X, panel.Y, panel.W, panel.H, 1, render.Mix(render.WarnInk, render.White, 0.6))
	y := panel.Y + fs + fs
	c.Text(title, box.CenterX(), y, fs*1.05, render.WarnInk, render.AlignCenter)
	y += lh * 1.6
	render.TextBlock(c, lines, box.CenterX(), y, fs, render.Ink, render.AlignCenter)
}

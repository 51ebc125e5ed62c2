package dlnview

import (
	"solvable/render"
)

// Draw paints the scene for v over the whole canvas. It never leaves the canvas blank: a
// view with an error (or nothing to show) gets the sentence in words instead.
func Draw(c render.Canvas, v View) {
	w, h := c.Size()
	if !render.Finite(w) || !render.Finite(h) || w <= 0 || h <= 0 {
		return
	}
	c.FillRect(0, 0, w, h, render.Background)
	g := Layout(w, h, v)
	if g.HasMessage {
		title, s := message(v)
		drawMessage(c, g, title, s)
		return
	}
	drawHeader(c, g, v)
	drawNote(c, g, v)
	switch v.Mode {
	case ModeCoef:
		drawCoef(c, g, v)
		drawLoss(c, g, v)
		drawAlphaEff(c, g, v)
	case ModeSweep:
		drawSweep(c, g, v)
		drawQ(c, g, v)
		drawLegend(c, g.Legend, sweepLegend(v), g.FS)
	default:
		drawLine(c, g, v)
		drawLegend(c, g.Legend, lineLegend(v), g.FS)
	}
	drawReadout(c, g, v)
}

// message is the title and sentence the scene shows instead of the picture, or "" when
// there is a picture to draw.
func message(v View) (title, s string) {
	switch {
	case v.Error != "":
		return "This problem cannot be shown", v.Error
	case v.D <= 0:
		return "Nothing to draw yet", "There is nothing to draw yet: the problem has no coefficients."
	case v.Mode == ModeLine && v.D != 2:
		return "This view does not fit the problem",
			"The line picture shows problems with two coefficients and one equation (d = 2, n = 1); " +
				"this one has d = " + itoa(v.D) + " and n = " + itoa(v.N) + ". The coefficient view shows any size."
	case v.Mode != ModeLine && v.Mode != ModeCoef && v.Mode != ModeSweep:
		return "Nothing to draw yet", "There is no picture called mode " + itoa(int(v.Mode)) + "."
	}
	return "", ""
}

// drawMessage centres a word-wrapped sentence on a soft warning panel.
func drawMessage(c render.Canvas, g Geometry, title, s string) {
	fs := g.FS * 1.2
	box := g.Message
	textW := min(box.W-2*fs, 34*fs) // about 60 characters a line reads comfortably
	if textW <= 0 {
		return
	}
	lines := render.Wrap(c, s, fs, textW)
	lh := render.LineHeight(fs)
	blockH := lh*float64(len(lines)) + lh*1.6
	panel := render.Rect{X: box.CenterX() - textW/2 - fs, Y: box.CenterY() - blockH/2 - fs, W: textW + 2*fs, H: blockH + 2*fs}
	panel.Y = max(panel.Y, box.Y)
	c.FillRect(panel.X, panel.Y, panel.W, panel.H, render.WarnWash)
	c.StrokeRect(panel.X, panel.Y, panel.W, panel.H, 1, render.Mix(render.WarnInk, render.White, 0.6))
	y := panel.Y + 2*fs
	c.Text(render.Ellipsize(c, title, fs*1.05, panel.W-fs), box.CenterX(), y, fs*1.05, render.WarnInk, render.AlignCenter)
	y += lh * 1.6
	render.TextBlock(c, lines, box.CenterX(), y, fs, render.Ink, render.AlignCenter)
}

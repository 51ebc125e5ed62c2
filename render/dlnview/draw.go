package dlnview

import (
	"solvable/render"
	"solvable/render/scene"
)

// Draw paints the scene for v over the whole canvas. It never leaves the canvas blank: a
// view with an error (or nothing to show) gets the sentence in words instead.
func Draw(c render.Canvas, v View) {
	w, h, ok := scene.Begin(c)
	if !ok {
		return
	}
	g := Layout(w, h, v)
	if g.HasMessage {
		title, s := message(v)
		scene.Message(c, g.Message, g.FS, title, s)
		return
	}
	drawHeader(c, g, v)
	scene.Note(c, g.Note, g.FS, v.Note)
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

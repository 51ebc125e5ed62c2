package ntkview

import (
	"image/color"
	"math"
	"strings"

	"solvable/render"
)

// The scene's font (Go Regular, on screen and in PNGs) has no "∝", so the sign is drawn as a
// path: the left lobe of a lemniscate with two arms open to the right. Labels that start with
// "∝ " go through drawLabel and labelWidth, which draw and measure the sign that way.
const propSign = "∝ "

// propWidth is the advance of the drawn sign (with its space) at size fs.
func propWidth(c render.Canvas, fs float64) float64 { return fs*0.78 + c.TextWidth(" ", fs) }

// drawProp draws the sign with its left edge at x on the baseline y.
func drawProp(c render.Canvas, x, y, fs float64, col color.RGBA) {
	w := fs * 0.72
	h := fs * 0.42
	cx, cy := x+w*0.52, y-fs*0.33 // the crossing point, at the height of a lower-case x's middle
	const n = 24
	xs := make([]float64, 0, n+3)
	ys := make([]float64, 0, n+3)
	xs, ys = append(xs, x+w), append(ys, cy-h/2)
	for i := 0; i <= n; i++ {
		t := -math.Pi/2 + math.Pi*float64(i)/n
		d := 1 + math.Sin(t)*math.Sin(t)
		lx := -math.Cos(t) / d
		ly := math.Sin(t) * math.Cos(t) / d
		xs, ys = append(xs, cx+lx*w*0.52), append(ys, cy-ly*h*1.35)
	}
	xs, ys = append(xs, x+w), append(ys, cy+h/2)
	c.Polyline(xs, ys, math.Max(fs*0.09, 1), col)
}

// labelWidth is TextWidth that knows the drawn sign.
func labelWidth(c render.Canvas, s string, fs float64) float64 {
	if rest, ok := strings.CutPrefix(s, propSign); ok {
		return propWidth(c, fs) + c.TextWidth(rest, fs)
	}
	return c.TextWidth(s, fs)
}

// drawLabel is Text (left-aligned) that knows the drawn sign.
func drawLabel(c render.Canvas, s string, x, y, fs float64, col color.RGBA) {
	if rest, ok := strings.CutPrefix(s, propSign); ok {
		drawProp(c, x, y, fs, col)
		c.Text(rest, x+propWidth(c, fs), y, fs, col, render.AlignLeft)
		return
	}
	c.Text(s, x, y, fs, col, render.AlignLeft)
}

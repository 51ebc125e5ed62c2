package rastercanvas

import (
	"image"
	"image/color"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"solvable/render"
)

// Text implements render.Canvas. The baseline and the start are rounded to whole device
// pixels, which keeps small labels sharp.
func (c *Canvas) Text(s string, x, y, size float64, col color.RGBA, align render.Align) {
	if s == "" || !render.Finite(x) || !render.Finite(y) || !(size > 0) || !render.Finite(size) {
		return
	}
	px := size * c.scale
	face := c.faces.Face(px)
	if face == nil {
		return
	}
	dx := render.AlignedStart(x*c.scale, c.faces.Width(s, px), align)
	d := font.Drawer{
		Dst:  c.img,
		Src:  image.NewUniform(col),
		Face: face,
		Dot:  fixed.P(int(math.Round(dx)), int(math.Round(y*c.scale))),
	}
	d.DrawString(s)
}

//go:build js && wasm

package ebitencanvas

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"golang.org/x/image/math/fixed"

	"solvable/render"
	"solvable/render/internal/glyphs"
)

// glyphKey identifies a rasterised glyph: the rune at a size in quarter device pixels.
type glyphKey struct {
	r    rune
	size int
}

// glyph is one rune's coverage as a white, premultiplied texture, and where it sits
// relative to the pen position.
type glyph struct {
	img    *ebiten.Image // nil for blank glyphs such as space
	offset image.Point
}

// maxGlyphs bounds the glyph cache; past it the cache starts over (a scene uses a few
// hundred glyphs, so this only triggers if sizes keep changing).
const maxGlyphs = 4096

func (c *Canvas) glyph(r rune, px float64) *glyph {
	key := glyphKey{r, int(math.Round(px * 4))}
	if g, ok := c.glyphs[key]; ok {
		return g
	}
	if len(c.glyphs) >= maxGlyphs {
		for _, g := range c.glyphs {
			if g.img != nil {
				g.img.Deallocate()
			}
		}
		c.glyphs = map[glyphKey]*glyph{}
	}
	g := &glyph{}
	c.glyphs[key] = g
	face := c.faces.Face(px)
	if face == nil {
		return g
	}
	dr, mask, mp, _, ok := face.Glyph(fixed.Point26_6{}, r)
	if !ok || dr.Empty() {
		return g
	}
	w, h := dr.Dx(), dr.Dy()
	pix := make([]byte, 4*w*h)
	for y := range h {
		for x := range w {
			_, _, _, a := mask.At(mp.X+x, mp.Y+y).RGBA()
			v := byte(a >> 8)
			k := 4 * (y*w + x)
			pix[k], pix[k+1], pix[k+2], pix[k+3] = v, v, v, v // white, premultiplied
		}
	}
	g.img = ebiten.NewImage(w, h)
	g.img.WritePixels(pix)
	g.offset = dr.Min
	return g
}

// Text implements render.Canvas. Glyphs are placed on whole device pixels (their shapes
// are cached for pen position zero), with advances and kerning accumulated exactly.
func (c *Canvas) Text(s string, x, y, size float64, col color.RGBA, align render.Align) {
	if s == "" || !c.ok(x, y, size) || size <= 0 || col.A == 0 {
		return
	}
	px := size * c.scale
	face := c.faces.Face(px)
	if face == nil {
		return
	}
	start := render.AlignedStart(x*c.scale, c.faces.Width(s, px), align)
	baseline := math.Round(y * c.scale)
	var pen fixed.Int26_6
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			pen += face.Kern(prev, r)
		}
		g := c.glyph(r, px)
		if g.img != nil {
			op := &ebiten.DrawImageOptions{}
			op.GeoM.Translate(math.Round(start+glyphs.Fixed(pen))+float64(g.offset.X), baseline+float64(g.offset.Y))
			op.ColorScale.ScaleWithColor(col)
			c.dst.DrawImage(g.img, op)
		}
		adv, _ := face.GlyphAdvance(r)
		pen += adv
		prev = r
	}
}

// TextWidth implements render.Canvas.
func (c *Canvas) TextWidth(s string, size float64) float64 {
	if !(size > 0) || !render.Finite(size) {
		return 0
	}
	scale := c.scale
	if scale == 0 {
		scale = 1 // before the first Reset: measure at 1x
	}
	return c.faces.Width(s, size*scale) / scale
}

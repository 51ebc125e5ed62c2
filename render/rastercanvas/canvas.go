// Package rastercanvas is a render.Canvas that draws into an *image.RGBA with anti-aliased
// fills and strokes (golang.org/x/image/vector) and Go Regular text. Tests, developers and
// the static-figure generator use it to render a scene to PNG without a browser or a GPU.
package rastercanvas

import (
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"

	"golang.org/x/image/vector"

	"solvable/render"
	"solvable/render/internal/glyphs"
)

// Canvas draws in CSS pixels onto an image of Scale device pixels per CSS pixel.
type Canvas struct {
	img   *image.RGBA
	w, h  float64 // CSS size
	scale float64
	ras   *vector.Rasterizer
	faces glyphs.Faces
}

var (
	_ render.Canvas      = (*Canvas)(nil)
	_ render.ImageDrawer = (*Canvas)(nil)
)

// New returns a w x h CSS-pixel canvas backed by an image of ceil(w*scale) x ceil(h*scale)
// pixels, filled with render.Background. A scale that is not positive and finite means 1.
func New(w, h, scale float64) *Canvas {
	if !(scale > 0) || math.IsInf(scale, 0) {
		scale = 1
	}
	w, h = math.Max(render.Clamp(w, 0, 1<<14), 0), math.Max(render.Clamp(h, 0, 1<<14), 0)
	iw, ih := int(math.Ceil(w*scale)), int(math.Ceil(h*scale))
	c := &Canvas{img: image.NewRGBA(image.Rect(0, 0, iw, ih)), w: w, h: h, scale: scale, ras: vector.NewRasterizer(1, 1)}
	c.Clear(render.Background)
	return c
}

// Image is the picture drawn so far (not a copy).
func (c *Canvas) Image() *image.RGBA { return c.img }

// Scale is the number of device pixels per CSS pixel.
func (c *Canvas) Scale() float64 { return c.scale }

// Clear fills the whole image with col.
func (c *Canvas) Clear(col color.RGBA) {
	p := c.img.Pix
	for i := 0; i < len(p); i += 4 {
		p[i], p[i+1], p[i+2], p[i+3] = col.R, col.G, col.B, col.A
	}
}

// WritePNG encodes the image as PNG.
func (c *Canvas) WritePNG(w io.Writer) error { return png.Encode(w, c.img) }

// SavePNG writes the image to a PNG file.
func (c *Canvas) SavePNG(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := c.WritePNG(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Size implements render.Canvas.
func (c *Canvas) Size() (w, h float64) { return c.w, c.h }

// TextWidth implements render.Canvas.
func (c *Canvas) TextWidth(s string, size float64) float64 {
	if !(size > 0) {
		return 0
	}
	return c.faces.Width(s, size*c.scale) / c.scale
}

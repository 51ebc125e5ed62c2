//go:build js && wasm

package ebitencanvas

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// block is a texture for DrawImage with its own copy of the pixels (WritePixels may read
// them after the caller has moved on).
type block struct {
	img    *ebiten.Image
	pw, ph int
	pix    []byte
}

// DrawImage implements render.ImageDrawer: the pixels go to the GPU as one texture, reused
// frame to frame (the k-th DrawImage of a frame reuses the k-th texture), and are drawn
// with hard cell edges when enlarged and smoothed when shrunk.
func (c *Canvas) DrawImage(x, y, w, h float64, pix []byte, pw, ph int) {
	if !c.ok(x, y, w, h) || w <= 0 || h <= 0 || pw <= 0 || ph <= 0 || len(pix) < 4*pw*ph {
		return
	}
	s := c.scale
	x0, x1 := math.Round(x*s), math.Round((x+w)*s)
	y0, y1 := math.Round(y*s), math.Round((y+h)*s)
	if x1 <= x0 || y1 <= y0 {
		return
	}
	if c.nextBlock == len(c.blocks) {
		c.blocks = append(c.blocks, &block{})
	}
	b := c.blocks[c.nextBlock]
	c.nextBlock++
	if b.img == nil || b.pw != pw || b.ph != ph {
		if b.img != nil {
			b.img.Deallocate()
		}
		b.img, b.pw, b.ph = ebiten.NewImage(pw, ph), pw, ph
	}
	b.pix = append(b.pix[:0], pix[:4*pw*ph]...)
	b.img.WritePixels(b.pix)

	op := &ebiten.DrawImageOptions{}
	sx, sy := (x1-x0)/float64(pw), (y1-y0)/float64(ph)
	op.GeoM.Scale(sx, sy)
	op.GeoM.Translate(x0, y0)
	if sx < 1 || sy < 1 {
		op.Filter = ebiten.FilterLinear
	} else {
		op.Filter = ebiten.FilterNearest
	}
	c.dst.DrawImage(b.img, op)
}

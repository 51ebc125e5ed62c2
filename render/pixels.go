package render

import "image/color"

// ImageDrawer is an optional Canvas capability: drawing a block of pixels in one call. A
// heatmap of a 400x400 plan is 160,000 cells; as one texture upload it costs about as much as
// a single rectangle, as rectangles it can eat the whole frame budget.
type ImageDrawer interface {
	// DrawImage draws the pw x ph image pix stretched over the rectangle (x, y, w, h) without
	// smoothing between cells when they are larger than a device pixel. pix is row-major RGBA,
	// alpha-premultiplied, 4*pw*ph bytes (the layout of image.RGBA.Pix). The caller may reuse
	// pix after the call returns, so an implementation must copy or upload it first.
	DrawImage(x, y, w, h float64, pix []byte, pw, ph int)
}

// DrawPixels draws pix (as described on ImageDrawer) into the rectangle, through the
// canvas's DrawImage when it has one and as rectangles otherwise. The fallback merges
// horizontal runs of equal colour, which keeps flat regions cheap.
func DrawPixels(c Canvas, x, y, w, h float64, pix []byte, pw, ph int) {
	if pw <= 0 || ph <= 0 || len(pix) < 4*pw*ph || !(Rect{x, y, w, h}).Valid() {
		return
	}
	if d, ok := c.(ImageDrawer); ok {
		d.DrawImage(x, y, w, h, pix, pw, ph)
		return
	}
	cw, ch := w/float64(pw), h/float64(ph)
	for j := range ph {
		row := pix[4*pw*j : 4*pw*(j+1)]
		// Cell edges are computed from the index, not accumulated, so rows tile exactly.
		y0, y1 := y+float64(j)*ch, y+float64(j+1)*ch
		for i := 0; i < pw; {
			k := i + 1
			for k < pw && row[4*k] == row[4*i] && row[4*k+1] == row[4*i+1] && row[4*k+2] == row[4*i+2] && row[4*k+3] == row[4*i+3] {
				k++
			}
			col := color.RGBA{row[4*i], row[4*i+1], row[4*i+2], row[4*i+3]}
			if col.A != 0 {
				x0, x1 := x+float64(i)*cw, x+float64(k)*cw
				c.FillRect(x0, y0, x1-x0, y1-y0, col)
			}
			i = k
		}
	}
}

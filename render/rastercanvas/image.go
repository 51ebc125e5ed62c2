package rastercanvas

import (
	"math"

	"solvable/render"
)

// DrawImage implements render.ImageDrawer. Enlarged images keep hard cell edges (nearest
// neighbour); shrunk ones average the cells that fall in each device pixel, so a 400x400 plan
// in 300 pixels shows every entry's weight instead of dropping a quarter of the rows.
func (c *Canvas) DrawImage(x, y, w, h float64, pix []byte, pw, ph int) {
	if pw <= 0 || ph <= 0 || len(pix) < 4*pw*ph || !(render.Rect{X: x, Y: y, W: w, H: h}).Valid() {
		return
	}
	x0, x1 := int(c.snap(x)), int(c.snap(x+w))
	y0, y1 := int(c.snap(y)), int(c.snap(y+h))
	if x1 <= x0 || y1 <= y0 {
		return
	}
	wx := resampleWeights(pw, x1-x0)
	wy := resampleWeights(ph, y1-y0)
	b := c.img.Bounds()
	for j := y0; j < y1; j++ {
		if j < b.Min.Y || j >= b.Max.Y {
			continue
		}
		for i := x0; i < x1; i++ {
			if i < b.Min.X || i >= b.Max.X {
				continue
			}
			var r, g, bl, a float64
			for _, sy := range wy[j-y0] {
				for _, sx := range wx[i-x0] {
					k := 4 * (sy.i*pw + sx.i)
					f := sx.w * sy.w
					r += f * float64(pix[k])
					g += f * float64(pix[k+1])
					bl += f * float64(pix[k+2])
					a += f * float64(pix[k+3])
				}
			}
			// Premultiplied "over": dst = src + dst * (1 - src alpha).
			o := c.img.PixOffset(i, j)
			d := c.img.Pix[o : o+4 : o+4]
			keep := 1 - a/255
			d[0] = uint8(math.Min(r+float64(d[0])*keep+0.5, 255))
			d[1] = uint8(math.Min(g+float64(d[1])*keep+0.5, 255))
			d[2] = uint8(math.Min(bl+float64(d[2])*keep+0.5, 255))
			d[3] = uint8(math.Min(a+float64(d[3])*keep+0.5, 255))
		}
	}
}

// weight is a source index and its share of one destination pixel.
type weight struct {
	i int
	w float64
}

// resampleWeights maps each of dst destination pixels to the source cells (of src) it
// covers: the one cell under its centre when enlarging, or every overlapped cell weighted by
// overlap when shrinking (a box filter).
func resampleWeights(src, dst int) [][]weight {
	out := make([][]weight, dst)
	ratio := float64(src) / float64(dst)
	for d := range dst {
		if ratio <= 1 {
			s := min(int((float64(d)+0.5)*ratio), src-1)
			out[d] = []weight{{s, 1}}
			continue
		}
		lo, hi := float64(d)*ratio, float64(d+1)*ratio
		for s := int(lo); s < src && float64(s) < hi; s++ {
			ov := math.Min(hi, float64(s+1)) - math.Max(lo, float64(s))
			if ov > 0 {
				out[d] = append(out[d], weight{s, ov / ratio})
			}
		}
	}
	return out
}

// Package scene holds the pieces that the simulator scenes under render/ (sinkhornview,
// otgeomview, sweepview, cloudview, dlnview, ntkview, curvesview, continualview) draw the
// same way: the blank-canvas check at the top of Draw, the text size and padding a layout
// starts from, the header strip and its headline, the warning-wash note and the centred panel
// that says in words why there is no picture. They live here, once, so every scene looks and
// behaves alike and a fix to one of them reaches all; what a scene shows stays in its own
// package.
package scene

import (
	"image/color"
	"math"

	"solvable/render"
)

// Begin starts a scene's Draw: it returns the canvas size and false when the canvas has no
// usable area (nothing is drawn then), else paints the background and returns true.
func Begin(c render.Canvas) (w, h float64, ok bool) {
	w, h = c.Size()
	if !render.Finite(w) || !render.Finite(h) || w <= 0 || h <= 0 {
		return w, h, false
	}
	c.FillRect(0, 0, w, h, render.Background)
	return w, h, true
}

// Sizes is what a scene's Layout starts from: the canvas size (0 by 0 when it is not finite
// or negative), the base text size FS, the padding Pad and Full, the canvas less Pad on every
// side.
type Sizes struct {
	W, H, FS, Pad float64
	Full          render.Rect
}

// Measure returns the Sizes for a w by h canvas: FS grows with the canvas from 10 to 13 px,
// Pad is 2% of the shorter side within 4 to 14 px. A scene with more to fit may set a smaller
// FS before it calls Header.
func Measure(w, h float64) Sizes {
	if !render.Finite(w) || !render.Finite(h) || w < 0 || h < 0 {
		w, h = 0, 0
	}
	s := Sizes{W: w, H: h}
	s.FS = render.Clamp(math.Min(w, h*1.33)/62, 10, 13)
	s.Pad = render.Clamp(math.Min(w, h)*0.02, 4, 14)
	s.Full = render.Rect{X: 0, Y: 0, W: w, H: h}.Inset(s.Pad, s.Pad, s.Pad, s.Pad)
	return s
}

// Header splits the header strip off the top of Full: room for lines lines of headline text
// (at 1.05 FS), then half a Pad of space before body, the rest.
func (s Sizes) Header(lines float64) (header, body render.Rect) {
	header = render.Rect{X: s.Full.X, Y: s.Full.Y, W: s.Full.W, H: lines * render.LineHeight(s.FS*1.05)}
	return header, s.Full.Inset(0, header.H+s.Pad*0.5, 0, 0)
}

// Message centres a word-wrapped sentence s under a title on a soft warning panel in box,
// at 1.2 times the scene's text size fs: what a scene draws instead of its picture when there
// is none to draw. The title is shortened with an ellipsis when it is wider than the panel.
func Message(c render.Canvas, box render.Rect, fs float64, title, s string) {
	fs *= 1.2
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

// Note writes s (a warning such as a diverged step) in warning ink on a soft wash filling r,
// at text size fs, as many lines as fit with an ellipsis when some are cut. An empty s or
// rectangle draws nothing.
func Note(c render.Canvas, r render.Rect, fs float64, s string) {
	if s == "" || r.H <= 0 || r.W <= 0 {
		return
	}
	c.FillRect(r.X, r.Y, r.W, r.H, render.WarnWash)
	lh := render.LineHeight(fs)
	maxLines := max(int((r.H-fs*0.4)/lh+1e-9), 1)
	lines := render.Truncate(c, render.Wrap(c, s, fs, r.W-fs), maxLines, fs, r.W-fs)
	render.TextBlock(c, lines, r.X+fs*0.5, r.Y+fs*0.2+fs, fs, render.WarnInk, render.AlignLeft)
}

// Headline writes s, the sentence a newcomer should read first, in col at 1.05 times the
// scene's text size fs from the top of the header strip r, wrapped and cut with an ellipsis
// to the lines r holds. It returns the baseline of the next line and how many lines of r are
// left for a subline.
func Headline(c render.Canvas, r render.Rect, fs float64, s string, col color.RGBA) (y float64, room int) {
	hfs := fs * 1.05
	maxLines := max(int(r.H/render.LineHeight(hfs)+1e-9), 1)
	lines := render.Truncate(c, render.Wrap(c, s, hfs, r.W), maxLines, hfs, r.W)
	y = render.TextBlock(c, lines, r.X, r.Y+hfs, hfs, col, render.AlignLeft)
	return y, maxLines - len(lines)
}

// Subline writes the first of options (one explanation, longest first) that fits in the
// header strip r's width in muted ink at text size fs with its baseline at y, and reports
// whether one fitted; when none does it draws nothing.
func Subline(c render.Canvas, r render.Rect, y, fs float64, options ...string) bool {
	for _, s := range options {
		if c.TextWidth(s, fs) <= r.W {
			c.Text(s, r.X, y, fs, render.Muted, render.AlignLeft)
			return true
		}
	}
	return false
}

package render

import (
	"image/color"
	"strings"
)

// Baseline returns the baseline y that centres a line of text of the given size on centerY.
// 0.35 of the size is about half the height of digits and capitals in common sans fonts.
func Baseline(centerY, size float64) float64 { return centerY + 0.35*size }

// LineHeight is the distance between baselines this package uses for text of a given size.
func LineHeight(size float64) float64 { return 1.3 * size }

// Wrap breaks s into lines no wider than width at the given size, breaking at spaces and,
// for a word that alone is too wide, inside the word. Explicit newlines are kept.
func Wrap(c Canvas, s string, size, width float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		cur, start := "", len(lines)
		for _, w := range words {
			cand := w
			if cur != "" {
				cand = cur + " " + w
			}
			if c.TextWidth(cand, size) <= width {
				cur = cand
				continue
			}
			if cur != "" {
				lines = append(lines, cur)
			}
			cur = ""
			for c.TextWidth(w, size) > width {
				head := fitPrefix(c, w, size, width)
				lines = append(lines, head)
				w = w[len(head):]
			}
			cur = w
		}
		if cur != "" || len(lines) == start {
			lines = append(lines, cur)
		}
	}
	return lines
}

// fitPrefix returns the longest prefix of w (at least one rune) that fits in width.
func fitPrefix(c Canvas, w string, size, width float64) string {
	end := 0
	for i := range w {
		if i > 0 && c.TextWidth(w[:i], size) > width {
			break
		}
		end = i
	}
	if end == 0 {
		// The first rune alone does not fit: take it anyway so the loop makes progress.
		for i := range w {
			if i > 0 {
				return w[:i]
			}
		}
		return w
	}
	return w[:end]
}

// TextBlock draws lines aligned on x as align says, the first baseline at y, and returns the
// y of the baseline after the last line.
func TextBlock(c Canvas, lines []string, x, y, size float64, col color.RGBA, align Align) float64 {
	for _, l := range lines {
		c.Text(l, x, y, size, col, align)
		y += LineHeight(size)
	}
	return y
}

// Ellipsize shortens s with a trailing "…" until it fits in width (or only "…" is left).
func Ellipsize(c Canvas, s string, size, width float64) string {
	if c.TextWidth(s, size) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 {
		r = r[:len(r)-1]
		if t := string(r) + "…"; c.TextWidth(t, size) <= width {
			return t
		}
	}
	return "…"
}

// AlignedStart is the left edge of a string of the given width whose anchor is x.
func AlignedStart(x, width float64, align Align) float64 {
	switch align {
	case AlignCenter:
		return x - width/2
	case AlignRight:
		return x - width
	}
	return x
}

// Truncate keeps at most maxLines of wrapped lines, ending the last one kept with an ellipsis
// (fitted to width w) when some were dropped, so a long sentence in a fixed box says it goes on.
func Truncate(c Canvas, lines []string, maxLines int, size, w float64) []string {
	if len(lines) <= maxLines {
		return lines
	}
	if maxLines <= 0 {
		return nil
	}
	lines = lines[:maxLines]
	lines[maxLines-1] = Ellipsize(c, lines[maxLines-1]+"…", size, w)
	return lines
}

// Pick returns the first of options (longest first, say a title and its shorter forms) that
// fits in width w at the given size, else the last one shortened with an ellipsis.
func Pick(c Canvas, w, size float64, options ...string) string {
	for _, s := range options {
		if c.TextWidth(s, size) <= w {
			return s
		}
	}
	return Ellipsize(c, options[len(options)-1], size, w)
}

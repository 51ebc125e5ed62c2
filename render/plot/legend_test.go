package plot

import (
	"math"
	"testing"

	"solvable/render"
	"solvable/render/recorder"
)

func TestLegend(t *testing.T) {
	r := recorder.New(200, 200)
	st := DefaultStyle(10)
	entries := []LegendEntry{
		{Label: "abc", Color: render.Blue, Mark: MarkLine},
		{Label: "dashed", Color: render.Grey, Mark: MarkDashed},
		{Label: "fill", Color: render.Green, Mark: MarkFill},
		{Label: "box", Color: render.Red, Mark: MarkOutline, Fill: render.Highlight},
		{Label: "dot", Color: render.Orange, Mark: MarkDot},
	}
	w, h := Legend(r, 10, 10, entries, st)
	// Widest row: swatch 16 + gap 4 + "dashed" 6 x 5.5 = 33, plus 3 px padding each side;
	// height: five lines of 13 px plus padding.
	if math.Abs(w-59) > 1e-9 || math.Abs(h-71) > 1e-9 {
		t.Errorf("legend size %v x %v, want 59 x 71", w, h)
	}
	if got := r.AllText(); got != "abc\ndashed\nfill\nbox\ndot" {
		t.Errorf("labels %q", got)
	}
	if err := r.CheckFinite(); err != nil {
		t.Error(err)
	}
	if w, h := Legend(r, 0, 0, nil, st); w != 0 || h != 0 {
		t.Error("an empty legend takes no room")
	}
}

package sinkhornview

import (
	"math"
	"testing"

	"solvable/core/sinkhorn"
)

func TestSupportTicksAtRoundValues(t *testing.T) {
	// A 40-point grid on [0, 1] has cell i at i/39; a label for 0.4 belongs at index 15.6.
	ticks := supportTicks(sinkhorn.Grid(40), 6)
	want := []struct {
		at    float64
		label string
	}{{0, "0"}, {7.8, "0.2"}, {15.6, "0.4"}, {23.4, "0.6"}, {31.2, "0.8"}, {39, "1"}}
	if len(ticks) != len(want) {
		t.Fatalf("got %d ticks: %v", len(ticks), ticks)
	}
	for k, w := range want {
		if math.Abs(ticks[k].at-w.at) > 1e-9 || ticks[k].label != w.label {
			t.Errorf("tick %d: %+v, want %+v", k, ticks[k], w)
		}
	}
	// Few cells: each labelled with its own value (the spec grid 0, 0.2, ..., 1).
	ticks = supportTicks(sinkhorn.Grid(6), 11)
	if len(ticks) != 6 || ticks[1].label != "0.2" || ticks[1].at != 1 {
		t.Errorf("six cells: %v", ticks)
	}
	// Unsorted points keep their own values, one label per stride of cells.
	ticks = supportTicks([]float64{0.9, 0.1, 0.5, 0.3}, 2)
	if len(ticks) != 2 || ticks[0].label != "0.9" || ticks[1].at != 2 {
		t.Errorf("unsorted: %v", ticks)
	}
}

package plot

import (
	"math"
	"testing"
)

func TestSpread(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		want, got []float64
		gap       float64
	}{
		{[]float64{10, 50, 90}, []float64{10, 50, 90}, 10},                           // already apart
		{[]float64{50, 52, 51}, []float64{50, 70, 60}, 10},                           // pushed down in order
		{[]float64{95, 99}, []float64{90, 100}, 10},                                  // held inside hi
		{[]float64{nan, 5, 5}, []float64{nan, 5, 15}, 10},                            // NaN kept, ties pushed apart
		{[]float64{1, 2, 3, 4, 5, 6, 7}, []float64{0, 20, 40, 60, 80, 100, 120}, 20}, // too many: stacked from lo
	} {
		got := Spread(tc.want, tc.gap, 0, 100)
		for i := range got {
			if !(got[i] == tc.got[i] || math.IsNaN(got[i]) && math.IsNaN(tc.got[i])) {
				t.Errorf("Spread(%v) = %v, want %v", tc.want, got, tc.got)
				break
			}
		}
	}
}

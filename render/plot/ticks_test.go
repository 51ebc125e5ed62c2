package plot

import (
	"math"
	"strings"
	"testing"
)

func values(ts []Tick, major bool) []float64 {
	var v []float64
	for _, t := range ts {
		if t.Major == major {
			v = append(v, t.Value)
		}
	}
	return v
}

func labels(ts []Tick) string {
	var l []string
	for _, t := range ts {
		if t.Major {
			l = append(l, t.Label)
		}
	}
	return strings.Join(l, " ")
}

func TestNiceStep(t *testing.T) {
	// The smallest of 1, 2, 5 times a power of ten at or above the input.
	for raw, want := range map[float64]float64{
		0.2: 0.2, 0.21: 0.5, 3: 5, 7: 10, 1: 1, 1e-9: 1e-9, 2.5e-9: 5e-9, 0: 1, -3: 1,
	} {
		if got := NiceStep(raw); math.Abs(got-want) > 1e-12*want {
			t.Errorf("NiceStep(%v) = %v, want %v", raw, got, want)
		}
	}
	if got := NiceStep(math.NaN()); got != 1 {
		t.Errorf("NiceStep(NaN) = %v", got)
	}
}

func TestLinearTicks(t *testing.T) {
	// Each case by hand: step = NiceStep((hi-lo)/(max-1)), ticks at multiples of it.
	cases := []struct {
		lo, hi float64
		max    int
		want   string
	}{
		{0, 1, 6, "0 0.2 0.4 0.6 0.8 1"},             // raw 0.2
		{0, 1, 5, "0 0.5 1"},                         // raw 0.25 -> 0.5
		{0, 37, 5, "0 10 20 30"},                     // raw 9.25 -> 10
		{-1.3, 2.7, 6, "-1 0 1 2"},                   // raw 0.8 -> 1
		{0, 1e-8, 5, "0 5e-9 1e-8"},                  // raw 2.5e-9 -> 5e-9, exponent labels
		{1e6, 3e6, 3, "1e6 2e6 3e6"},                 // large values in exponent form
		{0.1, 0.35, 6, "0.1 0.15 0.2 0.25 0.3 0.35"}, // raw 0.05
		{0, 400, 6, "0 100 200 300 400"},             // raw 80 -> 100
	}
	for _, c := range cases {
		got := labels(LinearTicks(c.lo, c.hi, c.max))
		if got != c.want {
			t.Errorf("LinearTicks(%v, %v, %d) = %q, want %q", c.lo, c.hi, c.max, got, c.want)
		}
	}
	for _, bad := range [][2]float64{{1, 1}, {2, 1}, {math.NaN(), 1}, {0, math.Inf(1)}} {
		if ts := LinearTicks(bad[0], bad[1], 5); ts != nil {
			t.Errorf("LinearTicks(%v) = %v, want none", bad, ts)
		}
	}
	// A range far narrower than its magnitude must not run away.
	if ts := LinearTicks(1, 1+1e-15, 5); len(ts) > maxTickCount {
		t.Errorf("%d ticks", len(ts))
	}
}

func TestLogTicks(t *testing.T) {
	// Ten decades with room for ten labels: every decade labelled, minors 2..9 in each of
	// the nine full decades (72 of them).
	ts := LogTicks(1e-9, 1, 10)
	if got := labels(ts); got != "1e-9 1e-8 1e-7 1e-6 1e-5 1e-4 1e-3 1e-2 0.1 1" {
		t.Errorf("labels = %q", got)
	}
	if got := len(values(ts, false)); got != 72 {
		t.Errorf("%d minor ticks, want 72", got)
	}
	// Seventeen decades and room for six: stride 2 would give nine labels (-16, -14, ..., 0),
	// stride 3 gives six (-15, -12, ..., 0); unlabelled decades are minor ticks, no 2..9.
	ts = LogTicks(1e-16, 1, 6)
	if got := labels(ts); got != "1e-15 1e-12 1e-9 1e-6 1e-3 1" {
		t.Errorf("labels = %q", got)
	}
	if got := len(values(ts, false)); got != 11 {
		t.Errorf("%d minor ticks, want the 11 unlabelled decades", got)
	}
	// Within about a decade: 2..9, 10..50 are 13 candidates, more than 10, so only mantissas
	// 1, 2 and 5 are labelled.
	if got := labels(LogTicks(2, 50, 10)); got != "2 5 10 20 50" {
		t.Errorf("short range labels = %q", got)
	}
	// Few enough candidates: all labelled.
	if got := labels(LogTicks(2e-5, 6e-5, 10)); got != "2e-5 3e-5 4e-5 5e-5 6e-5" {
		t.Errorf("short range labels = %q", got)
	}
	for _, bad := range [][2]float64{{0, 1}, {-1, 1}, {1, 1}, {math.NaN(), 1}, {1, math.Inf(1)}} {
		if ts := LogTicks(bad[0], bad[1], 5); ts != nil {
			t.Errorf("LogTicks(%v) = %v, want none", bad, ts)
		}
	}
}

func TestFormatTick(t *testing.T) {
	cases := []struct {
		v, step float64
		want    string
	}{
		{0.2, 0.2, "0.2"},
		{0.25, 0.05, "0.25"},
		{1, 0.5, "1"},
		{-0.05, 0.05, "-0.05"},
		{1e-9, 5e-10, "1e-9"},
		{2.5e-9, 5e-10, "2.5e-9"},
		{1.5e6, 5e5, "1.5e6"},
		{300, 100, "300"},
		{0, 1e-9, "0"},
		{math.NaN(), 1, ""},
		{math.Inf(1), 1, ""},
	}
	for _, c := range cases {
		if got := FormatTick(c.v, c.step); got != c.want {
			t.Errorf("FormatTick(%v, %v) = %q, want %q", c.v, c.step, got, c.want)
		}
	}
}

func TestFormatDecade(t *testing.T) {
	for e, want := range map[int]string{-9: "1e-9", -2: "1e-2", -1: "0.1", 0: "1", 2: "100", 3: "1e3"} {
		if got := FormatDecade(e); got != want {
			t.Errorf("FormatDecade(%d) = %q, want %q", e, got, want)
		}
	}
}

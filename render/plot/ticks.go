package plot

import (
	"math"
	"strconv"

	"solvable/render"
)

// Tick is one mark on an axis. Minor ticks (Major false) have no label.
type Tick struct {
	Value float64
	Label string
	Major bool
}

// maxTickCount bounds every tick loop, so that a pathological range can cost time but
// never hang a frame.
const maxTickCount = 500

// NiceStep returns the smallest step of the form {1, 2, 5} x 10^k that is at least raw.
// Zero, negative or non-finite raw gives 1.
func NiceStep(raw float64) float64 {
	if !(raw > 0) || !render.Finite(raw) {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		// The tolerance keeps raw = 0.2 from becoming 0.5 because 0.2/0.1 is 2.0000000000000004.
		if m*mag >= raw*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// LinearStep is the 1-2-5 step that puts at most maxTicks ticks on [lo, hi].
func LinearStep(lo, hi float64, maxTicks int) float64 {
	return NiceStep((hi - lo) / float64(max(maxTicks, 2)-1))
}

// LinearTicks returns major ticks at multiples of a 1-2-5 step inside [lo, hi], at most
// maxTicks of them (at least 2 are asked for). An empty or non-finite range gives none.
func LinearTicks(lo, hi float64, maxTicks int) []Tick {
	if !render.Finite(lo) || !render.Finite(hi) || !(hi > lo) {
		return nil
	}
	step := LinearStep(lo, hi, maxTicks)
	k0 := math.Ceil(lo/step - 1e-9)
	k1 := math.Floor(hi/step + 1e-9)
	var ticks []Tick
	for k := k0; k <= k1 && len(ticks) < maxTickCount; k++ {
		v := k * step // from the integer, not accumulated, so 0.30000000000000004 cannot creep in
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, Tick{Value: v, Label: FormatTick(v, step), Major: true})
	}
	return ticks
}

// FormatTick formats a tick value that is a multiple of step with just enough digits to
// tell neighbours apart: "0.2", "15", "-0.05"; exponent form for very small or large
// values: "1e-9", "2.5e6". Non-finite values give "".
func FormatTick(v, step float64) string {
	if !render.Finite(v) {
		return ""
	}
	if v == 0 {
		return "0"
	}
	if !(step > 0) || !render.Finite(step) {
		step = math.Abs(v)
	}
	a := math.Abs(v)
	if step >= 1e-3 && a < 1e5 {
		return render.TrimZeros(strconv.FormatFloat(v, 'f', decimalsFor(step), 64))
	}
	// Digits after the mantissa's point: how many decades v sits above the step's last digit.
	digits := int(math.Floor(math.Log10(a))) - int(math.Floor(math.Log10(step)*(1+1e-12)))
	digits = max(digits, 0)
	digits = min(digits, 15)
	return render.Exp(strconv.FormatFloat(v, 'e', digits, 64))
}

// decimalsFor is the number of decimals that represent multiples of step exactly (0.25 -> 2).
func decimalsFor(step float64) int {
	for d := 0; d < 12; d++ {
		s := step * math.Pow(10, float64(d))
		if math.Abs(s-math.Round(s)) < 1e-6*s {
			return d
		}
	}
	return 12
}

// LogTicks returns ticks for a log10 axis on [lo, hi] (both > 0): labelled decades (every
// decade, or every 2nd, 3rd, 5th... when there would be more than maxTicks), unlabelled minor
// ticks at 2..9 times each decade when every decade is labelled, and, on a range shorter
// than about a decade, labelled ticks at 1, 2 and 5 (or all of 1..9) times a power of ten.
func LogTicks(lo, hi float64, maxTicks int) []Tick {
	if !(lo > 0) || !render.Finite(lo) || !render.Finite(hi) || !(hi > lo) {
		return nil
	}
	maxTicks = max(maxTicks, 2)
	llo, lhi := math.Log10(lo), math.Log10(hi)
	e0 := int(math.Floor(llo + 1e-9))
	e1 := int(math.Floor(lhi + 1e-9))
	inRange := func(v float64) bool { return v >= lo*(1-1e-9) && v <= hi*(1+1e-9) }

	// Labelled decades in range: e0+1..e1, plus e0 when lo sits on it.
	var decs []int
	for e := e0; e <= e1 && len(decs) < maxTickCount; e++ {
		if inRange(math.Pow(10, float64(e))) {
			decs = append(decs, e)
		}
	}
	var ticks []Tick
	if len(decs) < 2 {
		// Short range: label mantissas, all of 1..9 if they fit, else 1, 2, 5.
		var all []float64
		for e := e0; e <= e1; e++ {
			for m := 1; m <= 9; m++ {
				if v := float64(m) * math.Pow(10, float64(e)); inRange(v) {
					all = append(all, v)
				}
			}
		}
		labelAll := len(all) <= maxTicks
		for _, v := range all {
			e := math.Floor(math.Log10(v) + 1e-9)
			m := math.Round(v / math.Pow(10, e))
			major := labelAll || m == 1 || m == 2 || m == 5
			t := Tick{Value: v, Major: major}
			if major {
				t.Label = formatLogValue(v, int(e))
			}
			ticks = append(ticks, t)
		}
		return ticks
	}
	stride := 1
	for _, s := range []int{1, 2, 3, 4, 5, 10, 20, 25, 50, 100} {
		stride = s
		if countMultiples(decs, s) <= maxTicks {
			break
		}
	}
	for _, e := range decs {
		v := math.Pow(10, float64(e))
		if e%stride == 0 {
			ticks = append(ticks, Tick{Value: v, Label: FormatDecade(e), Major: true})
		} else {
			ticks = append(ticks, Tick{Value: v})
		}
	}
	if stride == 1 {
		for e := e0; e <= e1; e++ {
			for m := 2; m <= 9; m++ {
				if v := float64(m) * math.Pow(10, float64(e)); inRange(v) {
					ticks = append(ticks, Tick{Value: v})
				}
			}
		}
	}
	return ticks
}

func countMultiples(decs []int, s int) int {
	n := 0
	for _, e := range decs {
		if e%s == 0 {
			n++
		}
	}
	return n
}

// FormatDecade labels 10^e: plainly for 0.1 to 100 ("0.1", "1", "10", "100"), in short
// exponent form otherwise ("1e-9", "1e3").
func FormatDecade(e int) string {
	switch e {
	case -1:
		return "0.1"
	case 0:
		return "1"
	case 1:
		return "10"
	case 2:
		return "100"
	}
	return "1e" + strconv.Itoa(e)
}

// formatLogValue labels m x 10^e the way FormatDecade labels decades.
func formatLogValue(v float64, e int) string {
	if e >= -1 && e <= 2 {
		return render.Num(v, 1)
	}
	m := math.Round(v / math.Pow(10, float64(e)))
	return strconv.Itoa(int(m)) + "e" + strconv.Itoa(e)
}

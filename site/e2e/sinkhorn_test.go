//go:build !js

package e2e

import (
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// specQuery is the worked example of spec §2.9 as sim.html parameters.
const specQuery = "model=sinkhorn&x=0,0.2,0.4,0.6,0.8,1&p=0.3,0.25,0.2,0.1,0.1,0.05" +
	"&q=0.05,0.1,0.1,0.15,0.25,0.35&lambda=0.1"

// defaultTol is the simulator's default stopping tolerance (contract: tol
// default 1e-9, on the L1 marginal error).
const defaultTol = 1e-9

// TestSpecExampleConverges is the "Done when" case: the six-bin
// example converges at speed=max and its plan and transport cost are those of
// spec §2.9.
func TestSpecExampleConverges(t *testing.T) {
	p := openSim(t, "speed=max&"+specQuery)
	waitState(t, p, "s.converged", solveTimeout)
	st := state(t, p)
	checkHealthy(t, st)

	// The independent oracle, iterated well past the simulator's tolerance.
	want := logSinkhorn(specProblem, 1e-14, 1_000_000)
	if want.marginalError >= 1e-14 {
		t.Fatalf("oracle only reached marginal error %.2g", want.marginalError)
	}
	plan := matrix(t, st, "plan", 6, 6)
	// At tol 1e-9 the plan is within about 3e-10 of the limit (measured with
	// the oracle), so 1e-8 leaves room for a different but sound iteration.
	comparePlans(t, "plan vs the oracle", plan, want.plan, 1e-8)

	// Spec §2.9 prints <C,P*> = 0.2058874117 at the 1e-9 stopping point; the
	// limit is 0.20588741199 (oracle), so 1e-9 accepts either.
	if got := num(t, st, "transportCost"); math.Abs(got-specTransportCost) > 1e-9 {
		t.Errorf("transportCost = %.12f, want %.10f (spec §2.9) within 1e-9", got, specTransportCost)
	}
	// Spec §2.9, eps = 0.1: OT_eps = <C,P> - eps H(P) = -0.0821990256 and
	// H(P*) = 2.8808643737. The entropy moves by about |ln P| times the plan
	// error, so it gets a looser tolerance.
	if got := num(t, st, "objective"); math.Abs(got-(-0.0821990256)) > 1e-8 {
		t.Errorf("objective = %.12f, want -0.0821990256 (spec §2.9: <C,P> - lambda H(P)) within 1e-8", got)
	}
	if got := num(t, st, "entropy"); math.Abs(got-2.8808643737) > 1e-7 {
		t.Errorf("entropy = %.12f, want 2.8808643737 (spec §2.9: H(P) = -sum P ln P) within 1e-7", got)
	}
	checkFloats(t, "p", floats(t, st, "p"), normalise(specProblem.p), 1e-15)
	checkFloats(t, "q", floats(t, st, "q"), normalise(specProblem.q), 1e-15)
	if got := num(t, st, "lambda"); got != 0.1 {
		t.Errorf("lambda = %v, want 0.1", got)
	}
	if got := str(t, st["params"].(map[string]any)["lambda"]); got != "0.1" {
		t.Errorf(`params.lambda = %q, want "0.1"`, got)
	}
	if got := num(t, st, "marginalError"); got > defaultTol {
		t.Errorf("converged with marginalError = %.3g > tol %g", got, defaultTol)
	}
	if e := marginalError(plan, normalise(specProblem.p), normalise(specProblem.q)); e > 2*defaultTol {
		t.Errorf("the plan's own L1 marginal error is %.3g, want <= %g", e, 2*defaultTol)
	}
	// Exact 1-D W: spec §2.9 gives W_2^2 = 0.18 (so W_2 = sqrt 0.18).
	if w, ok := st["wasserstein"].(float64); ok {
		if math.Abs(w-0.18) > 1e-9 && math.Abs(w-math.Sqrt(0.18)) > 1e-9 {
			t.Errorf("wasserstein = %.12f, want W_2^2 = 0.18 (or W_2 = %.12f), spec §2.9", w, math.Sqrt(0.18))
		}
	} else {
		t.Errorf("wasserstein = %v, want the exact 1-D value (0.18) for a 1-D problem", st["wasserstein"])
	}
	// The debiased divergence is null until computed; spec §2.9 gives
	// S_eps = 0.1622818270 at eps = 0.1.
	if tryWait(p, "typeof s.divergence === 'number'", 20*time.Second) {
		st := state(t, p)
		if got := num(t, st, "divergence"); math.Abs(got-0.1622818270) > 1e-8 {
			t.Errorf("divergence = %.12f, want S_eps = 0.1622818270 (spec §2.9) within 1e-8", got)
		}
	} else {
		t.Errorf("divergence still %v 20 s after convergence", state(t, p)["divergence"])
	}
	t.Logf("iter %v, projections %v, path %v, objective %v, dual %v, entropy %v, klStep %v, wasserstein %v",
		st["iter"], st["projections"], st["path"], st["objective"], st["dual"], st["entropy"], st["klStep"], st["wasserstein"])
}

// TestUnseenProblems runs seeded random problems through sim.html URLs and
// compares every plan entry with the oracle.
func TestUnseenProblems(t *testing.T) {
	// A fixed seed, so a failure reproduces; the problems are printed.
	rng := rand.New(rand.NewPCG(2026, 11))
	// round keeps 6 significant digits, so the URL is readable and the
	// simulator and the oracle parse the same float64.
	round := func(v float64) float64 {
		f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 6, 64), 64)
		return f
	}
	for _, lambda := range []float64{1, 0.1, 0.01, 1e-3, 3e-4} {
		n, m := 3+rng.IntN(10), 3+rng.IntN(10)
		pr := problem{lambda: lambda}
		for range n {
			pr.x = append(pr.x, round(rng.Float64()))
			pr.p = append(pr.p, round(0.05+rng.Float64())) // weights in [0.05, 1.05): no empty bins
		}
		for range m {
			pr.y = append(pr.y, round(rng.Float64()))
			pr.q = append(pr.q, round(0.05+rng.Float64()))
		}
		query := fmt.Sprintf("speed=max&model=sinkhorn&x=%s&y=%s&p=%s&q=%s&lambda=%s",
			join(pr.x), join(pr.y), join(pr.p), join(pr.q), strconv.FormatFloat(lambda, 'g', -1, 64))
		t.Run(fmt.Sprintf("n%d_m%d_lambda%g", n, m, lambda), func(t *testing.T) {
			t.Logf("sim.html?%s", query)
			want := logSinkhorn(pr, 1e-15, 10_000_000)
			if want.marginalError > 1e-11 {
				t.Fatalf("oracle only reached marginal error %.2g", want.marginalError)
			}
			p := openSim(t, query)
			waitState(t, p, "s.converged", solveTimeout)
			st := state(t, p)
			checkHealthy(t, st)
			if got := num(t, st, "n"); got != float64(n) {
				t.Errorf("n = %v, want %d", got, n)
			}
			if got := num(t, st, "m"); got != float64(m) {
				t.Errorf("m = %v, want %d", got, m)
			}
			checkFloats(t, "p", floats(t, st, "p"), normalise(pr.p), 1e-15)
			checkFloats(t, "q", floats(t, st, "q"), normalise(pr.q), 1e-15)
			plan := matrix(t, st, "plan", n, m)
			// Measured with the oracle on 300 such problems: the plan at the
			// 1e-9 rule is within 5e-10 of the limit for every lambda here.
			comparePlans(t, "plan vs the oracle", plan, want.plan, 1e-7)
			if e := marginalError(plan, normalise(pr.p), normalise(pr.q)); e > 2*defaultTol {
				t.Errorf("the plan's own L1 marginal error is %.3g, want <= %g", e, 2*defaultTol)
			}
			if got := num(t, st, "transportCost"); math.Abs(got-want.transportCost) > 1e-7 {
				t.Errorf("transportCost = %.12f, oracle %.12f", got, want.transportCost)
			}
			t.Logf("converged: iter %v (oracle to 1e-9: %d), path %v, transportCost %v",
				st["iter"], logSinkhorn(pr, defaultTol, 10_000_000).iters, st["path"], st["transportCost"])
		})
	}
}

// TestBadInput checks that each malformed parameter gives an error in words,
// names the parameter, keeps the canvas drawn and puts no NaN in state().
func TestBadInput(t *testing.T) {
	tests := []struct {
		name   string
		query  string
		params []string // acceptable values of errorParam
	}{
		{"wrong lengths", "x=0,0.5,1&p=0.2,0.8", []string{"p", "x"}},
		{"negative weight", "x=0,0.5,1&p=0.5,-0.1,0.6", []string{"p"}},
		{"non-numeric weight", "x=0,0.5,1&q=0.2,abc,0.8", []string{"q"}},
		{"lambda=0", "lambda=0", []string{"lambda"}},
		{"lambda=-1", "lambda=-1", []string{"lambda"}},
		{"lambda=abc", "lambda=abc", []string{"lambda"}},
		{"empty x", "x=", []string{"x"}},
		{"all-zero p", "x=0,0.5,1&p=0,0,0", []string{"p"}},
	}
	words := regexp.MustCompile(`[A-Za-z]{2,}\s+[A-Za-z]{2,}`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := openSim(t, "speed=max&model=sinkhorn&"+tc.query)
			waitState(t, p, `typeof s.error === "string" && s.error !== ""`, 20*time.Second)
			st := state(t, p)
			msg := str(t, st["error"])
			if len(msg) < 15 || !words.MatchString(msg) || strings.Contains(msg, "NaN") {
				t.Errorf("error %q is not a sentence in words", msg)
			}
			if got := str(t, st["errorParam"]); !slices.Contains(tc.params, got) {
				t.Errorf("errorParam = %q, want one of %q (error: %q)", got, tc.params, msg)
			}
			time.Sleep(time.Second) // let a few frames draw
			shot := screenshotCanvas(t, p, "canvas")
			if c := countColours(shot); c <= 2 {
				t.Errorf("the canvas is blank: %d colours", c)
			}
			t.Logf("error: %q (errorParam %q)", msg, st["errorParam"])
		})
	}
}

// TestControls drives pause, step, play, reset and set through window.solvable.
func TestControls(t *testing.T) {
	p := openSim(t, "speed=max&paused=1&"+specQuery)
	st := state(t, p)
	if st["playing"] != false {
		t.Errorf("paused=1: playing = %v, want false", st["playing"])
	}
	proj := func() int { return int(num(t, state(t, p), "projections")) }
	stays := func(want int, what string) {
		t.Helper()
		time.Sleep(400 * time.Millisecond)
		if got := proj(); got != want {
			t.Errorf("%s: projections moved to %d, want it to stay at %d", what, got, want)
		}
	}
	p0 := proj()
	stays(p0, "paused")

	call(t, p, "step(1)")
	waitState(t, p, fmt.Sprintf("s.projections === %d", p0+1), 5*time.Second)
	stays(p0+1, "after step(1)")

	call(t, p, "step()")
	waitState(t, p, fmt.Sprintf("s.projections === %d", p0+2), 5*time.Second)
	stays(p0+2, "after step() (default 1)")

	call(t, p, "step(5)")
	waitState(t, p, fmt.Sprintf("s.projections === %d", p0+7), 5*time.Second)
	stays(p0+7, "after step(5)")

	call(t, p, "play()")
	waitState(t, p, fmt.Sprintf("s.playing === true && s.projections > %d", p0+7), 10*time.Second)
	call(t, p, "pause()")
	waitState(t, p, "s.playing === false", 5*time.Second)
	stays(proj(), "after pause()")

	call(t, p, "reset()")
	waitState(t, p, "s.iter === 0 && s.projections === 0", 5*time.Second)
	if st := state(t, p); st["playing"] == false {
		stays(0, "after reset() while paused")
	}

	// set re-validates and re-solves.
	call(t, p, `set({lambda: "0.5"})`)
	call(t, p, "play()")
	waitState(t, p, `s.lambda === 0.5 && s.converged`, solveTimeout)
	st = state(t, p)
	checkHealthy(t, st)
	if got := str(t, st["params"].(map[string]any)["lambda"]); got != "0.5" {
		t.Errorf(`after set({lambda: "0.5"}): params.lambda = %q`, got)
	}
	half := specProblem
	half.lambda = 0.5
	want := logSinkhorn(half, 1e-14, 1_000_000)
	comparePlans(t, "plan at lambda 0.5 vs the oracle", matrix(t, st, "plan", 6, 6), want.plan, 1e-8)
	// Spec §2.9, eps = 0.5: <C,P*> = 0.2726101608 (at the 1e-9 rule).
	if got := num(t, st, "transportCost"); math.Abs(got-0.2726101608) > 1e-9 {
		t.Errorf("transportCost at lambda 0.5 = %.12f, want 0.2726101608 (spec §2.9)", got)
	}

	// A bad value keeps the last good problem and says why.
	call(t, p, `set({lambda: "abc"})`)
	waitState(t, p, `s.error !== ""`, 5*time.Second)
	st = state(t, p)
	if got := str(t, st["errorParam"]); got != "lambda" {
		t.Errorf(`after set({lambda: "abc"}): errorParam = %q, want "lambda"`, got)
	}
	if got := num(t, st, "lambda"); got != 0.5 {
		t.Errorf(`after set({lambda: "abc"}): lambda = %v, want the last good 0.5`, got)
	}
	// A good value clears the error.
	call(t, p, `set({lambda: "0.2"})`)
	waitState(t, p, `s.error === "" && s.errorParam === "" && s.lambda === 0.2 && s.converged`, solveTimeout)
}

// ---------------------------------------------------------------- helpers

// tryWait is waitState that reports instead of failing.
func tryWait(p *page, jsCond string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		ok := eval[bool](p.t, p, fmt.Sprintf(`(() => { try { const s = %s.solvable.state({plan: false}); return !!(%s); } catch (e) { return false; } })()`, p.win, jsCond))
		if ok {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

// checkHealthy checks the fields every good state has.
func checkHealthy(t *testing.T, st map[string]any) {
	t.Helper()
	if st["model"] != "sinkhorn" {
		t.Errorf(`model = %v, want "sinkhorn"`, st["model"])
	}
	if st["error"] != "" || st["errorParam"] != "" {
		t.Errorf("error = %q, errorParam = %q, want both empty", st["error"], st["errorParam"])
	}
	if st["converged"] != true {
		t.Errorf("converged = %v", st["converged"])
	}
	if path := st["path"]; path != "scaling" && path != "log-stabilised" {
		t.Errorf(`path = %v, want "scaling" or "log-stabilised"`, path)
	}
	if it := num(t, st, "iter"); it <= 0 {
		t.Errorf("iter = %v after convergence", it)
	}
	if _, ok := st["params"].(map[string]any); !ok {
		t.Fatalf("params = %v, want an object", st["params"])
	}
}

func num(t *testing.T, st map[string]any, key string) float64 {
	t.Helper()
	v, ok := st[key].(float64)
	if !ok {
		t.Fatalf("state().%s = %v (%T), want a number", key, st[key], st[key])
	}
	return v
}

func str(t *testing.T, v any) string {
	t.Helper()
	s, ok := v.(string)
	if !ok {
		t.Fatalf("%v (%T) is not a string", v, v)
	}
	return s
}

func floats(t *testing.T, st map[string]any, key string) []float64 {
	t.Helper()
	arr, ok := st[key].([]any)
	if !ok {
		t.Fatalf("state().%s = %T, want an array", key, st[key])
	}
	out := make([]float64, len(arr))
	for i, v := range arr {
		f, ok := v.(float64)
		if !ok {
			t.Fatalf("state().%s[%d] = %v, want a number", key, i, v)
		}
		out[i] = f
	}
	return out
}

// matrix reads state()[key] as n arrays of m numbers.
func matrix(t *testing.T, st map[string]any, key string, n, m int) [][]float64 {
	t.Helper()
	rows, ok := st[key].([]any)
	if !ok || len(rows) != n {
		t.Fatalf("state().%s: %T with %d rows, want %d rows", key, st[key], len(rows), n)
	}
	out := make([][]float64, n)
	for i, r := range rows {
		row, ok := r.([]any)
		if !ok || len(row) != m {
			t.Fatalf("state().%s[%d]: %v, want %d numbers", key, i, r, m)
		}
		out[i] = make([]float64, m)
		for j, v := range row {
			f, ok := v.(float64)
			if !ok {
				t.Fatalf("state().%s[%d][%d] = %v, want a number", key, i, j, v)
			}
			out[i][j] = f
		}
	}
	return out
}

func comparePlans(t *testing.T, what string, got, want [][]float64, tol float64) {
	t.Helper()
	worst, wi, wj := 0.0, 0, 0
	bad := 0
	for i := range want {
		for j := range want[i] {
			d := math.Abs(got[i][j] - want[i][j])
			if d > worst {
				worst, wi, wj = d, i, j
			}
			if d > tol {
				bad++
			}
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d entries differ by more than %g; worst [%d][%d] = %.12g, want %.12g (diff %.3g)",
			what, bad, tol, wi, wj, got[wi][wj], want[wi][wj], worst)
	} else {
		t.Logf("%s: max |diff| %.3g (tolerance %g)", what, worst, tol)
	}
}

func checkFloats(t *testing.T, what string, got, want []float64, relTol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s has %d entries, want %d", what, len(got), len(want))
		return
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > relTol*math.Max(1, math.Abs(want[i]))*4 {
			t.Errorf("%s[%d] = %.17g, want %.17g", what, i, got[i], want[i])
		}
	}
}

func marginalError(plan [][]float64, p, q []float64) float64 {
	e := 0.0
	for i := range p {
		s := 0.0
		for j := range q {
			s += plan[i][j]
		}
		e += math.Abs(s - p[i])
	}
	for j := range q {
		s := 0.0
		for i := range p {
			s += plan[i][j]
		}
		e += math.Abs(s - q[j])
	}
	return e
}

func join(v []float64) string {
	parts := make([]string, len(v))
	for i, f := range v {
		parts[i] = strconv.FormatFloat(f, 'g', -1, 64)
	}
	return strings.Join(parts, ",")
}

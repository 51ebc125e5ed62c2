//go:build !js

package e2e

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser tests of the diagonal-linear-network simulator (sim.html?model=dln) and its page
// (dln.html), with this file's own oracle for argmin Q_alpha: Newton's method on the dual
// of spec §1.5, reached by continuation in alpha from the kernel end. It shares no code with
// core/dln.

// ---------------------------------------------------------------- the oracle

// dlnOracle returns beta* = argmin Q_alpha(beta) subject to X beta = y for depth 2
// (spec §1.3), Q_alpha(beta) = alpha^2 sum_i q(beta_i / alpha^2).
//
// beta* = 2 alpha^2 sinh(X^T nu) where nu solves F(nu) = X 2 alpha^2 sinh(X^T nu) - y = 0,
// the gradient of the convex dual G(nu) = 2 alpha^2 sum_i cosh((X^T nu)_i) - y.nu (spec §1.5).
// Rather than a trust region from nu = 0 at the target alpha (the core's way), this walks
// down from alpha = 10, where the answer is almost the minimum-L2 one and Newton from nu = 0
// converges at once, to the target alpha by factors of at most sqrt 2, starting each solve
// from the previous nu, with the step halved until max|F| falls. The answer is then checked
// against the optimality conditions: X beta = y to rounding, beta of the form above by
// construction, so it is the unique minimiser of the strictly convex Q_alpha.
func dlnOracle(X [][]float64, y []float64, alpha float64) ([]float64, error) {
	n, d := len(X), len(X[0])
	nu := make([]float64, n)
	ymax := 1.0
	for _, v := range y {
		ymax = math.Max(ymax, math.Abs(v))
	}
	xtnu := func(nu []float64) []float64 {
		u := make([]float64, d)
		for k := range n {
			for i := range d {
				u[i] += X[k][i] * nu[k]
			}
		}
		return u
	}
	resid := func(nu []float64, a2 float64) ([]float64, float64) {
		u := xtnu(nu)
		F := make([]float64, n)
		worst := 0.0
		for k := range n {
			s := -y[k]
			for i := range d {
				s += X[k][i] * 2 * a2 * math.Sinh(u[i])
			}
			F[k] = s
			worst = math.Max(worst, math.Abs(s))
		}
		if math.IsNaN(worst) {
			worst = math.Inf(1)
		}
		return F, worst
	}
	a := math.Max(10, alpha)
	for {
		a2 := a * a
		F, worst := resid(nu, a2)
		for iter := 0; worst > 1e-14*ymax; iter++ {
			if iter == 200 {
				return nil, fmt.Errorf("Newton did not converge at alpha = %g (max|F| = %.3g)", a, worst)
			}
			u := xtnu(nu)
			H := make([][]float64, n)
			for k := range n {
				H[k] = make([]float64, n)
				for l := range n {
					for i := range d {
						H[k][l] += X[k][i] * 2 * a2 * math.Cosh(u[i]) * X[l][i]
					}
				}
			}
			step, err := solveLinear(H, F)
			if err != nil {
				return nil, err
			}
			t := 1.0
			for {
				trial := make([]float64, n)
				for k := range n {
					trial[k] = nu[k] - t*step[k]
				}
				tf, tw := resid(trial, a2)
				if tw < worst {
					nu, F, worst = trial, tf, tw
					break
				}
				t /= 2
				if t < 1e-12 {
					// At the rounding floor no step lowers max|F|; accept where we are if it
					// is close enough, since the check below decides.
					if worst < 1e-12*ymax {
						worst = 0
						break
					}
					return nil, fmt.Errorf("Newton stalled at alpha = %g (max|F| = %.3g)", a, worst)
				}
			}
		}
		if a == alpha {
			break
		}
		a = math.Max(alpha, a/math.Sqrt2)
	}
	beta := make([]float64, d)
	for i, ui := range xtnu(nu) {
		beta[i] = 2 * alpha * alpha * math.Sinh(ui)
	}
	for k := range n {
		s := -y[k]
		for i := range d {
			s += X[k][i] * beta[i]
		}
		if math.Abs(s) > 1e-12*ymax {
			return nil, fmt.Errorf("the oracle's beta misses equation %d by %.3g", k+1, s)
		}
	}
	return beta, nil
}

// solveLinear solves A x = b by Gaussian elimination with partial pivoting (A is small).
func solveLinear(A [][]float64, b []float64) ([]float64, error) {
	n := len(b)
	M := make([][]float64, n)
	for i := range n {
		M[i] = append(append([]float64(nil), A[i]...), b[i])
	}
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(M[r][c]) > math.Abs(M[p][c]) {
				p = r
			}
		}
		if M[p][c] == 0 || math.IsNaN(M[p][c]) {
			return nil, errors.New("singular Newton system")
		}
		M[c], M[p] = M[p], M[c]
		for r := c + 1; r < n; r++ {
			f := M[r][c] / M[c][c]
			for k := c; k <= n; k++ {
				M[r][k] -= f * M[c][k]
			}
		}
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := M[i][n]
		for k := i + 1; k < n; k++ {
			s -= M[i][k] * x[k]
		}
		x[i] = s / M[i][i]
	}
	return x, nil
}

// TestDLNOracle checks the oracle against spec §1.6 (Examples A and B), natively: it needs no
// browser.
func TestDLNOracle(t *testing.T) {
	exA := [][]float64{{1, 2, 3}}
	exB := [][]float64{{1, 0.5, -1, 2, 0.3}, {0, 1, 1, -0.5, 1}}
	for _, c := range []struct {
		name  string
		X     [][]float64
		y     []float64
		alpha float64
		want  []float64
		tol   float64
	}{
		// Spec §1.6 Example A, printed to 10 significant digits (8e-11 absolute at worst).
		{"A alpha=1", exA, []float64{6}, 1, []float64{0.4112134454, 0.8396306428, 1.3031750897}, 2e-10},
		{"A alpha=0.1", exA, []float64{6}, 0.1, []float64{0.0543856405, 0.3151458004, 1.7717742529}, 2e-10},
		{"A alpha=0.01", exA, []float64{6}, 0.01, []float64{2.6882562e-03, 0.0724669378, 1.9507926227}, 2e-10},
		{"A alpha=1e-3", exA, []float64{6}, 1e-3, []float64{1.2576144292e-04, 1.5817940399e-02, 1.9894127859}, 2e-10},
		// Example B at alpha = 0.1 and 1e-3.
		{"B alpha=0.1", exB, []float64{1, 2}, 0.1, []float64{0.0712578442, 1.1840105115, 0.0588350654, 0.0783375063, 0.7963231762}, 2e-10},
		{"B alpha=1e-3", exB, []float64{1, 2}, 1e-3, []float64{2.3643898e-03, 1.6633449253, 1.4398717e-05, 0.0302257411, 0.3517535465}, 2e-10},
	} {
		got, err := dlnOracle(c.X, c.y, c.alpha)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for i := range c.want {
			if math.Abs(got[i]-c.want[i]) > c.tol {
				t.Errorf("%s: beta[%d] = %.12g, spec %.12g", c.name, i, got[i], c.want[i])
			}
		}
	}
}

// ---------------------------------------------------------------- the simulator

// exampleA is spec §1.6 Example A at alpha = 0.1: one equation x1 + 2 x2 + 3 x3 = 6.
var exampleABeta = []float64{0.0543856405, 0.3151458004, 1.7717742529}

// TestDLNExampleA is the "Done when" case.
func TestDLNExampleA(t *testing.T) {
	p := openSim(t, "speed=max&model=dln&X=1,2,3&y=6&alpha=0.1")
	waitState(t, p, "s.converged", solveTimeout)
	st := state(t, p)
	checkDLNHealthy(t, st, 1, 3)
	beta := floats(t, st, "beta")
	// Spec §1.6 prints 10 significant digits; the flow's limit at the 1e-10 residual rule is
	// within 1e-10 of it, so 1e-8 is the tolerance with room to spare.
	for i, want := range exampleABeta {
		if math.Abs(beta[i]-want) > 1e-8 {
			t.Errorf("beta[%d] = %.12f, want %.10f (spec §1.6 Example A, alpha = 0.1) within 1e-8", i, beta[i], want)
		}
	}
	// The simulator's own theory agrees: oracle, ||beta||_1 = 2.1413056938 (spec §1.6),
	// min-L2 = (3/7, 6/7, 9/7) and min-L1 = (0, 0, 2).
	checkClose(t, "oracle", floats(t, st, "oracle"), exampleABeta, 1e-9)
	if got := num(t, st, "l1"); math.Abs(got-2.1413056938) > 1e-8 {
		t.Errorf("l1 = %.12f, want 2.1413056938 (spec §1.6)", got)
	}
	checkClose(t, "minL2", floats(t, st, "minL2"), []float64{3.0 / 7, 6.0 / 7, 9.0 / 7}, 1e-12)
	checkClose(t, "minL1", floats(t, st, "minL1"), []float64{0, 0, 2}, 1e-9)
	checkClose(t, "alphaEff (exact flow: all alpha)", floats(t, st, "alphaEff"), []float64{0.1, 0.1, 0.1}, 1e-12)
	if got := num(t, st, "residual"); got > 1e-10 {
		t.Errorf("converged with residual %.3g > 1e-10", got)
	}
	if got := num(t, st, "oracleDistance"); got > 1e-8 {
		t.Errorf("oracleDistance = %.3g", got)
	}
	t.Logf("t %v, steps %v, loss %v, residual %v, beta %v", st["t"], st["steps"], st["loss"], st["residual"], beta)
}

// TestDLNUnseenProblems runs seeded random problems (n = 1..3 equations, n+1..6 unknowns)
// through sim.html URLs, alpha from 1 down to 0.01, and compares the converged beta with
// dlnOracle.
func TestDLNUnseenProblems(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 3))
	// round keeps 4 significant digits, so the URL is readable and both sides parse the same
	// float64.
	round := func(v float64) float64 {
		f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64)
		return f
	}
	for _, alpha := range []float64{1, 0.3, 0.1, 0.03, 0.01} {
		var X [][]float64
		var y []float64
		var n, d int
		for {
			n = 1 + rng.IntN(3)
			d = n + 1 + rng.IntN(6-n)
			X = make([][]float64, n)
			for k := range X {
				X[k] = make([]float64, d)
				for i := range X[k] {
					X[k][i] = round(rng.NormFloat64())
				}
			}
			y = make([]float64, n)
			for k := range y {
				y[k] = round(2 * rng.NormFloat64())
			}
			if wellConditioned(X) {
				break
			}
		}
		rows := make([]string, n)
		for k, r := range X {
			rows[k] = join(r)
		}
		query := fmt.Sprintf("speed=max&model=dln&X=%s&y=%s&alpha=%s",
			strings.Join(rows, ";"), join(y), strconv.FormatFloat(alpha, 'g', -1, 64))
		t.Run(fmt.Sprintf("n%d_d%d_alpha%g", n, d, alpha), func(t *testing.T) {
			t.Logf("sim.html?%s", query)
			want, err := dlnOracle(X, y, alpha)
			if err != nil {
				t.Fatalf("oracle: %v", err)
			}
			p := openSim(t, query)
			waitState(t, p, "s.converged", solveTimeout)
			st := state(t, p)
			checkDLNHealthy(t, st, n, d)
			// At the 1e-10 residual rule the flow is within about 1e-9 of its limit here; the
			// issue asks for 1e-6.
			checkClose(t, "beta vs this file's oracle", floats(t, st, "beta"), want, 1e-6)
			checkClose(t, "the simulator's oracle vs this file's", floats(t, st, "oracle"), want, 1e-8)
			t.Logf("converged: t %v, steps %v, residual %v", st["t"], st["steps"], st["residual"])
		})
	}
}

// wellConditioned rejects draws whose X X^T is nearly singular (the simulator would rightly
// refuse them, and the comparison would measure conditioning rather than correctness).
func wellConditioned(X [][]float64) bool {
	n := len(X)
	G := make([][]float64, n)
	for k := range n {
		G[k] = make([]float64, n)
		for l := range n {
			for i := range X[k] {
				G[k][l] += X[k][i] * X[l][i]
			}
		}
	}
	// Smallest pivot of a Cholesky factorisation against the largest diagonal entry.
	scale := 0.0
	for k := range n {
		scale = math.Max(scale, G[k][k])
	}
	for j := range n {
		s := G[j][j]
		for k := range j {
			s -= G[j][k] * G[j][k]
		}
		if s < 0.05*scale {
			return false
		}
		G[j][j] = math.Sqrt(s)
		for i := j + 1; i < n; i++ {
			v := G[i][j]
			for k := range j {
				v -= G[i][k] * G[j][k]
			}
			G[i][j] = v / G[j][j]
		}
	}
	return true
}

// TestDLNBadInput checks that each malformed parameter, and a diverging step size, gives a
// sentence in words, keeps the canvas drawn and puts no NaN in state().
func TestDLNBadInput(t *testing.T) {
	tests := []struct {
		name   string
		query  string
		params []string // acceptable values of errorParam ("" allowed only for a note)
		words  []string // the message must contain each (case-insensitive)
	}{
		{"ragged X", "X=1,2,3;4,5&y=1,2", []string{"X"}, []string{"row"}},
		{"d <= n", "X=1,2;3,4&y=1,2", []string{"X", "d"}, []string{"unknowns"}},
		{"alpha=0", "X=1,2,3&y=6&alpha=0", []string{"alpha"}, []string{"alpha"}},
		{"alpha=-1", "X=1,2,3&y=6&alpha=-1", []string{"alpha"}, []string{"alpha"}},
		{"alpha=abc", "X=1,2,3&y=6&alpha=abc", []string{"alpha"}, []string{"alpha"}},
		{"singular X X^T", "X=1,2,3;1,2,3&y=1,1", []string{"X"}, []string{"singular"}},
		// Spec §1.7c: Example A at alpha = 0.5, eta = 0.05 diverges; the bound 2/lambda_max is
		// 0.0714 at the start and 0.02843 at the flow's solution.
		{"eta above the stability bound", "X=1,2,3&y=6&alpha=0.5&algo=gd&eta=0.05", []string{"eta"}, []string{"too large", "bound"}},
	}
	words := regexp.MustCompile(`[A-Za-z]{2,}\s+[A-Za-z]{2,}`)
	number := regexp.MustCompile(`0\.0[0-9]+`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := openSim(t, "speed=max&model=dln&"+tc.query)
			waitState(t, p, `(typeof s.error === "string" && s.error !== "") || (typeof s.note === "string" && s.note !== "")`, 30*time.Second)
			st := state(t, p)
			msg, _ := st["error"].(string)
			param, _ := st["errorParam"].(string)
			if msg == "" {
				msg, _ = st["note"].(string)
				param = "eta" // a note is about the run; only the divergence case gets here
			}
			if len(msg) < 15 || !words.MatchString(msg) || strings.Contains(msg, "NaN") {
				t.Errorf("message %q is not a sentence in words", msg)
			}
			for _, w := range tc.words {
				if !strings.Contains(strings.ToLower(msg), strings.ToLower(w)) {
					t.Errorf("message %q does not mention %q", msg, w)
				}
			}
			if !slices.Contains(tc.params, param) {
				t.Errorf("errorParam = %q, want one of %q (message: %q)", param, tc.params, msg)
			}
			if strings.HasPrefix(tc.name, "eta") {
				// The sentence gives the bound as a number (0.0284 or 0.0714).
				if !number.MatchString(msg) {
					t.Errorf("the divergence message %q gives no stability bound", msg)
				}
			}
			if st["model"] != "dln" {
				t.Errorf(`model = %v, want "dln"`, st["model"])
			}
			time.Sleep(time.Second) // let a few frames draw
			shot := screenshotCanvas(t, p, "canvas")
			if c := countColours(shot); c <= 2 {
				t.Errorf("the canvas is blank: %d colours", c)
			}
			t.Logf("message: %q (errorParam %q)", msg, param)
		})
	}
}

// TestDLNViews draws each view and checks that the canvas has a picture on it.
func TestDLNViews(t *testing.T) {
	for _, c := range []struct{ view, query string }{
		{"line", "X=1,2&y=2&alpha=0.1"},
		{"coef", "n=10&d=40&k=3&seed=2&alpha=0.01"},
		{"sweep", "X=1,0.5,-1,2,0.3;0,1,1,-0.5,1&y=1,2&alpha=0.1"},
	} {
		t.Run(c.view, func(t *testing.T) {
			p := openSim(t, "speed=max&model=dln&view="+c.view+"&"+c.query)
			waitState(t, p, "s.converged", solveTimeout)
			st := state(t, p)
			if st["view"] != c.view {
				t.Errorf("view = %v, want %q", st["view"], c.view)
			}
			if e := st["error"]; e != "" {
				t.Errorf("error = %q", e)
			}
			time.Sleep(2 * time.Second) // the sweep computes its simulated points after the run
			shot := screenshotCanvas(t, p, "canvas")
			// A blank canvas has one colour; axes and labels alone give dozens through
			// anti-aliasing; curves in several colours give hundreds.
			if n := countColours(shot); n < 50 {
				t.Errorf("the %s view looks blank: %d colours", c.view, n)
			} else {
				t.Logf("%s view: %d colours, %v", c.view, n, imageSize(shot))
			}
		})
	}
}

// ---------------------------------------------------------------- the page

// TestDLNPage opens dln.html at a desktop and a phone size: no console errors, the simulator
// in the iframe runs, a readout shows a number, nothing overflows sideways, the controls that
// do not apply to the flow are disabled, and a screenshot is kept for a person to look at.
func TestDLNPage(t *testing.T) {
	for _, size := range []struct{ w, h int64 }{{1200, 900}, {375, 800}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			p := openPage(t, "/dln.html", size.w, size.h)
			p.win = iframeWin
			src := eval[string](t, p, `(document.getElementById("sim") || {}).src || ""`)
			if !strings.Contains(src, "sim.html") || !strings.Contains(src, "model=dln") {
				t.Errorf("iframe src = %q, want sim.html?model=dln...", src)
			}
			p.waitReady()
			waitState(t, p, "s.t > 0", loadTimeout)
			st := state(t, p)
			if st["model"] != "dln" || st["error"] != "" {
				t.Errorf("model %v, error %q", st["model"], st["error"])
			}
			readouts := waitReadouts(t, p)
			t.Logf("readouts: %v", readouts)
			for _, id := range []string{"eta", "batch", "gamma"} {
				if !eval[bool](t, p, fmt.Sprintf(`document.getElementById(%q).disabled`, id)) {
					t.Errorf("#%s is enabled with the flow, which has no step", id)
				}
			}
			if h := eval[string](t, p, `document.getElementById("steps-hint").textContent.trim()`); !strings.Contains(h, "Only for") {
				t.Errorf("the hint under the disabled fields says %q", h)
			}
			if sw := eval[float64](t, p, `document.documentElement.scrollWidth`); sw > float64(size.w) {
				t.Errorf("the page is %v px wide in a %d px viewport (horizontal scrolling)", sw, size.w)
			}
			box := eval[map[string]float64](t, p,
				`(() => { const r = document.getElementById("sim").getBoundingClientRect(); return {w: r.width, h: r.height}; })()`)
			if box["w"] < 280 || box["h"] < 200 {
				t.Errorf("the simulator's iframe is %vx%v px, too small to use", box["w"], box["h"])
			}
			checkLinks(t, p)
			time.Sleep(time.Second)
			shot := screenshot(t, p, "page")
			if c := countColours(shot); c <= 2 {
				t.Errorf("the page screenshot is blank: %d colours", c)
			}
		})
	}
}

// waitReadouts waits until an <output> shows a number and checks that none shows NaN and the
// like; it returns the readouts by id.
func waitReadouts(t *testing.T, p *page) map[string]string {
	t.Helper()
	ctx, done := contextFor(p, 20*time.Second)
	defer done()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`[...document.querySelectorAll("output[data-field]")].some(o => /[0-9]/.test(o.textContent))`,
		chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(100*time.Millisecond)))
	readouts := eval[map[string]string](t, p,
		`Object.fromEntries([...document.querySelectorAll("output, #sim-note")].map((o, i) => [o.id || "output" + i, o.textContent.trim()]))`)
	if err != nil {
		t.Errorf("no readout shows a number within 20 s: %v; readouts: %v", err, readouts)
	}
	for id, text := range readouts {
		for _, bad := range []string{"NaN", "undefined", "Infinity", "null", "[object"} {
			if strings.Contains(text, bad) {
				t.Errorf("readout %s shows %q", id, text)
			}
		}
	}
	return readouts
}

// TestDLNPageControls drives the page's controls and checks that the simulator follows, the
// URL keeps up, and errors land next to the control they are about.
func TestDLNPageControls(t *testing.T) {
	p := openPage(t, "/dln.html?speed=max", 1200, 900)
	p.win = iframeWin
	p.waitReady()
	waitState(t, p, "s.converged", solveTimeout)
	// The speed select reaches the simulator (and keeps the runs below short).
	setControl(t, p, "speed", "max")
	waitState(t, p, `s.speed === "max"`, 10*time.Second)

	// The algorithm select enables the step fields (batch only for SGD) and reaches the
	// simulator.
	setControl(t, p, "algo", "gd")
	waitState(t, p, `s.algo === "gd"`, 10*time.Second)
	enabled := func(id string) bool {
		return !eval[bool](t, p, fmt.Sprintf(`document.getElementById(%q).disabled`, id))
	}
	if !enabled("eta") || !enabled("gamma") || enabled("batch") {
		t.Errorf("algo=gd: eta enabled %v, gamma enabled %v, batch enabled %v; want true, true, false",
			enabled("eta"), enabled("gamma"), enabled("batch"))
	}
	setControl(t, p, "algo", "sgd")
	waitState(t, p, `s.algo === "sgd"`, 10*time.Second)
	if !enabled("batch") {
		t.Errorf("algo=sgd: batch is disabled")
	}
	setControl(t, p, "algo", "flow")
	waitState(t, p, `s.algo === "flow"`, 10*time.Second)

	// The exact alpha: the simulator, the slider's text and the URL follow.
	setControl(t, p, "alpha", "0.02")
	waitState(t, p, `s.alpha === 0.02 && s.converged`, solveTimeout)
	ctx, done := contextFor(p, 10*time.Second)
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.search.includes("alpha=0.02")`,
		chromedp.WithPollingTimeout(5*time.Second)))
	done()
	if err != nil {
		t.Errorf("the page URL %q does not carry alpha=0.02", eval[string](t, p, "location.search"))
	}
	if v := eval[string](t, p, `document.getElementById("alpha-value").textContent`); v != "0.02" {
		t.Errorf("#alpha-value shows %q, want 0.02", v)
	}
	// The slider snaps to its step of 0.05 decades.
	if v := eval[float64](t, p, `Number(document.getElementById("alpha-slider").value)`); math.Abs(v-math.Log10(0.02)) > 0.05 {
		t.Errorf("the alpha slider sits at %v, want log10(0.02) = -1.699 to its step", v)
	}

	// The log slider: one decade per unit, 10^-3 at -3.
	setControl(t, p, "alpha-slider", "-3")
	waitState(t, p, `s.alpha === 0.001`, 10*time.Second)
	if v := eval[string](t, p, `document.getElementById("alpha").value`); v != "0.001" {
		t.Errorf("after the slider moved to -3 the exact value shows %q, want 0.001", v)
	}

	// Keys: Space pauses, "r" resets, "." steps once (the run has converged, so reset first:
	// a settled run takes no more steps), Space plays again.
	key := func(k string) {
		t.Helper()
		ctx, done := contextFor(p, actionTimeout)
		defer done()
		if err := chromedp.Do(ctx, chromedp.KeyEvent(k)); err != nil {
			t.Fatalf("key %q: %v", k, err)
		}
	}
	eval[bool](t, p, `(document.activeElement && document.activeElement.blur(), true)`)
	key(" ")
	waitState(t, p, `s.playing === false`, 5*time.Second)
	key("r")
	waitState(t, p, `s.t === 0`, 5*time.Second)
	key(".")
	waitState(t, p, `s.t > 0 && s.playing === false`, 5*time.Second)
	key(" ")
	waitState(t, p, `s.playing === true`, 5*time.Second)

	// A value the page rejects itself: the error sits in the field of that control.
	setControl(t, p, "alpha", "-3")
	owners, msg := errorPlace(t, p)
	if !slices.Contains(owners, "alpha") || len(msg) < 15 {
		t.Errorf("after alpha = -3 the error %q sits by the fields %v; want a sentence by alpha", msg, owners)
	}
	if got := num(t, state(t, p), "alpha"); got != 0.001 {
		t.Errorf("alpha = %v after a rejected value; want the last good 0.001", got)
	}

	// A preset: the controls show its values and the simulator runs it.
	setControl(t, p, "preset", "bigstep")
	waitState(t, p, `s.algo === "gd" && s.alpha === 0.5`, 10*time.Second)
	vals := eval[map[string]string](t, p, `Object.fromEntries(["alpha", "algo", "eta", "sim-error"].map(id => [id, document.getElementById(id).value ?? document.getElementById(id).textContent]))`)
	if vals["alpha"] != "0.5" || vals["algo"] != "gd" || vals["eta"] != "0.02" {
		t.Errorf("after the bigstep preset the controls show %v; want alpha 0.5, algo gd, eta 0.02", vals)
	}
	if msg := eval[string](t, p, `document.getElementById("sim-error").textContent`); msg != "" {
		t.Errorf("the error %q outlived the preset", msg)
	}

	// A diverging step: the message sits next to the control named by errorParam.
	setControl(t, p, "eta", "0.05")
	waitState(t, p, `s.error !== "" || s.note !== ""`, 30*time.Second)
	st := state(t, p)
	param, _ := st["errorParam"].(string)
	time.Sleep(300 * time.Millisecond) // one poll of page.js
	owners, msg = errorPlace(t, p)
	note := eval[string](t, p, `document.getElementById("sim-note").textContent`)
	t.Logf("eta = 0.05: error %q (errorParam %q), note %q; the page shows %q by %v and the note %q",
		st["error"], param, st["note"], msg, owners, note)
	switch {
	case st["error"] != "":
		if !slices.Contains(owners, param) || !strings.Contains(msg, "too large") {
			t.Errorf("the divergence error %q sits by %v; want it by the %s field", msg, owners, param)
		}
		if note == msg {
			t.Errorf("the note repeats the error")
		}
	default:
		if !strings.Contains(note, "too large") {
			t.Errorf("the divergence note is shown as %q", note)
		}
	}
	screenshot(t, p, "diverged")
}

// errorPlace returns the text of the page's error area and the parameters of the fields it sits
// by: its own field, or every field of the row (data-error-slot) it was put under.
func errorPlace(t *testing.T, p *page) ([]string, string) {
	t.Helper()
	v := eval[struct {
		Owners []string `json:"owners"`
		Text   string   `json:"text"`
	}](t, p, `(() => {
		const e = document.getElementById("sim-error");
		const f = e.closest(".field[data-param]");
		let owners = f ? [f.dataset.param] : [];
		const slot = e.closest("[data-error-slot]");
		if (!f && slot) owners = [...slot.querySelectorAll(".field[data-param]")].map((x) => x.dataset.param);
		return {owners, text: e.textContent};
	})()`)
	return v.Owners, v.Text
}

// setControl sets the value of a control of the page and fires change (and input for a range),
// as a person would.
func setControl(t *testing.T, p *page, id, value string) {
	t.Helper()
	ok := eval[bool](t, p, fmt.Sprintf(`(() => {
		const el = document.getElementById(%q);
		if (!el || el.disabled) return false;
		el.focus();
		el.value = %q;
		el.dispatchEvent(new Event("input", {bubbles: true}));
		el.dispatchEvent(new Event("change", {bubbles: true}));
		el.blur();
		return true;
	})()`, id, value))
	if !ok {
		t.Fatalf("cannot set #%s (missing or disabled)", id)
	}
}

// TestDLNPagePermalink checks that dln.html passes its query string to the simulator and shows
// it in the controls.
func TestDLNPagePermalink(t *testing.T) {
	p := openPage(t, "/dln.html?X=1,2,3&y=6&alpha=0.05&algo=gd&eta=0.005&depth=3&speed=max", 1200, 900)
	p.win = iframeWin
	p.waitReady()
	waitState(t, p, "s.t > 0", loadTimeout)
	st := state(t, p)
	if num(t, st, "alpha") != 0.05 || st["algo"] != "gd" || num(t, st, "depth") != 3 || num(t, st, "d") != 3 {
		t.Errorf("the simulator runs alpha %v, algo %v, depth %v, d %v; want 0.05, gd, 3, 3 from the page's URL",
			st["alpha"], st["algo"], st["depth"], st["d"])
	}
	vals := eval[map[string]any](t, p, `({alpha: document.getElementById("alpha").value, algo: document.getElementById("algo").value,
		depth: document.getElementById("depth").value, eta: document.getElementById("eta").value, etaDisabled: document.getElementById("eta").disabled})`)
	if vals["alpha"] != "0.05" || vals["algo"] != "gd" || vals["depth"] != "3" || vals["eta"] != "0.005" || vals["etaDisabled"] != false {
		t.Errorf("the controls show %v; want alpha 0.05, algo gd, depth 3, eta 0.005 enabled", vals)
	}
}

// ---------------------------------------------------------------- helpers

// checkDLNHealthy checks the fields every good, converged DLN state has.
func checkDLNHealthy(t *testing.T, st map[string]any, n, d int) {
	t.Helper()
	if st["model"] != "dln" {
		t.Errorf(`model = %v, want "dln"`, st["model"])
	}
	if st["error"] != "" || st["errorParam"] != "" {
		t.Errorf("error = %q, errorParam = %q, want both empty", st["error"], st["errorParam"])
	}
	if st["converged"] != true {
		t.Errorf("converged = %v", st["converged"])
	}
	if got := num(t, st, "n"); got != float64(n) {
		t.Errorf("n = %v, want %d", got, n)
	}
	if got := num(t, st, "d"); got != float64(d) {
		t.Errorf("d = %v, want %d", got, d)
	}
	for _, k := range []string{"beta", "oracle", "minL2", "alphaEff"} {
		if got := len(floats(t, st, k)); got != d {
			t.Errorf("state().%s has %d entries, want %d", k, got, d)
		}
	}
	if _, ok := st["params"].(map[string]any); !ok {
		t.Errorf("params = %v, want an object", st["params"])
	}
}

func checkClose(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s has %d entries, want %d", what, len(got), len(want))
		return
	}
	worst := 0.0
	for i := range want {
		d := math.Abs(got[i] - want[i])
		worst = math.Max(worst, d)
		if d > tol || math.IsNaN(got[i]) {
			t.Errorf("%s[%d] = %.12g, want %.12g (diff %.3g > %g)", what, i, got[i], want[i], d, tol)
		}
	}
	t.Logf("%s: max |diff| %.3g (tolerance %g)", what, worst, tol)
}

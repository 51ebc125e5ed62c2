package sim

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"solvable/core/krsim"
	"solvable/core/learncurve"
	"solvable/core/param"
	"solvable/core/spectrum"
	"solvable/render"
	"solvable/render/curvesview"
)

func init() {
	Register("curves", func() Model { return &curvesModel{hover: -1, hoverLine: -1, cur: -1} })
}

// The simulation behind the learning curve's dots.
const (
	// curvesSeeds seeds are averaged at every simulated sample size. At 20 seeds the standard
	// error of a point is about 5% of its mean on S^9 (krsim's TestSphereD10: 60 seeds give
	// 2%), small enough to see the dots follow the line, and the default problem's 9 sample
	// sizes take a few seconds in the browser (BenchmarkCurvesRun: 1.0 s natively, 2.8 s as wasm
	// under Node, on the shared 2-core machine at load average 3.5).
	curvesSeeds = 20
	// curvesTest fresh test points per seed on the sphere (krsim: past a few hundred the
	// teacher's draw, not the test set, dominates the spread; 200 is its benchmarks' value).
	curvesTest = 200
	// curvesMaxSimN is the largest simulated sample size: a seed at N = 400 on the sphere
	// factorises a 600 x 600 teacher covariance and a 400 x 400 kernel matrix, about 0.1 s as
	// wasm, so its 20 seeds take about 2 s; larger N would make the page wait.
	curvesMaxSimN = learncurve.MaxSimN
	// curvesMinSim: a range holding fewer 1-2-5 sample sizes than this is sampled log-evenly.
	curvesMinSim = 4
	// curvesTable is the number of angles at which the simulation tabulates the ReLU NTK
	// (spectrum.Tabulate, a cubic in the angle): the kernel matrices are then 1.6 to 1.9 times
	// faster to fill (N = 100 and 400 on S^9, 20 seeds, native), and the table is within 2e-13
	// of core/ntk's kernel on [-1, 1] at L = 3 (TestCurvesKernelTable: below 1e-11 for every
	// depth), so the simulated errors agree to all printed digits. Built once per depth L: 4097
	// kernel evaluations, about 1 ms as wasm.
	curvesTable = 4096
	// curvesStateLevels bounds the spectrum levels state() lists without withPlan.
	curvesStateLevels = 200
)

// curvesPoint is one simulated sample size with the theory there.
type curvesPoint struct {
	n      int
	theory learncurve.Point
	hasTh  bool
	sim    *krsim.Sim
}

// curvesModel glues core/learncurve (the replica theory's curve and the spectrum) and
// core/krsim (kernel regression on random data, one Sim per simulated sample size, stepped a
// bounded chunk at a time, round-robin over the sample sizes so every error bar shrinks
// together) to render/curvesview.
type curvesModel struct {
	params learncurve.CurvesParams
	ok     bool
	theory *learncurve.CurvesTheory
	modes  *learncurve.Modes
	levels []curvesview.Level
	zero   int
	kernel string
	lines  curvesLines

	cfg     krsim.Config // the simulation's settings without Sizes and Seed
	ns      []int        // the simulated sample sizes
	simNote string
	pts     []curvesPoint
	cur     int // the point whose seed is being computed (−1: none)
	simErr  error

	hover     int // the simulated point under the pointer (−1: none)
	hoverLine int // else the theory line's point under it (−1: none)
	xmap      curvesview.XMap
	view      curvesview.View
}

func (m *curvesModel) Name() string { return "curves" }

// DefaultSpeed is max: the seeds are computation to watch arrive, not an animation of steps.
func (m *curvesModel) DefaultSpeed() Speed { return Speed{Max: true} }

// Issue reports a simulation that failed (a singular kernel matrix), in words.
func (m *curvesModel) Issue() (string, string) {
	if m.simErr != nil {
		return param.Sentence("the simulation stopped: " + m.simErr.Error()), ""
	}
	return "", ""
}

func (m *curvesModel) Background(func() bool) bool { return false }

func (m *curvesModel) Configure(lookup Lookup) error {
	pr, err := learncurve.ParseCurves(learncurve.Lookup(lookup))
	if err != nil {
		var pe *param.Error
		if errors.As(err, &pe) {
			return &ParamError{pe.Param, pe.Msg}
		}
		return &ParamError{"", param.Sentence(err.Error())}
	}
	th, err := pr.Theory()
	if err != nil {
		return &ParamError{curvesParamOf(pr), param.Sentence(err.Error())}
	}
	modes, err := pr.Build()
	if err != nil {
		return &ParamError{curvesParamOf(pr), param.Sentence(err.Error())}
	}
	cfg, err := curvesSimConfig(pr, modes)
	if err != nil {
		return &ParamError{curvesParamOf(pr), param.Sentence(err.Error())}
	}
	m.params, m.theory, m.modes, m.cfg, m.ok = pr, th, modes, cfg, true
	m.levels, m.zero = curvesLevels(modes)
	m.kernel = curvesKernelText(pr)
	m.lines = curvesLinesOf(pr, th, modes)
	m.ns, m.simNote = curvesSimSizes(pr, modes)
	m.Reset()
	return nil
}

// curvesParamOf is the parameter a problem with the kernel itself points at.
func curvesParamOf(pr learncurve.CurvesParams) string {
	if pr.Spectrum == learncurve.SpecPowerLaw {
		return "alpha"
	}
	return "l"
}

// curvesSimConfig is the krsim configuration shared by every simulated sample size: the
// sphere S^{D-1} with the ReLU NTK (tabulated, see curvesTable) as the student's kernel and the
// target's covariance as the teacher (the kernel itself for sexp = 1), or, for a power law,
// Gaussian features with the modes' eigenvalues and target powers.
func curvesSimConfig(pr learncurve.CurvesParams, modes *learncurve.Modes) (krsim.Config, error) {
	cfg := krsim.Config{Kind: krsim.Sequence, Ridge: pr.Ridge, Noise: pr.Noise, Seeds: curvesSeeds}
	if pr.Spectrum == learncurve.SpecPowerLaw {
		cfg.Modes, cfg.Power = slices.Clone(modes.Eta), slices.Clone(modes.S)
		return cfg, nil
	}
	sp, err := learncurve.SphereSpectrum(pr.D, pr.L)
	if err != nil {
		return cfg, err
	}
	cfg.D, cfg.Kernel, cfg.Test = pr.D, curvesKernel(pr.L, sp.Kernel()), curvesTest
	if pr.Sexp != 1 {
		t, err := pr.Kernel.TargetKernel()
		if err != nil {
			return cfg, err
		}
		cfg.Teacher = krsim.Kernel(t)
	}
	return cfg, nil
}

// curvesTables caches the tabulated NTK per depth (the kernel of t does not depend on D), so a
// slider that changes noise, ridge or the N range does not rebuild it.
var (
	curvesTablesMu sync.Mutex
	curvesTables   = map[int]krsim.Kernel{}
)

// curvesKernel is the ReLU NTK of depth L, k, tabulated at curvesTable angles.
func curvesKernel(L int, k func(float64) float64) krsim.Kernel {
	curvesTablesMu.Lock()
	defer curvesTablesMu.Unlock()
	if t, ok := curvesTables[L]; ok {
		return t
	}
	t := krsim.Kernel(spectrum.Tabulate(k, curvesTable))
	curvesTables[L] = t
	return t
}

// curvesLevels lists the spectrum's positive eigenvalues largest first, each with the ranks of
// its modes (a sphere degree's N(D,k) harmonics share one eigenvalue), and counts the levels
// with eigenvalue 0.
func curvesLevels(modes *learncurve.Modes) ([]curvesview.Level, int) {
	var out []curvesview.Level
	zero := 0
	for i, e := range modes.Eta {
		if e > 0 {
			d := 1.0
			if modes.Deg != nil {
				d = modes.Deg[i]
			}
			out = append(out, curvesview.Level{Degree: i, Eta: e, Deg: d})
			continue
		}
		zero++
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Eta > out[b].Eta })
	rank := 0.0
	for i := range out {
		out[i].From, out[i].To = rank+1, rank+out[i].Deg
		rank += out[i].Deg
	}
	if modes.Deg == nil {
		for i := range out {
			out[i].Degree++ // a power law's modes count from k = 1
		}
	}
	return out, zero
}

// curvesKernelText describes the kernel and the target in words.
func curvesKernelText(pr learncurve.CurvesParams) string {
	var s string
	if pr.Spectrum == learncurve.SpecPowerLaw {
		s = fmt.Sprintf("power law η_k = k^-%s, %d modes", render.Num(pr.Alpha, 4), pr.Modes)
	} else {
		s = fmt.Sprintf("ReLU NTK, L = %d, on S%s (D = %d)", pr.L, curvesSup(pr.D-1), pr.D)
	}
	if pr.Sexp != 1 {
		s += fmt.Sprintf(", target s ∝ η^%s", render.Num(pr.Sexp, 4))
	}
	return s
}

// curvesSup writes a whole number as superscript digits (S⁹ for the sphere in R¹⁰).
func curvesSup(n int) string {
	const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	sup := []rune(digits)
	var b strings.Builder
	for _, r := range fmt.Sprint(n) {
		if r >= '0' && r <= '9' {
			b.WriteRune(sup[r-'0'])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// curvesSimSizes chooses the simulated sample sizes in the page's N range: the 1-2-5 numbers
// up to curvesMaxSimN (and the largest size allowed, when it is well beyond the last of them),
// so a full run takes a few seconds; a narrow range is sampled log-evenly instead. It leaves out
// the sizes a simulation cannot average, and says why in the note.
func curvesSimSizes(pr learncurve.CurvesParams, modes *learncurve.Modes) ([]int, string) {
	hi := curvesMaxSimN
	if pr.Spectrum == learncurve.SpecPowerLaw {
		// krsim keeps a seed's features, N x modes numbers.
		hi = min(hi, krsim.MaxFeatureEntries/len(modes.Eta))
	}
	p, finite := curvesModeCount(modes)
	if finite && pr.Spectrum == learncurve.SpecReLU {
		return nil, fmt.Sprintf("No simulation: with L = %d the kernel has only %g modes, so a random target's covariance on the training and %d test points is singular and cannot be drawn.", pr.L, p, curvesTest)
	}
	lo := int(math.Ceil(pr.NMin))
	top := min(int(math.Floor(pr.NMax)), hi)
	if lo > top {
		return nil, fmt.Sprintf("No simulation: it runs up to N = %d here, where one seed takes a good part of a second in the browser; the range starts above it.", hi)
	}
	var ns []int
	for dec := 1; dec <= top; dec *= 10 {
		for _, f := range []int{1, 2, 5} {
			if n := f * dec; n >= lo && n <= top {
				ns = append(ns, n)
			}
		}
	}
	if len(ns) > 0 && float64(top) >= 1.5*float64(ns[len(ns)-1]) {
		ns = append(ns, top)
	}
	if len(ns) < curvesMinSim {
		ns = ns[:0]
		for _, x := range learncurve.LogSpaced(float64(lo), float64(top), min(6, top-lo+1)) {
			if n := int(math.Round(x)); len(ns) == 0 || n != ns[len(ns)-1] {
				ns = append(ns, n)
			}
		}
	}
	if finite && pr.Ridge == 0 && pr.Noise > 0 {
		// The double-descent peak: a size on each side of it, where the 1-2-5 numbers leave a gap.
		for _, f := range []float64{0.8, 1.25} {
			if n := int(math.Round(f * p)); n >= lo && n <= top && !slices.Contains(ns, n) {
				ns = append(ns, n)
			}
		}
		slices.Sort(ns)
	}
	// Ridgeless least squares near the interpolation threshold (N within 3 of the number of
	// modes P, with label noise) has an error whose average is infinite or whose spread is:
	// the inverse of a nearly square Gaussian matrix has heavy tails (its mean needs |N - P| >= 2,
	// its variance |N - P| >= 4).
	var note []string
	keep := ns[:0]
	for _, n := range ns {
		if finite && pr.Ridge == 0 && pr.Noise > 0 && math.Abs(float64(n)-p) <= 3 {
			note = append(note, fmt.Sprintf("N = %d is not simulated: it sits at the interpolation threshold (%g modes), where the error's average is infinite.", n, p))
			continue
		}
		keep = append(keep, n)
	}
	return keep, strings.Join(note, " ")
}

// curvesModeCount is the number of modes with a positive eigenvalue, and whether it is finite (a
// sphere spectrum with a lumped tail has infinitely many).
func curvesModeCount(modes *learncurve.Modes) (float64, bool) {
	if modes.TailTrace > 0 {
		return math.Inf(1), false
	}
	p := 0.0
	for i, e := range modes.Eta {
		if e > 0 {
			if modes.Deg != nil {
				p += modes.Deg[i]
			} else {
				p++
			}
		}
	}
	return p, true
}

func (m *curvesModel) Params() map[string]string {
	if !m.ok {
		return paramsOf("curves", "")
	}
	return paramsOf("curves", m.params.Encode())
}

// Reset starts every simulated sample size from no seeds. The seed of a sample size depends on
// the page's seed and N only, so a point is reproduced whatever range it is drawn in.
func (m *curvesModel) Reset() {
	if !m.ok {
		return
	}
	m.pts, m.cur, m.simErr, m.hover, m.hoverLine = m.pts[:0], -1, nil, -1, -1
	for _, n := range m.ns {
		cfg := m.cfg
		cfg.Sizes = []int{n}
		cfg.Seed = m.params.Seed*0x9E3779B97F4A7C15 + uint64(n)
		s, err := krsim.New(cfg)
		if err != nil {
			m.simErr = err
			break
		}
		pt := curvesPoint{n: n, sim: s}
		if p, err := m.modes.Solve(float64(n), m.params.Ridge, m.params.Noise); err == nil {
			pt.theory, pt.hasTh = p, true
		}
		m.pts = append(m.pts, pt)
	}
	m.next()
}

// next picks the point to step: the one with the fewest seeds done (the smallest N on a tie),
// so the error bars shrink together; −1 when all are done.
func (m *curvesModel) next() {
	m.cur = -1
	best := math.MaxInt
	for i, p := range m.pts {
		if !p.sim.Done() && p.sim.SeedsDone() < best {
			m.cur, best = i, p.sim.SeedsDone()
		}
	}
}

// Step does one bounded chunk of the current seed (krsim.ChunkWork, about 1 ms as wasm).
func (m *curvesModel) Step() {
	if m.Settled() {
		return
	}
	s := m.pts[m.cur].sim
	if s.StepChunk() {
		m.next()
		return
	}
	if err := s.Err(); err != nil {
		m.simErr = fmt.Errorf("at N = %d, %w", m.pts[m.cur].n, err)
		m.cur = -1
	}
}

func (m *curvesModel) Settled() bool { return !m.ok || m.simErr != nil || m.cur < 0 }

func (m *curvesModel) converged() bool {
	if !m.ok || m.simErr != nil || len(m.pts) == 0 {
		return false
	}
	for _, p := range m.pts {
		if !p.sim.Done() || p.sim.Err() != nil {
			return false
		}
	}
	return true
}

// curvesNum is v, or nil for JSON when v is not a finite number.
func (m *curvesModel) State(st map[string]any, withPlan bool) {
	for _, k := range []string{"theory", "sim", "spectrum", "kernel", "simNote", "current", "maxGap", "seeds", "seedsDone", "seedsTarget", "seedsTotal", "iter"} {
		st[k] = nil
	}
	st["converged"] = false
	if !m.ok {
		return
	}
	th := m.theory
	skipped := make([]map[string]any, len(th.Skipped))
	for i, s := range th.Skipped {
		skipped[i] = map[string]any{"n": s.N, "reason": s.Reason}
	}
	// NaN (where the line breaks) becomes null in the runner's Sanitize.
	l := &m.lines
	st["theory"] = map[string]any{
		"n": l.N, "eg": l.Eg, "bias": l.Bias, "variance": l.Variance, "kappa": l.Kappa,
		"skipped": skipped, "tail": th.Tail, "clamped": th.Clamped,
	}
	sim := make([]map[string]any, len(m.pts))
	done, every, maxGap := 0, math.MaxInt, math.NaN()
	for i, p := range m.pts {
		r := p.sim.Result()
		row := map[string]any{"n": p.n, "seeds": r.Seeds, "mean": nil, "stderr": nil, "theory": nil, "z": nil}
		done, every = done+r.Seeds, min(every, r.Seeds)
		if len(r.Tasks) == 1 && r.Seeds > 0 {
			row["mean"], row["stderr"] = r.Tasks[0].Mean, r.Tasks[0].StdErr
		}
		if p.hasTh {
			row["theory"] = p.theory.Eg
			if len(r.Tasks) == 1 && r.Seeds >= 2 && r.Tasks[0].StdErr > 0 {
				z := (r.Tasks[0].Mean - p.theory.Eg) / r.Tasks[0].StdErr
				row["z"] = z
				if render.Finite(z) && !(math.Abs(z) <= maxGap) {
					maxGap = math.Abs(z)
				}
			}
		}
		sim[i] = row
	}
	st["sim"] = sim
	st["maxGap"] = maxGap // the largest |mean − theory|/stderr over the points
	n := len(m.levels)
	if !withPlan {
		n = min(n, curvesStateLevels)
	}
	spec := map[string]any{"levels": len(m.levels), "zeroLevels": m.zero, "sphere": m.params.Spectrum == learncurve.SpecReLU}
	deg, eta, mult := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, l := range m.levels[:n] {
		deg[i], eta[i], mult[i] = float64(l.Degree), l.Eta, l.Deg
	}
	spec["degree"], spec["eta"], spec["degeneracy"] = deg, eta, mult
	st["spectrum"] = spec
	st["kernel"] = m.kernel
	st["simNote"] = m.simNote
	// seeds and seedsDone: the seeds averaged at every simulated N so far (the points fill in
	// round-robin, so the others have at most one more); seedsTarget: the seeds each point gets;
	// seedsTotal and iter: the seeds done over all points.
	if len(m.pts) == 0 {
		every = 0
	}
	st["seeds"], st["seedsDone"], st["seedsTarget"] = every, every, curvesSeeds
	st["seedsTotal"], st["iter"] = done, done
	if m.cur >= 0 {
		st["current"] = m.pts[m.cur].n
	}
	st["converged"] = m.converged()
}

// fillView refreshes the snapshot the scene draws.
func (m *curvesModel) fillView(errText string) *curvesview.View {
	v := &m.view
	*v = curvesview.View{Error: errText, Hover: m.hover, HoverLine: m.hoverLine, Current: -1, Sim: v.Sim[:0]}
	if !m.ok {
		if v.Error == "" {
			v.Error = "No learning curve to show."
		}
		return v
	}
	th, pr := m.theory, m.params
	v.Kernel, v.Noise, v.Ridge, v.NMin, v.NMax = m.kernel, pr.Noise, pr.Ridge, pr.NMin, pr.NMax
	l := &m.lines
	v.N, v.Eg, v.Bias, v.Variance, v.Kappa = l.N, l.Eg, l.Bias, l.Variance, l.Kappa
	v.Skipped = len(th.Skipped)
	if v.Skipped > 0 {
		v.SkipNote = th.Skipped[0].Reason
	}
	nan := math.NaN()
	for _, p := range m.pts {
		r := p.sim.Result()
		pt := curvesview.Point{N: float64(p.n), Seeds: r.Seeds, Mean: nan, StdErr: nan, Theory: nan, Bias: nan, Noise: nan, Kappa: nan}
		if len(r.Tasks) == 1 && r.Seeds > 0 {
			pt.Mean, pt.StdErr = r.Tasks[0].Mean, r.Tasks[0].StdErr
		}
		if p.hasTh {
			pt.Theory, pt.Bias, pt.Noise, pt.Kappa = p.theory.Eg, p.theory.Bias, p.theory.Variance, p.theory.Kappa
		}
		v.Sim = append(v.Sim, pt)
	}
	v.Seeds, v.Current, v.Converged, v.SimNote = curvesSeeds, m.cur, m.converged(), m.simNote
	if m.simErr != nil {
		v.SimErr = strings.TrimSuffix(m.simErr.Error(), ".") + "."
	}
	v.Levels, v.ZeroLevels = m.levels, m.zero
	v.Sphere, v.D = pr.Spectrum == learncurve.SpecReLU, pr.D
	return v
}

// curvesPeak are the relative distances from the interpolation threshold N = P at which extra
// theory points are drawn when the error diverges there (ridgeless, with label noise): the
// page's log-spaced grid would step over the peak and show it as a low bump.
var curvesPeak = []float64{0.08, 0.04, 0.02, 0.01}

// curvesLines are the theory's arrays as drawn: the page's grid, the skipped sample sizes put
// back as NaN so the lines break there, and, at a double-descent peak, points closing in on
// it from both sides with a break at the threshold itself.
type curvesLines struct {
	N, Eg, Bias, Variance, Kappa []float64
}

func (l *curvesLines) add(n float64, p learncurve.Point, ok bool) {
	if !ok {
		nan := math.NaN()
		p = learncurve.Point{Eg: nan, Bias: nan, Variance: nan, Kappa: nan}
	}
	l.N, l.Eg, l.Bias = append(l.N, n), append(l.Eg, p.Eg), append(l.Bias, p.Bias)
	l.Variance, l.Kappa = append(l.Variance, p.Variance), append(l.Kappa, p.Kappa)
}

// curvesLinesOf builds the drawn arrays from the theory at Configure.
func curvesLinesOf(pr learncurve.CurvesParams, th *learncurve.CurvesTheory, modes *learncurve.Modes) curvesLines {
	type entry struct {
		n  float64
		p  learncurve.Point
		ok bool
	}
	var es []entry
	for i, n := range th.N {
		es = append(es, entry{n, learncurve.Point{Eg: th.Eg[i], Bias: th.Bias[i], Variance: th.Variance[i], Kappa: th.Kappa[i]}, true})
	}
	for _, s := range th.Skipped {
		es = append(es, entry{n: s.N})
	}
	if p, finite := curvesModeCount(modes); finite && pr.Ridge == 0 && pr.Noise > 0 && p > pr.NMin && p < pr.NMax {
		es = append(es, entry{n: p})
		for _, d := range curvesPeak {
			for _, n := range []float64{p * (1 - d), p * (1 + d)} {
				if n >= pr.NMin && n <= pr.NMax {
					pt, err := modes.Solve(n, pr.Ridge, pr.Noise)
					es = append(es, entry{n, pt, err == nil})
				}
			}
		}
	}
	sort.SliceStable(es, func(a, b int) bool { return es[a].n < es[b].n })
	var l curvesLines
	for _, e := range es {
		l.add(e.n, e.p, e.ok)
	}
	return l
}

func (m *curvesModel) Draw(c render.Canvas, errText string) {
	m.xmap = curvesview.Draw(c, *m.fillView(errText))
}

// Hover picks what a mouse that moves without pressing points at: the simulated sample size
// within a factor 1.5 of it, else the theory line's nearest point (both −1 off the plots);
// wasm/main.go calls it for every Hoverer.
func (m *curvesModel) Hover(x, y, w, h float64) bool {
	if !m.ok {
		return false
	}
	return m.pick(x, y)
}

// Pointer picks like Hover under a pressed pointer (drag along the plots to scan); the pick
// stays after release so its numbers can be read.
func (m *curvesModel) Pointer(x, y, w, h float64, down bool) bool {
	if !m.ok || !down {
		return false
	}
	return m.pick(x, y)
}

func (m *curvesModel) pick(x, y float64) bool {
	sim, line := m.xmap.Pick(x, y, m.simNs(), m.lines.N, m.lines.Eg)
	if sim == m.hover && line == m.hoverLine {
		return false
	}
	m.hover, m.hoverLine = sim, line
	return true
}

func (m *curvesModel) simNs() []float64 {
	out := make([]float64, len(m.pts))
	for i, p := range m.pts {
		out[i] = float64(p.n)
	}
	return out
}

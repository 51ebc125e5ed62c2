package sim

import (
	"errors"
	"math"
	"sort"
	"strings"

	"solvable/core/dln"
	"solvable/render"
	"solvable/render/dlnview"
)

func init() { Register("dln", func() Model { return &dlnModel{} }) }

// dlnHistoryCap bounds the samples of a run kept for the pictures; when full, every other
// sample is dropped and the sampling stride doubles.
const dlnHistoryCap = 512

// dlnShown is how many coefficients the high-dimensional view draws in colour.
const dlnShown = 8

// Grids of alpha: the line view's trace of argmin Q_alpha, and the sweep's theory curve and
// simulated flows.
var (
	traceAlphas = logGrid(-4, 2, 61)
	sweepAlphas = logGrid(-6, 2, 33)
	simAlphas   = []float64{1e-4, 1e-3, 1e-2, 0.1, 1, 10}
)

// maxSimSteps caps one simulated flow of the sweep; a flow that has not settled by then is
// dropped from the picture rather than stalling it.
const maxSimSteps = 20000

func logGrid(lo, hi float64, n int) []float64 {
	out := make([]float64, n)
	for k := range out {
		out[k] = math.Pow(10, lo+(hi-lo)*float64(k)/float64(n-1))
	}
	return out
}

// dlnModel glues core/dln to the scene: it owns the stepper, the theory for the current
// problem and the run's history, and fills a read-only View.
type dlnModel struct {
	params dln.Params
	prob   *dln.Problem
	step   dln.Stepper
	view   string // "line", "coef" or "sweep"

	oracle, minL2, minL1 []float64
	minL1Done            bool
	theoryNote           string
	sweepNu              []float64 // dual point of the last sweep alpha, to warm-start the next

	pathX, pathY      []float64
	histT, histLoss   []float64
	histBeta          [][]float64
	stride, sinceLast int
	shown             []int

	traceX, traceY, traceA []float64

	// The sweep: theory points first, then simulated flows, one piece per Step.
	sweepA, sweepL1   []float64
	sweepTest         []float64
	simA, simL1, simT []float64
	simRun            dln.Stepper
	simNext, simSteps int

	beta, alphaEff []float64
	scene          dlnview.View
	steps          int // Step calls on the main run since the last reset
}

func (m *dlnModel) Name() string { return "dln" }

func (m *dlnModel) DefaultSpeed() Speed {
	if m.params.Algo == "gd" || m.params.Algo == "sgd" {
		return Speed{PerSecond: 600}
	}
	return Speed{PerSecond: 30}
}

func (m *dlnModel) Configure(lookup Lookup) error {
	pr, err := dln.Parse(dln.Lookup(lookup))
	if err != nil {
		return convertDLNErr(err)
	}
	prob, err := pr.Problem()
	if err != nil {
		return convertDLNErr(err)
	}
	if _, err := newDLNStepper(prob, pr); err != nil {
		return convertDLNErr(err)
	}
	m.params, m.prob = pr, prob
	m.view = pr.ResolvedView(prob)
	m.theory()
	m.Reset()
	return nil
}

func newDLNStepper(p *dln.Problem, pr dln.Params) (dln.Stepper, error) {
	if pr.Algo == "gd" || pr.Algo == "sgd" {
		return dln.NewGD(p, pr.Alpha, pr.Depth, pr.GDOptions())
	}
	return dln.NewFlow(p, pr.Alpha, pr.Depth)
}

func convertDLNErr(err error) error {
	var pe *dln.ParamError
	if errors.As(err, &pe) {
		return &ParamError{pe.Param, pe.Msg}
	}
	return &ParamError{"", err.Error()}
}

// theory computes what the pictures compare the run with: the limit argmin Q_alpha, the two
// minimum-norm interpolators, and for the line view the trace of the limit over alpha.
func (m *dlnModel) theory() {
	p := m.prob
	m.theoryNote = ""
	var err error
	if m.oracle, err = dln.Oracle(p, m.params.Alpha, m.params.Depth); err != nil {
		m.oracle, m.theoryNote = nil, "The oracle argmin Q_alpha could not be computed: "+err.Error()
	}
	m.minL2 = dln.MinL2(p)
	// The minimum-L1 interpolator is a linear programme: instant for small problems, seconds
	// in the browser at n = 100, d = 1000. Large ones wait until the run has settled (or are
	// the first piece of the sweep), so the page opens at once.
	m.minL1, m.minL1Done = nil, false
	if p.N*p.D <= minL1Eager {
		m.solveMinL1()
	}
	m.traceX, m.traceY, m.traceA = m.traceX[:0], m.traceY[:0], m.traceA[:0]
	if m.view == "line" {
		var nu []float64
		// From large alpha down: each Newton solve starts from its neighbour's dual point.
		for k := len(traceAlphas) - 1; k >= 0; k-- {
			a := traceAlphas[k]
			b, nu2, err := dln.OracleDual(p, a, m.params.Depth, nu)
			if err != nil {
				continue
			}
			nu = nu2
			m.traceX, m.traceY, m.traceA = append(m.traceX, b[0]), append(m.traceY, b[1]), append(m.traceA, a)
		}
	}
	m.shown = shownCoordinates(p, m.oracle)
}

// minL1Eager is the largest n*d whose minimum-L1 interpolator is solved when the problem is set.
const minL1Eager = 2000

func (m *dlnModel) solveMinL1() {
	var err error
	if m.minL1, err = dln.MinL1(m.prob); err != nil {
		m.minL1 = nil
	}
	m.minL1Done = true
}

// shownCoordinates picks the coefficients drawn in colour: the teacher's support first, then
// the largest entries of the oracle.
func shownCoordinates(p *dln.Problem, oracle []float64) []int {
	if p.D <= dlnShown {
		out := make([]int, p.D)
		for i := range out {
			out[i] = i
		}
		return out
	}
	var out []int
	seen := map[int]bool{}
	for i, t := range p.Teacher {
		if t != 0 && len(out) < dlnShown {
			out, seen[i] = append(out, i), true
		}
	}
	if oracle != nil {
		idx := make([]int, p.D)
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return math.Abs(oracle[idx[a]]) > math.Abs(oracle[idx[b]]) })
		for _, i := range idx {
			if len(out) == dlnShown {
				break
			}
			if !seen[i] {
				out, seen[i] = append(out, i), true
			}
		}
	}
	sort.Ints(out)
	return out
}

func (m *dlnModel) Params() map[string]string {
	if m.prob == nil {
		return paramsOf("dln", "")
	}
	return paramsOf("dln", m.params.Encode())
}

func (m *dlnModel) Reset() {
	if m.prob == nil {
		return
	}
	m.step, _ = newDLNStepper(m.prob, m.params) // the parameters were checked by Configure
	m.pathX, m.pathY = append(m.pathX[:0], 0), append(m.pathY[:0], 0)
	m.histT, m.histLoss, m.histBeta = m.histT[:0], m.histLoss[:0], m.histBeta[:0]
	m.stride, m.sinceLast = 1, 0
	m.record()
	m.sweepA, m.sweepL1, m.sweepTest = m.sweepA[:0], m.sweepL1[:0], m.sweepTest[:0]
	m.simA, m.simL1, m.simT = m.simA[:0], m.simL1[:0], m.simT[:0]
	m.simRun, m.simNext = nil, 0
	m.steps, m.sweepNu = 0, nil
}

// record appends the current state to the history, thinning it when full.
func (m *dlnModel) record() {
	m.beta = m.step.Beta(m.beta)
	if m.prob.D == 2 {
		m.pathX, m.pathY = append(m.pathX, m.beta[0]), append(m.pathY, m.beta[1])
	}
	m.histT = append(m.histT, m.step.Time())
	m.histLoss = append(m.histLoss, m.step.Loss())
	m.histBeta = append(m.histBeta, append([]float64(nil), m.beta...))
	if len(m.histT) == dlnHistoryCap {
		for k := 0; k < dlnHistoryCap/2; k++ {
			m.histT[k], m.histLoss[k], m.histBeta[k] = m.histT[2*k+1], m.histLoss[2*k+1], m.histBeta[2*k+1]
		}
		half := dlnHistoryCap / 2
		m.histT, m.histLoss, m.histBeta = m.histT[:half], m.histLoss[:half], m.histBeta[:half]
		m.stride *= 2
		if len(m.pathX) > 4*dlnHistoryCap {
			m.pathX, m.pathY = thin(m.pathX), thin(m.pathY)
		}
	}
}

func thin(x []float64) []float64 {
	last := x[len(x)-1]
	k := 0
	for i := 0; i < len(x); i += 2 {
		x[k] = x[i]
		k++
	}
	x = x[:k]
	if x[k-1] != last {
		x = append(x, last)
	}
	return x
}

func (m *dlnModel) sweepDone() bool {
	return m.view != "sweep" || (len(m.sweepL1) == len(sweepAlphas) && m.simNext == len(simAlphas))
}

func (m *dlnModel) Step() {
	if m.step == nil {
		return
	}
	if !m.sweepDone() {
		m.sweepStep()
		return
	}
	m.step.Step()
	m.steps++
	m.sinceLast++
	if m.sinceLast >= m.stride {
		m.sinceLast = 0
		m.record()
	}
}

// sweepStep does one piece of the alpha sweep: one theory point, or one integrator step of the
// simulated flow at the next alpha.
func (m *dlnModel) sweepStep() {
	p := m.prob
	if !m.minL1Done {
		m.solveMinL1()
		return
	}
	if k := len(m.sweepL1); k < len(sweepAlphas) {
		// From large alpha down, each solve warm-started from its neighbour's dual point.
		a := sweepAlphas[len(sweepAlphas)-1-k]
		b, nu, err := dln.OracleDual(p, a, m.params.Depth, m.sweepNu)
		l1, te := math.NaN(), math.NaN()
		if err == nil {
			l1, te, m.sweepNu = norm1(b), testError(p, b), nu
		}
		m.sweepA = append(m.sweepA, a)
		m.sweepL1, m.sweepTest = append(m.sweepL1, l1), append(m.sweepTest, te)
		return
	}
	if m.simRun == nil {
		run, err := dln.NewFlow(p, simAlphas[m.simNext], m.params.Depth)
		if err != nil {
			m.simNext++
			return
		}
		m.simRun, m.simSteps = run, 0
	}
	m.simRun.Step()
	m.simSteps++
	if m.simRun.Converged(m.params.Tol) || m.simRun.Err() != nil || m.simSteps > maxSimSteps {
		if m.simRun.Err() == nil && m.simRun.Converged(m.params.Tol) {
			b := m.simRun.Beta(nil)
			m.simA = append(m.simA, simAlphas[m.simNext])
			m.simL1, m.simT = append(m.simL1, norm1(b)), append(m.simT, testError(p, b))
		}
		m.simRun = nil
		m.simNext++
	}
}

func norm1(b []float64) float64 {
	t := 0.0
	for _, x := range b {
		t += math.Abs(x)
	}
	return t
}

// testError is E[(x.(beta - teacher))^2] for x with independent standard normal entries, the
// law the generator draws rows from: ||beta - teacher||^2. NaN without a teacher.
func testError(p *dln.Problem, b []float64) float64 {
	if p.Teacher == nil || b == nil {
		return math.NaN()
	}
	t := 0.0
	for i, x := range b {
		d := x - p.Teacher[i]
		t += d * d
	}
	return t
}

func (m *dlnModel) converged() bool {
	return m.step != nil && m.step.Err() == nil && m.step.Converged(m.params.Tol)
}

func (m *dlnModel) Settled() bool {
	return m.step == nil || (m.sweepDone() && (m.step.Err() != nil || m.converged()))
}

func (m *dlnModel) Background(more func() bool) bool {
	if m.minL1Done || m.prob == nil || !more() {
		return false
	}
	m.solveMinL1()
	return true
}

func (m *dlnModel) Issue() (string, string) {
	if m.step != nil && m.step.Err() != nil {
		return capitalise(m.step.Err().Error()), "eta"
	}
	return "", ""
}

// capitalise starts a sentence from the core with a capital letter.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func (m *dlnModel) Pointer(x, y, w, h float64, down bool) bool { return false }

func (m *dlnModel) State(st map[string]any, _ bool) {
	if m.step == nil {
		for _, k := range []string{"t", "steps", "beta", "loss", "residual", "l1", "oracle", "oracleDistance",
			"minL2", "minL1", "teacher", "alphaEff", "alpha", "depth", "algo", "n", "d", "view"} {
			st[k] = nil
		}
		st["converged"], st["note"] = false, ""
		return
	}
	p := m.prob
	m.beta = m.step.Beta(m.beta)
	m.alphaEff = m.step.AlphaEff(m.alphaEff)
	st["t"] = m.step.Time()
	st["steps"] = m.steps
	st["beta"] = m.beta
	st["loss"] = m.step.Loss()
	st["residual"] = p.Residual(m.beta)
	st["l1"] = norm1(m.beta)
	st["oracle"], st["oracleDistance"] = nil, nil
	if m.oracle != nil {
		st["oracle"], st["oracleDistance"] = m.oracle, maxDiff(m.beta, m.oracle)
	}
	st["minL2"] = m.minL2
	st["minL1"] = nil
	if m.minL1 != nil {
		st["minL1"] = m.minL1
	}
	st["teacher"] = nil
	if p.Teacher != nil {
		st["teacher"] = p.Teacher
	}
	st["alphaEff"] = m.alphaEff
	st["alpha"], st["depth"], st["algo"] = m.params.Alpha, m.params.Depth, m.params.Algo
	st["n"], st["d"], st["view"] = p.N, p.D, m.view
	st["converged"] = m.converged()
	st["tol"] = m.params.Tol
	note := m.theoryNote
	if m.step.Err() != nil {
		note = capitalise(m.step.Err().Error())
	}
	st["note"] = note
}

func maxDiff(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

func (m *dlnModel) Draw(c render.Canvas, errText string) {
	dlnview.Draw(c, *m.fillView(errText))
}

// fillView refreshes the snapshot the scene draws.
func (m *dlnModel) fillView(errText string) *dlnview.View {
	v := &m.scene
	v.Error = errText
	if m.step == nil {
		if v.Error == "" {
			v.Error = "No problem to show."
		}
		return v
	}
	p := m.prob
	switch m.view {
	case "line":
		v.Mode = dlnview.ModeLine
	case "sweep":
		v.Mode = dlnview.ModeSweep
	default:
		v.Mode = dlnview.ModeCoef
	}
	v.N, v.D = p.N, p.D
	v.Alpha, v.Depth, v.Algo = m.params.Alpha, m.params.Depth, m.params.Algo
	v.Eta, v.Gamma, v.Batch = m.params.Eta, m.params.Gamma, m.params.Batch
	v.Time = m.step.Time()
	v.TimeLabel = "t"
	if m.params.Algo != "flow" {
		v.TimeLabel = "steps"
	}
	m.beta = m.step.Beta(m.beta)
	m.alphaEff = m.step.AlphaEff(m.alphaEff)
	v.Beta, v.AlphaEff = m.beta, m.alphaEff
	v.Loss, v.Residual, v.Converged = m.step.Loss(), p.Residual(m.beta), m.converged()
	v.Oracle, v.MinL2, v.MinL1, v.Teacher = m.oracle, m.minL2, m.minL1, p.Teacher
	if p.N == 1 && p.D == 2 {
		v.Row = [2]float64{p.X[0], p.X[1]}
		v.Y0 = p.Y[0]
	}
	v.PathX, v.PathY = m.pathX, m.pathY
	v.TraceX, v.TraceY, v.TraceAlpha = m.traceX, m.traceY, m.traceA
	v.HistTime, v.HistBeta, v.HistLoss, v.ShownIndex = m.histT, m.histBeta, m.histLoss, m.shown
	v.SweepAlpha = m.sweepA
	v.SweepL1, v.SweepTest = m.sweepL1, nil
	if p.Teacher != nil {
		v.SweepTest = m.sweepTest
	}
	v.SimAlpha, v.SimL1, v.SimTest = m.simA, m.simL1, nil
	if p.Teacher != nil {
		v.SimTest = m.simT
	}
	v.L1OfMinL2, v.L1OfMinL1 = norm1(m.minL2), math.NaN()
	if m.minL1 != nil {
		v.L1OfMinL1 = norm1(m.minL1)
	}
	v.TestOfMinL2, v.TestOfMinL1 = testError(p, m.minL2), testError(p, m.minL1)
	v.CurrentL1 = norm1(m.beta)
	v.CurrentTest = testError(p, m.beta)
	if len(v.QZ) == 0 {
		for k := 0; k <= 80; k++ {
			z := -20 + 0.5*float64(k)
			v.QZ, v.QVal = append(v.QZ, z), append(v.QVal, dln.QShape(z))
		}
	}
	v.Note, v.Stopped = m.theoryNote, m.step.Err() != nil
	if v.Stopped {
		v.Note = capitalise(m.step.Err().Error())
	}
	return v
}

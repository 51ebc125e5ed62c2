package sim

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"solvable/core/ntk"
	"solvable/core/param"
	"solvable/render"
	"solvable/render/ntkview"
	"solvable/render/plot"
)

func init() { Register("ntk", func() Model { return &ntkModel{} }) }

const (
	ntkGridSize = 128   // evaluation grid of theta
	ntkLossTol  = 1e-6  // training loss that counts as converged
	ntkStepCap  = 20000 // a run that has not converged by then stops with a note
	ntkHistCap  = 512   // loss samples kept; thinned by halves when full
	ntkCurveCap = 400   // steps of each other optimiser's loss curve
	ntkSweepCap = 300   // steps of each width-sweep copy
	// ntkSweepSeeds initialisations are averaged at each width of the sweep, and the scene
	// draws their standard error: the NTK drift varies by about 25% (sd/mean) from seed to
	// seed at a given width (8 seeds at M = 128..1024 on the default problem), as much as the
	// step from one width to the next, and seeds 1 to 3 alone put M = 512 above M = 256.
	ntkSweepSeeds = 5
	// ntkDrawDecimals: drawn targets are rounded to 0.01 when the drag ends, so the URL that
	// carries them stays short and reproduces exactly what was trained on.
	ntkDrawScale = 100
)

// ntkSweepWidths are the widths of the sweep, cut at the width limit of the problem.
var ntkSweepWidths = []int{32, 64, 128, 256, 512, 1024, 2048}

// ntkModel glues core/ntk to the scene: a centred network (f_theta - f_theta0, spec §1.6.3)
// trained on the circle, its linearisation around the initial parameters, and the kernel
// regression limit with the analytic NTK of the infinitely wide network.
//
// The linearised curve: for GD it is the closed-form trajectory of the linearised network with
// the network's own initial empirical NTK after the same number of steps (AtStep with eta/N,
// since the trainer uses the mean loss). For exact NGD the linearised function-space update on
// the training set is f <- f - eta (f - y) (damping rho -> 0, spec §1.4), so after t steps the
// linear model is tau_t times the empirical-kernel regressor, tau_t = 1 - (1 - eta)^t. The
// approximate natural gradients (blockdiag, kfac, unitwise) each follow a different kernel
// predictor (layer-wise averages, Kronecker factors, per-unit blocks); the linear curve is not
// drawn for them, and a note says so: the comparison with the limit is then the kernel curve.
type ntkModel struct {
	params ntk.Params
	ok     bool

	X                 [][]float64
	trainTh, y        []float64
	grid              [][]float64
	gridTh, target    []float64
	kernel            []float64
	eta               float64
	lin               *ntk.Linearized
	linLimit          []float64 // empirical-kernel regressor on the grid (NGD's linear model)
	linNote           string
	net               *ntk.Net
	tr                *ntk.Trainer
	steps             int
	netGrid           []float64
	netGridStep       int
	wcNow, kdNow      float64 // laziness of the trained network at netGridStep
	drawsSinceEval    int
	histStep, histL   []float64
	stride, sinceLast int

	// Background: the other optimisers' loss curves, then the width sweep.
	curves     []ntkview.LossCurve
	curveNext  int
	curveTr    *ntk.Trainer
	curveDone  bool
	sweepW     []float64
	sweepWC    []float64 // mean over the seeds done at each width
	sweepKD    []float64
	sweepWCSq  []float64 // sums of squared deviations (Welford), for the standard errors
	sweepKDSq  []float64
	sweepN     []int // initialisations measured at each width (a copy that fails is not counted)
	sweepFail  int   // copies that could not be trained (their widths' means leave them out)
	sweepNext  int   // seed index * len(sweepW) + width index of the copy being trained
	sweepTr    *ntk.Trainer
	sweepSteps int

	// Drawing the targets by hand: the training values being dragged, the kernel-regression
	// curve through them, and the pointer's last position in (θ, f).
	kxx, ktx         [][]float64
	hit              ntkview.Hit
	drawing          bool
	drawY, drawCurve []float64
	drawFixed        plot.Axis
	lastTh, lastF    float64
	drawNote         string

	scene ntkview.View
}

func (m *ntkModel) Name() string { return "ntk" }

func (m *ntkModel) DefaultSpeed() Speed {
	if m.params.Method == ntk.GD {
		return Speed{PerSecond: 240}
	}
	return Speed{PerSecond: 4}
}

func convertNTKErr(err error, param string) error {
	var pe *ntk.ParamError
	if errors.As(err, &pe) {
		return &ParamError{pe.Param, pe.Msg}
	}
	return &ParamError{param, capitalise(sentenceEnd(err.Error()))}
}

func sentenceEnd(s string) string {
	if s != "" && s[len(s)-1] != '.' {
		s += "."
	}
	return s
}

func (m *ntkModel) Configure(lookup Lookup) error {
	pr, err := ntk.Parse(ntk.Lookup(lookup))
	if err != nil {
		return convertNTKErr(err, "")
	}
	X, th, y := pr.Data()
	arch := pr.Arch()
	if err := arch.Check(); err != nil {
		return convertNTKErr(err, "depth")
	}
	gridTh := make([]float64, ntkGridSize)
	grid := make([][]float64, ntkGridSize)
	for k := range grid {
		gridTh[k] = 2 * math.Pi * float64(k) / ntkGridSize
		grid[k] = ntk.Input(gridTh[k])
	}
	Kxx, _ := arch.Gram(X, X)
	Ktx, _ := arch.Gram(grid, X)
	kernel, err := ntk.KernelRegression(Kxx, Ktx, y, 0)
	if err != nil {
		p := "n"
		if pr.Points == "random" {
			p = "seed"
		}
		return &ParamError{p, "Kernel regression cannot fit these training points: " + err.Error() + ". Pick other points (points=grid, another seed or fewer points)."}
	}
	eta := pr.EtaFor(Kxx)
	if !(eta > 0) || math.IsInf(eta, 0) {
		return &ParamError{"eta", fmt.Sprintf("The natural learning rate of %s is not a positive number here (%g); give eta explicitly.", pr.Method, eta)}
	}
	net, err := ntk.NewNet(arch, 2, pr.Width, pr.Seed)
	if err != nil {
		return convertNTKErr(err, "width")
	}
	net.SetCentred(true)
	if _, err := ntk.NewTrainer(net, X, y, pr.Method, eta, pr.Rho); err != nil {
		return convertNTKErr(err, "eta")
	}
	// The linearisation around this network's initial parameters (its empirical NTK).
	var lin *ntk.Linearized
	var linLimit []float64
	linNote := ""
	if pr.Method == ntk.GD || pr.Method == ntk.NGD {
		th0 := net.InitialNTK(X)
		th0t := net.NTK(grid, X)
		if lin, err = ntk.NewLinearized(th0, th0t, y, nil, nil, eta/float64(len(X))); err != nil {
			lin, linNote = nil, "The linearised model could not be prepared: "+sentenceEnd(err.Error())
		} else if pr.Method == ntk.NGD {
			_, linLimit = lin.At(math.Inf(1))
		}
	} else {
		linNote = fmt.Sprintf("The linearised curve is drawn for gd and ngd only: %s follows its own kernel predictor (spec §1.4), not the NTK's.", pr.Method)
	}
	target := []float64(nil)
	if f := ntk.TargetFunc(pr.Target); f != nil {
		target = make([]float64, ntkGridSize)
		for k, t := range gridTh {
			target[k] = f(t)
		}
	}
	m.params, m.ok = pr, true
	m.X, m.trainTh, m.y = X, th, y
	m.grid, m.gridTh, m.target = grid, gridTh, target
	m.kernel, m.eta = kernel, eta
	m.kxx, m.ktx = Kxx, Ktx
	m.drawing, m.drawY, m.drawCurve = false, nil, nil // a drawing never outlives its problem
	m.lin, m.linLimit, m.linNote = lin, linLimit, linNote
	m.Reset()
	return nil
}

func (m *ntkModel) Params() map[string]string {
	if !m.ok {
		return paramsOf("ntk", "")
	}
	return paramsOf("ntk", m.params.Encode())
}

// newTrainer draws a fresh centred network of the given width and its trainer.
func (m *ntkModel) newTrainer(method ntk.Method, width int, eta float64) (*ntk.Trainer, error) {
	return m.newTrainerSeed(method, width, eta, m.params.Seed)
}

// newTrainerSeed is newTrainer with the network's initialisation drawn from seed.
func (m *ntkModel) newTrainerSeed(method ntk.Method, width int, eta float64, seed uint64) (*ntk.Trainer, error) {
	net, err := ntk.NewNet(m.params.Arch(), 2, width, seed)
	if err != nil {
		return nil, err
	}
	net.SetCentred(true)
	return ntk.NewTrainer(net, m.X, m.y, method, eta, m.params.Rho)
}

// etaOf is the learning rate of method at width: the URL's eta for the current method, else
// the method's natural rate.
func (m *ntkModel) etaOf(method ntk.Method, width int) float64 {
	if method == m.params.Method && width == m.params.Width {
		return m.eta
	}
	p := m.params
	p.Method, p.Width = method, width
	if method != m.params.Method {
		p.Eta = 0
	}
	if method == ntk.GD {
		Kxx, _ := p.Arch().Gram(m.X, m.X)
		return p.EtaFor(Kxx)
	}
	return p.EtaFor(nil)
}

func (m *ntkModel) Reset() {
	if !m.ok {
		return
	}
	m.drawing = false // Reset drops a drawing in progress (its release would otherwise retrain)
	tr, err := m.newTrainer(m.params.Method, m.params.Width, m.eta)
	if err != nil { // checked by Configure
		m.tr, m.net = nil, nil
		return
	}
	m.tr, m.net = tr, tr.Net()
	m.steps, m.netGrid, m.netGridStep, m.drawsSinceEval = 0, nil, -1, 0
	m.histStep, m.histL = m.histStep[:0], m.histL[:0]
	m.stride, m.sinceLast = 1, 0
	m.record()
	m.curves, m.curveNext, m.curveTr, m.curveDone = nil, 0, nil, false
	m.sweepW, m.sweepWC, m.sweepKD, m.sweepWCSq, m.sweepKDSq, m.sweepN = nil, nil, nil, nil, nil, nil
	for _, w := range ntkSweepWidths {
		if w <= ntk.MaxWidthFor(m.params.N, m.params.Depth) {
			m.sweepW = append(m.sweepW, float64(w))
			m.sweepWC, m.sweepKD = append(m.sweepWC, math.NaN()), append(m.sweepKD, math.NaN())
			m.sweepWCSq, m.sweepKDSq = append(m.sweepWCSq, 0), append(m.sweepKDSq, 0)
			m.sweepN = append(m.sweepN, 0)
		}
	}
	m.sweepNext, m.sweepTr, m.sweepSteps, m.sweepFail = 0, nil, 0, 0
}

func (m *ntkModel) record() {
	m.histStep = append(m.histStep, float64(m.steps))
	m.histL = append(m.histL, m.tr.Loss())
	if len(m.histL) == ntkHistCap {
		half := ntkHistCap / 2
		for k := 0; k < half; k++ {
			m.histStep[k], m.histL[k] = m.histStep[2*k+1], m.histL[2*k+1]
		}
		m.histStep, m.histL = m.histStep[:half], m.histL[:half]
		m.stride *= 2
	}
}

func (m *ntkModel) Step() {
	if m.tr == nil || m.Settled() || m.drawing {
		return
	}
	if m.tr.Step() != nil {
		return
	}
	m.steps++
	m.sinceLast++
	if m.sinceLast >= m.stride || m.tr.Loss() < ntkLossTol {
		m.sinceLast = 0
		m.record()
	}
}

func (m *ntkModel) converged() bool {
	return m.tr != nil && m.tr.Err() == nil && m.tr.Loss() < ntkLossTol
}

func (m *ntkModel) Settled() bool {
	return m.tr == nil || m.tr.Err() != nil || m.tr.Loss() < ntkLossTol || m.steps >= ntkStepCap
}

// Background, once the run has settled: first the loss curves of the other optimisers on a
// network like this one (ntkCurveCap steps at most each), then the width sweep: a copy of the
// network at each width trained by the same optimiser for the same number of steps as the main
// run (at most ntkSweepCap), recording how far its weights and its empirical NTK have moved.
// One training step per check of more(). It reports a change of the picture only when a loss
// curve or a sweep point is complete: a redraw costs more than a step of a small network, and
// redrawing after every piece would slow the sweep down to the frame rate of the drawing.
func (m *ntkModel) Background(more func() bool) bool {
	if m.tr == nil || !m.Settled() || m.drawing {
		return false
	}
	changed := false
	for more() {
		curves, points := m.curveNext, m.sweepNext
		switch {
		case !m.curveDone:
			m.curveStep()
		case m.sweepNext < ntkSweepSeeds*len(m.sweepW):
			m.sweepStep()
		default:
			return changed
		}
		if m.curveNext != curves || m.sweepNext != points {
			changed = true
		}
	}
	return changed
}

func (m *ntkModel) curveStep() {
	methods := []ntk.Method{ntk.GD, ntk.NGD, ntk.BlockDiag, ntk.KFAC, ntk.UnitWise}
	if m.curveTr == nil {
		for m.curveNext < len(methods) && methods[m.curveNext] == m.params.Method {
			m.curveNext++
		}
		if m.curveNext == len(methods) {
			m.curveDone = true
			return
		}
		meth := methods[m.curveNext]
		tr, err := m.newTrainer(meth, m.params.Width, m.etaOf(meth, m.params.Width))
		if err != nil {
			m.curveNext++
			return
		}
		m.curveTr = tr
		m.curves = append(m.curves, ntkview.LossCurve{Name: meth.String(), Steps: []float64{0}, Loss: []float64{tr.Loss()}})
		return
	}
	c := &m.curves[len(m.curves)-1]
	err := m.curveTr.Step()
	n := m.curveTr.Steps()
	if err == nil {
		c.Steps, c.Loss = append(c.Steps, float64(n)), append(c.Loss, m.curveTr.Loss())
	}
	if err != nil || m.curveTr.Loss() < ntkLossTol || n >= ntkCurveCap {
		m.curveTr = nil
		m.curveNext++
	}
}

func (m *ntkModel) sweepStep() {
	wi, seed := m.sweepNext%len(m.sweepW), m.sweepNext/len(m.sweepW)
	w := int(m.sweepW[wi])
	if m.sweepTr == nil {
		tr, err := m.newTrainerSeed(m.params.Method, w, m.etaOf(m.params.Method, w), m.params.Seed+uint64(seed))
		if err != nil {
			m.sweepFail++
			m.sweepNext++
			return
		}
		m.sweepTr, m.sweepSteps = tr, 0
		return
	}
	err := m.sweepTr.Step()
	m.sweepSteps++
	want := min(max(m.steps, 1), ntkSweepCap)
	if err != nil {
		m.sweepFail++
		m.sweepTr = nil
		m.sweepNext++
		return
	}
	if m.sweepSteps >= want || m.sweepTr.Loss() < ntkLossTol {
		net := m.sweepTr.Net()
		wc, kd := net.WeightChange(), net.KernelDrift(m.X)
		m.sweepN[wi]++
		if m.sweepN[wi] == 1 {
			m.sweepWC[wi], m.sweepKD[wi] = wc, kd
			m.sweepWCSq[wi], m.sweepKDSq[wi] = 0, 0
		} else { // Welford's running mean and sum of squared deviations
			k := float64(m.sweepN[wi])
			for _, q := range []struct {
				mean, sq *float64
				x        float64
			}{
				{&m.sweepWC[wi], &m.sweepWCSq[wi], wc}, {&m.sweepKD[wi], &m.sweepKDSq[wi], kd}} {
				d := q.x - *q.mean
				*q.mean += d / k
				*q.sq += d * (q.x - *q.mean)
			}
		}
		m.sweepTr = nil
		m.sweepNext++
	}
}

// sweepSE is the standard error of the sweep's means from their sums of squared deviations
// (NaN until two seeds are in).
func (m *ntkModel) sweepSE(sq []float64) []float64 {
	se := make([]float64, len(sq))
	for i, s := range sq {
		se[i] = math.NaN()
		if k := float64(m.sweepN[i]); k >= 2 {
			se[i] = math.Sqrt(s / (k - 1) / k)
		}
	}
	return se
}

// sweepSeedsDone is the number of initialisations averaged at every width of the sweep.
func (m *ntkModel) sweepSeedsDone() int {
	if len(m.sweepN) == 0 {
		return 0
	}
	return slices.Min(m.sweepN)
}

func (m *ntkModel) Issue() (string, string) {
	if m.tr != nil && m.tr.Err() != nil {
		return capitalise(sentenceEnd(m.tr.Err().Error())) + fmt.Sprintf(" The learning rate eta = %.3g is too large for this network; try a smaller eta.", m.eta), "eta"
	}
	return "", ""
}

// Pointer lets a visitor draw the targets: a press on the f(θ) panel grabs the training
// point nearest in angle and sets its target to the height of the pointer; dragging sweeps
// across the points in between, like a pen over the plot. Training waits while the button
// is down, and the black curve follows as kernel regression through the points being moved;
// on release the network is trained afresh on the drawn values (rounded to 0.01, which is
// what the URL keeps as y=...).
func (m *ntkModel) Pointer(x, y, w, h float64, down bool) bool {
	if m.tr == nil {
		return false
	}
	if !down {
		if !m.drawing {
			return false
		}
		m.commitDrawing()
		return true
	}
	if !m.drawing {
		th, f, ok := m.hit.At(x, y, w, h)
		if !ok {
			return false
		}
		m.drawing, m.drawNote = true, ""
		m.drawY = append(m.drawY[:0], m.y...)
		m.drawFixed = m.hit.Y
		m.lastTh, m.lastF = th, f
		m.drawAt(th, f, th, f)
		return true
	}
	th := math.Min(math.Max(m.hit.Theta(x), 0), 2*math.Pi) // the pen stays on the θ axis
	f := m.hit.F(y)
	if !render.Finite(th) || !render.Finite(f) {
		return false
	}
	m.drawAt(m.lastTh, m.lastF, th, f)
	m.lastTh, m.lastF = th, f
	return true
}

// drawAt moves the targets under the pen's path from (th0, f0) to (th1, f1): every training
// angle between the two gets the height of the path there, and the angle nearest th1 gets f1.
func (m *ntkModel) drawAt(th0, f0, th1, f1 float64) {
	if len(m.drawY) != len(m.trainTh) {
		return // the problem changed under the pen (Configure ends a drawing; this is a guard)
	}
	lo, hi := math.Min(th0, th1), math.Max(th0, th1)
	nearest, best := -1, math.Inf(1)
	for i, t := range m.trainTh {
		if hi > lo && t >= lo && t <= hi {
			m.drawY[i] = f0 + (t-th0)/(th1-th0)*(f1-f0)
		}
		d := math.Abs(t - th1)
		d = math.Min(d, 2*math.Pi-d) // on the circle, 2π is next to 0
		if d < best {
			nearest, best = i, d
		}
	}
	if nearest >= 0 {
		m.drawY[nearest] = f1
	}
	if curve, err := ntk.KernelRegression(m.kxx, m.ktx, m.drawY, 0); err == nil {
		m.drawCurve = curve
	}
}

// commitDrawing ends a drag: the drawn values become the problem's targets and training
// starts again from the network's initialisation.
func (m *ntkModel) commitDrawing() {
	m.drawing = false
	if len(m.drawY) != len(m.trainTh) {
		return
	}
	p := m.params
	p.Y = make([]float64, len(m.drawY))
	for i, v := range m.drawY {
		p.Y[i] = math.Round(v*ntkDrawScale) / ntkDrawScale
	}
	p.Target = "values"
	if err := m.Configure(Lookup(param.LookupQuery(p.Encode()))); err != nil {
		m.drawNote = "The drawn targets could not be used: " + sentenceEnd(err.Error()) + " The previous targets are kept."
		return
	}
	m.drawNote = ""
}

// netOnGrid is the network's function on the grid at the current step.
func (m *ntkModel) netOnGrid() []float64 {
	if m.netGridStep != m.steps || m.netGrid == nil {
		m.netGrid, m.netGridStep, m.drawsSinceEval = m.net.Forward(m.grid), m.steps, 0
		m.wcNow, m.kdNow = m.net.WeightChange(), m.net.KernelDrift(m.X)
	}
	return m.netGrid
}

// linearOnGrid is the linearised model's prediction on the grid at the current step (nil for
// the approximate natural gradients; see the type's comment).
func (m *ntkModel) linearOnGrid() []float64 {
	switch {
	case m.lin == nil:
		return nil
	case m.params.Method == ntk.GD:
		_, test := m.lin.AtStep(m.steps)
		return test
	case m.linLimit != nil:
		tau := 1 - math.Pow(1-m.eta, float64(m.steps))
		out := make([]float64, len(m.linLimit))
		for i, v := range m.linLimit {
			out[i] = tau * v
		}
		return out
	}
	return nil
}

func (m *ntkModel) note() string {
	switch {
	case m.tr == nil:
		return ""
	case m.drawNote != "":
		return m.drawNote
	case m.sweepFail > 0 && m.linNote == "":
		return fmt.Sprintf("%d of the width sweep's copies could not be trained at this learning rate (they diverged) and are left out of its means.", m.sweepFail)
	case m.tr.Err() != nil:
		return capitalise(sentenceEnd(m.tr.Err().Error()))
	case !m.converged() && m.steps >= ntkStepCap:
		return fmt.Sprintf("Stopped after %d steps with the training loss at %.3g, above %g: the slowest directions of the kernel need more steps (or a larger eta).", ntkStepCap, m.tr.Loss(), ntkLossTol)
	}
	return m.linNote
}

func (m *ntkModel) State(st map[string]any, _ bool) {
	keys := []string{"step", "trainLoss", "theta", "net", "linear", "kernel", "target", "trainTheta", "trainY",
		"weightChange", "kernelDrift", "optimizer", "eta", "rho", "width", "depth", "n",
		"sweepWidths", "sweepWeightChange", "sweepKernelDrift", "sweepSeeds", "sweepWeightChangeSE", "sweepKernelDriftSE", "losses", "drawing", "functionPanel"}
	if m.tr == nil {
		for _, k := range keys {
			st[k] = nil
		}
		st["converged"], st["note"] = false, ""
		return
	}
	st["step"] = m.steps
	st["trainLoss"] = m.tr.Loss()
	st["theta"] = m.gridTh
	st["net"] = m.netOnGrid()
	st["linear"] = m.linearOnGrid()
	st["kernel"] = m.kernel
	st["target"] = m.target
	st["trainTheta"], st["trainY"] = m.trainTh, m.y
	st["weightChange"], st["kernelDrift"] = m.wcNow, m.kdNow
	st["optimizer"] = m.params.Method.String()
	st["eta"], st["rho"] = m.eta, m.params.Rho
	st["width"], st["depth"], st["n"] = m.params.Width, m.params.Depth, m.params.N
	st["sweepWidths"], st["sweepWeightChange"], st["sweepKernelDrift"] = m.sweepW, m.sweepWC, m.sweepKD
	st["sweepSeeds"] = m.sweepSeedsDone()
	st["sweepWeightChangeSE"], st["sweepKernelDriftSE"] = m.sweepSE(m.sweepWCSq), m.sweepSE(m.sweepKDSq)
	st["drawing"] = m.drawing
	// Where the f(θ) panel was last drawn (CSS pixels of the canvas), so that a page or a test
	// can aim a drag at a point: nil before the first frame.
	st["functionPanel"] = nil
	if h := m.hit; h.Drawn {
		st["functionPanel"] = map[string]any{"x": h.Plot.X, "y": h.Plot.Y, "w": h.Plot.W, "h": h.Plot.H,
			"thetaMin": h.X.Min, "thetaMax": h.X.Max, "fMin": h.Y.Min, "fMax": h.Y.Max}
	}
	losses := map[string]any{m.params.Method.String(): map[string]any{"steps": m.histStep, "loss": m.histL}}
	for _, c := range m.curves {
		losses[c.Name] = map[string]any{"steps": c.Steps, "loss": c.Loss}
	}
	st["losses"] = losses
	st["converged"] = m.converged()
	st["note"] = m.note()
}

func (m *ntkModel) Draw(c render.Canvas, errText string) {
	ntkview.Draw(c, *m.fillView(errText))
}

// fillView refreshes the snapshot the scene draws. The network's function on the grid costs
// about as much as a step on 128 points; while training it is refreshed every third frame.
func (m *ntkModel) fillView(errText string) *ntkview.View {
	v := &m.scene
	v.Error = errText
	if m.tr == nil {
		if v.Error == "" {
			v.Error = "No problem to show."
		}
		return v
	}
	m.drawsSinceEval++
	if m.netGrid == nil || m.Settled() || m.drawsSinceEval >= 3 {
		v.Net = m.netOnGrid()
	} else {
		v.Net = m.netGrid
	}
	v.Theta, v.Target, v.TrainTheta, v.TrainY = m.gridTh, m.target, m.trainTh, m.y
	v.Linear, v.Kernel = m.linearOnGrid(), m.kernel
	v.Method, v.Step, v.Loss = m.params.Method.String(), m.steps, m.tr.Loss()
	v.Losses = append(v.Losses[:0], ntkview.LossCurve{Name: v.Method, Steps: m.histStep, Loss: m.histL})
	v.Losses = append(v.Losses, m.curves...)
	v.Widths, v.WeightChange, v.KernelDrift = m.sweepW, m.sweepWC, m.sweepKD
	v.SweepSeeds = m.sweepSeedsDone()
	v.WeightChangeSE, v.KernelDriftSE = m.sweepSE(m.sweepWCSq), m.sweepSE(m.sweepKDSq)
	v.WeightExp, v.KernelExp = ntk.LazinessExponents(m.params.Depth)
	v.Hit = &m.hit
	v.Drawing, v.FixedF = m.drawing, plot.Axis{}
	if m.drawing {
		v.FixedF = m.drawFixed
		v.TrainY, v.Net, v.Linear = m.drawY, nil, nil
		if m.drawCurve != nil {
			v.Kernel = m.drawCurve
		}
	}
	v.Width, v.Depth = m.params.Width, m.params.Depth
	v.WeightChangeNow, v.KernelDriftNow = m.wcNow, m.kdNow
	v.Eta, v.Rho = m.eta, m.params.Rho
	v.Converged = m.converged()
	v.Note = m.note()
	return v
}

// Series implements Exporter: the predictions on the evaluation grid at the current step, one
// row per angle theta: the target (empty for explicit values), the network's f_t, the linearised
// model's (empty for the approximate natural gradients) and the kernel-regression limit.
func (m *ntkModel) Series() (string, []string, [][]float64) {
	title := "predictions on the grid of angles theta at the current step: the target, the network, " +
		"its linearisation and kernel regression with the analytic NTK; empty: not defined for this run"
	header := []string{"theta", "target", "net", "linear", "kernel"}
	if m.tr == nil {
		return title, header, nil
	}
	net, lin := m.netOnGrid(), m.linearOnGrid()
	at := func(x []float64, k int) float64 {
		if x == nil {
			return math.NaN()
		}
		return x[k]
	}
	rows := make([][]float64, len(m.gridTh))
	for k, th := range m.gridTh {
		rows[k] = []float64{th, at(m.target, k), net[k], at(lin, k), m.kernel[k]}
	}
	return title, header, rows
}

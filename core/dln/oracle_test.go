package dln

import (
	"math"
	"strings"
	"testing"
)

// Spec §1.6, Example A (depth 2): alpha, beta*, nu* (NaN: not given), ||beta*||_1, Q_alpha(beta*) (NaN: not given).
var specATable = []struct {
	alpha       float64
	beta        [3]float64
	nu, l1, qab float64
}{
	{1e-12, [3]float64{1.2599210477e-16, 1.5874010464e-08, 1.9999999894}, math.NaN(), 2.0000000053, math.NaN()},
	{1e-6, [3]float64{1.2598988192e-08, 1.5873450547e-04, 1.9998941728}, math.NaN(), 2.0000529199, math.NaN()},
	{1e-3, [3]float64{1.2576144292e-04, 1.5817940399e-02, 1.9894127859}, 4.8344500236, 2.0053564878, 27.001349638},
	{0.01, [3]float64{2.6882562e-03, 0.0724669378, 1.9507926227}, 3.2928587126, 2.0259478167, 17.731796743},
	{0.1, [3]float64{0.0543856405, 0.3151458004, 1.7717742529}, 1.7257278291, 2.1413056938, 8.2687535453},
	{0.5, [3]float64{0.3103696468, 0.7306070554, 1.4094720808}, 0.5865271558, 2.4504487830, 2.0498176321},
	{1, [3]float64{0.4112134454, 0.8396306428, 1.3031750897}, 0.2041849659, 2.5540191779, 0.62707278796},
	{2, [3]float64{0.4273520649, 0.8559227489, 1.2869341458}, 0.0533936347, 2.5702089596, 0.16044681209},
	{10, [3]float64{0.4285694607, 0.8571408892, 1.2857162536}, 0.0021428457, 2.5714266035, 6.4285542094e-03},
}

// Spec §1.6, Example B (depth 2): alpha, beta*, nu* (NaN: not given), ||beta*||_1.
var specBTable = []struct {
	alpha float64
	beta  [5]float64
	nu    [2]float64
	l1    float64
}{
	{1e-12, [5]float64{2.8106864e-10, 1.9975396953, 4.24e-22, 2.2886542e-04, 2.5747374e-03}, [2]float64{math.NaN(), math.NaN()}, 2.0003432984},
	{1e-6, [5]float64{1.2374597e-05, 1.9296529464, 4.43e-11, 6.5381564e-03, 0.0736161317}, [2]float64{math.NaN(), math.NaN()}, 2.0098196091},
	{1e-3, [5]float64{2.3643898e-03, 1.6633449253, 1.4398717e-05, 0.0302257411, 0.3517535465}, [2]float64{7.7682754536, 10.4402034214}, 2.0477030015},
	{0.01, [5]float64{0.0126687103, 1.4649701926, 1.0175474e-03, 0.0444930524, 0.5562587862}, [2]float64{4.8417825924, 7.1712839764}, 2.0794082890},
	{0.1, [5]float64{0.0712578442, 1.1840105115, 0.0588350654, 0.0783375063, 0.7963231762}, [2]float64{1.9828562794, 3.7827207858}, 2.1887641037},
	{0.5, [5]float64{0.2473947543, 0.9214047817, 0.3521734488, 0.1982091967, 0.8255263678}, [2]float64{0.4765465701, 1.1327706172}, 2.5447085493},
	{1, [5]float64{0.2896250344, 0.8768851455, 0.4210923979, 0.2243804901, 0.8142127016}, [2]float64{0.1443110989, 0.3533319591}, 2.6261957696},
	{2, [5]float64{0.2944648469, 0.8719870958, 0.4288772068, 0.2272921408, 0.8127817678}, [2]float64{0.0367997994, 0.0903838045}, 2.6354030582},
	{10, [5]float64{0.2948076925, 0.8716415681, 0.4294277601, 0.2274977126, 0.8126795280}, [2]float64{0.0014740379, 0.0036211751}, 2.6360542614},
}

// Spec §1.6, depth 3, Example A: alpha, beta*, nu*, ||beta*||_1 (10 printed digits).
var specA3Table = []struct {
	alpha  float64
	beta   [3]float64
	nu, l1 float64
}{
	{0.1, [3]float64{0.0025543196, 0.0171017956, 1.9877473631}, 0.3068230277, 2.0074034783},
	{0.5, [3]float64{0.1634992846, 0.4893639761, 1.6192575877}, 0.1923217436, 2.2721208484},
	{1, [3]float64{0.3933333175, 0.8205542862, 1.3218527034}, 0.0646470084, 2.5357403071},
	{2, [3]float64{0.4278908559, 0.8564617978, 1.2863951828}, 0.0089120330, 2.5707478366},
}

func TestOracleSpecExampleA(t *testing.T) {
	p := specA(t)
	for _, row := range specATable {
		beta, nu, err := OracleDual(p, row.alpha, 2, nil)
		if err != nil {
			t.Fatalf("alpha %g: %v", row.alpha, err)
		}
		// beta* and nu* to 1e-8 absolute (the contract's tolerance; the spec prints 10-11 digits).
		if d := vecDist(beta, row.beta[:]); d > 1e-8 {
			t.Errorf("alpha %g: beta %v, spec §1.6 %v (max diff %.2g)", row.alpha, beta, row.beta, d)
		}
		if !math.IsNaN(row.nu) && math.Abs(nu[0]-row.nu) > 1e-8 {
			t.Errorf("alpha %g: nu %.10f, spec §1.6 %.10f", row.alpha, nu[0], row.nu)
		}
		if l1 := l1Norm(beta); math.Abs(l1-row.l1) > 1e-8 {
			t.Errorf("alpha %g: ||beta||_1 %.10f, spec §1.6 %.10f", row.alpha, l1, row.l1)
		}
		// Q_alpha(beta*) column of spec §1.6, printed to 11 significant digits.
		if !math.IsNaN(row.qab) {
			if q := QAlpha(beta, row.alpha); math.Abs(q-row.qab) > 1e-9*row.qab {
				t.Errorf("alpha %g: Q_alpha(beta*) %.11g, spec §1.6 %.11g", row.alpha, q, row.qab)
			}
		}
	}
}

func TestOracleSpecExampleB(t *testing.T) {
	p := specB(t)
	for _, row := range specBTable {
		beta, nu, err := OracleDual(p, row.alpha, 2, nil)
		if err != nil {
			t.Fatalf("alpha %g: %v", row.alpha, err)
		}
		// beta* and nu* to 1e-8 absolute (spec §1.6 table, 8-11 printed digits).
		if d := vecDist(beta, row.beta[:]); d > 1e-8 {
			t.Errorf("alpha %g: beta %v, spec §1.6 %v (max diff %.2g)", row.alpha, beta, row.beta, d)
		}
		if !math.IsNaN(row.nu[0]) {
			if d := vecDist(nu, row.nu[:]); d > 1e-8 {
				t.Errorf("alpha %g: nu %v, spec §1.6 %v", row.alpha, nu, row.nu)
			}
		}
		if l1 := l1Norm(beta); math.Abs(l1-row.l1) > 1e-8 {
			t.Errorf("alpha %g: ||beta||_1 %.10f, spec §1.6 %.10f", row.alpha, l1, row.l1)
		}
	}
}

func TestOracleDepth3SpecExampleA(t *testing.T) {
	p := specA(t)
	for _, row := range specA3Table {
		beta, nu, err := OracleDual(p, row.alpha, 3, nil)
		if err != nil {
			t.Fatalf("alpha %g: %v", row.alpha, err)
		}
		// The contract asks 1e-6 at depth 3; the spec prints 10 decimals and its flow agreed to
		// 2.2e-13 (spec §1.6), so 1e-9 is checked.
		if d := vecDist(beta, row.beta[:]); d > 1e-9 {
			t.Errorf("depth 3, alpha %g: beta %v, spec §1.6 %v (max diff %.2g)", row.alpha, beta, row.beta, d)
		}
		if math.Abs(nu[0]-row.nu) > 1e-9 {
			t.Errorf("depth 3, alpha %g: nu %.10f, spec §1.6 %.10f", row.alpha, nu[0], row.nu)
		}
		if l1 := l1Norm(beta); math.Abs(l1-row.l1) > 1e-9 {
			t.Errorf("depth 3, alpha %g: ||beta||_1 %.10f, spec §1.6 %.10f", row.alpha, l1, row.l1)
		}
	}
	// Spec §1.6 remark: depth 3 at alpha = 0.1 is closer to L1 than depth 2 at alpha = 0.01
	// (||beta||_1 2.0074034783 < 2.0259478167).
	b3, _ := Oracle(p, 0.1, 3)
	b2, _ := Oracle(p, 0.01, 2)
	if !(l1Norm(b3) < l1Norm(b2)) {
		t.Errorf("depth 3 at 0.1 (%g) not sparser than depth 2 at 0.01 (%g)", l1Norm(b3), l1Norm(b2))
	}
}

// KKT conditions of spec §1.3 on a larger problem: X beta = y and beta = 2 alpha^2 sinh(X^T nu)
// (depth 2), beta = alpha^D h_D(X^T nu) with |X^T nu| < 1 (depth D), over the supported alphas.
func TestOracleKKTOnSparseTeacher(t *testing.T) {
	p, err := SparseTeacher(20, 100, 3, 0.1, 3)
	if err != nil {
		t.Fatal(err)
	}
	for D := 2; D <= MaxDepth; D++ {
		for _, alpha := range []float64{MinAlphaDepth(D), 1e-3, 0.03, 1, 100} {
			if alpha < MinAlphaDepth(D) {
				continue
			}
			beta, nu, err := OracleDual(p, alpha, D, nil)
			if err != nil {
				t.Errorf("depth %d alpha %g: %v", D, alpha, err)
				continue
			}
			// 1e-8 max(1, max|y|) is the oracle's own acceptance floor (oracle.go).
			if r := p.Residual(beta); r > 1e-8*math.Max(1, maxAbs(p.Y)) {
				t.Errorf("depth %d alpha %g: residual %g", D, alpha, r)
			}
			z := p.MulXT(nil, nu)
			worst := 0.0
			for i, zi := range z {
				var want float64
				if D == 2 {
					want = 2 * alpha * alpha * math.Sinh(zi)
				} else {
					if math.Abs(zi) >= 1 {
						t.Fatalf("depth %d alpha %g: |X^T nu|_%d = %g >= 1", D, alpha, i, zi)
					}
					// h_D(z) = (1-z)^e - (1+z)^e, e = -D/(D-2), written as a difference of
					// expm1 terms so that small z (large alpha) does not cancel.
					e := -float64(D) / float64(D-2)
					want = math.Pow(alpha, float64(D)) * (math.Expm1(e*math.Log1p(-zi)) - math.Expm1(e*math.Log1p(zi)))
				}
				worst = math.Max(worst, math.Abs(beta[i]-want)/math.Max(1, math.Abs(want)))
			}
			if worst > 1e-9 {
				t.Errorf("depth %d alpha %g: beta is not the link of X^T nu (rel. diff %g)", D, alpha, worst)
			}
		}
	}
}

// Spec §1.4: Q_alpha = ||beta||^2/(4 alpha^2) + O(alpha^-6), so beta* -> min-L2 with a gap
// shrinking like alpha^-4 (the sinh correction (beta/alpha^2)^2 relative).
func TestOracleKernelLimit(t *testing.T) {
	for _, p := range []*Problem{specA(t), specB(t)} {
		l2 := MinL2(p)
		b10, _ := Oracle(p, 10, 2)
		b100, _ := Oracle(p, 100, 2)
		g10, g100 := vecDist(b10, l2), vecDist(b100, l2)
		// Spec §1.6: alpha = 10 is within 2.0e-6 (A) and 5.5e-7 (B) of min-L2.
		if g10 > 3e-6 {
			t.Errorf("alpha 10: %g from min-L2", g10)
		}
		if r := g10 / g100; r < 0.9e4 || r > 1.1e4 {
			t.Errorf("gap ratio alpha 10 / alpha 100 = %g, want about 1e4 (alpha^-4)", r)
		}
	}
}

// Spec §1.4 and §1.8.6: as alpha -> 0, ||beta*||_1 decreases towards min ||beta||_1 = 2
// (Example B; min-L1 (0, 2, 0, 0, 0)), slowly: still 3.4e-4 away at alpha = 1e-12 (spec §1.6).
func TestOracleRichLimit(t *testing.T) {
	p := specB(t)
	prev := math.Inf(1)
	for _, alpha := range []float64{100, 10, 1, 0.1, 1e-2, 1e-3, 1e-6, 1e-9, 1e-12, 1e-20, 1e-50} {
		beta, err := Oracle(p, alpha, 2)
		if err != nil {
			t.Fatalf("alpha %g: %v", alpha, err)
		}
		l1 := l1Norm(beta)
		if !(l1 < prev) || l1 < 2-1e-12 {
			t.Errorf("alpha %g: ||beta||_1 = %.15f, previous %.15f: not decreasing towards 2", alpha, l1, prev)
		}
		prev = l1
	}
	// Where 2 alpha^2 underflows (spec §1.8.5) the oracle still lands on min-L1, to rounding.
	for _, alpha := range []float64{1e-100, 1e-200} {
		beta, err := Oracle(p, alpha, 2)
		if err != nil {
			t.Fatalf("alpha %g: %v", alpha, err)
		}
		if d := vecDist(beta, []float64{0, 2, 0, 0, 0}); d > 1e-13 {
			t.Errorf("alpha %g: beta %v, min-L1 (0, 2, 0, 0, 0) (spec §1.6)", alpha, beta)
		}
	}
}

// Spec §1.8.5: for alpha <= 1e-150, 2 alpha^2 underflows; the oracle carries ln(2 alpha^2).
func TestOracleUnderflowingAlpha(t *testing.T) {
	p := specA(t)
	for _, alpha := range []float64{1e-150, 1e-200} {
		beta, err := Oracle(p, alpha, 2)
		if err != nil {
			t.Fatalf("alpha %g: %v", alpha, err)
		}
		if !allFinite(beta) || p.Residual(beta) > 1e-12 {
			t.Fatalf("alpha %g: beta %v", alpha, beta)
		}
		// The limit is min-L1 (0, 0, 2) up to the logarithmic gap (spec §1.4).
		if d := vecDist(beta, []float64{0, 0, 2}); d > 1e-3 {
			t.Errorf("alpha %g: beta %v, far from (0, 0, 2)", alpha, beta)
		}
		if q := QAlpha(beta, alpha); math.IsNaN(q) || math.IsInf(q, 0) || q <= 0 {
			t.Errorf("alpha %g: Q_alpha %g", alpha, q)
		}
	}
}

func TestOracleWarmStartAndErrors(t *testing.T) {
	p := specB(t)
	_, nu, _ := OracleDual(p, 0.1, 2, nil)
	warm, _, err := OracleDual(p, 0.09, 2, nu)
	cold, _ := Oracle(p, 0.09, 2)
	if err != nil || vecDist(warm, cold) > 1e-12 {
		t.Errorf("warm start: %v, differs by %g", err, vecDist(warm, cold))
	}
	for _, alpha := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if _, err := Oracle(p, alpha, 2); err == nil || !strings.Contains(err.Error(), "alpha") {
			t.Errorf("alpha %g: got %v", alpha, err)
		}
	}
	if _, err := Oracle(p, 0.1, 1); err == nil {
		t.Error("depth 1 accepted")
	}
	// Below MinAlphaDepth the depth-6 limit cannot be resolved: an error in words, never NaN.
	if b, err := Oracle(specA(t), 1e-4, 6); err == nil {
		if !allFinite(b) {
			t.Errorf("depth 6, alpha 1e-4: non-finite beta %v", b)
		}
	} else if !strings.Contains(err.Error(), "double precision") {
		t.Errorf("depth 6, alpha 1e-4: %v", err)
	}
}

// §1.5 last sentence / §1.7: with one alpha per coordinate. Equal alphas give Oracle; the GR
// rows of §1.7a satisfy beta_inf = argmin Σ a_i^2 q(beta_i / a_i^2), a = alpha_eff (the spec
// checked 1.1e-14 with full-precision alpha_eff; printed to 8 digits, they fix beta to ~1e-7).
func TestOracleEff(t *testing.T) {
	p := specA(t)
	b1, _ := Oracle(p, 0.5, 2)
	b2, err := OracleEff(p, []float64{0.5, 0.5, 0.5})
	if err != nil || vecDist(b1, b2) > 1e-14 {
		t.Errorf("uniform alphaEff: %v, differs by %g", err, vecDist(b1, b2))
	}
	for _, row := range specGRTable[1:] {
		b, err := OracleEff(p, row.alphaEff[:])
		if err != nil {
			t.Fatal(err)
		}
		if d := vecDist(b, row.beta[:]); d > 1e-7 {
			t.Errorf("gamma %g: OracleEff(alpha_eff) = %v, spec §1.7a beta_inf %v (diff %.2g)", row.gamma, b, row.beta, d)
		}
	}
	if _, err := OracleEff(p, []float64{0.5, 0, 0.5}); err == nil {
		t.Error("zero alphaEff accepted")
	}
}

// q(z) of spec §1.3: q(0) = 0, q'(z) = asinh(z/2), the series of §1.4 at both ends, and
// QAlpha = alpha^2 Σ q(beta_i/alpha^2).
func TestQShapeAndQAlpha(t *testing.T) {
	if QShape(0) != 0 {
		t.Error("q(0) != 0")
	}
	// q = z^2/4 - z^4/192 + z^6/2560 - ... (spec §1.4 gives two terms; the third integrates the
	// 3u^5/1280 term of asinh(u/2)).
	for _, z := range []float64{1e-3, 0.01, 0.1} {
		z6 := z * z * z * z * z * z
		if d := QShape(z) - (z*z/4 - z*z*z*z/192); math.Abs(d-z6/2560) > 0.01*z6/2560+1e-15*z*z {
			t.Errorf("q(%g) off its series by %g, want about z^6/2560 = %g", z, d, z6/2560)
		}
	}
	for _, z := range []float64{1e4, 1e6} { // q = |z| ln|z| - |z| + 2 - 1/|z| + O(ln z / z^3)
		want := z*math.Log(z) - z + 2 - 1/z
		if d := QShape(z) - want; math.Abs(d) > 1e-9*z {
			t.Errorf("q(%g) = %g off its series %g", z, QShape(z), want)
		}
	}
	for _, z := range []float64{-3, -0.5, 0.2, 1, 7} {
		h := 1e-5
		fd := (QShape(z+h) - QShape(z-h)) / (2 * h)
		if math.Abs(fd-math.Asinh(z/2)) > 1e-9 {
			t.Errorf("q'(%g) = %g, want asinh(z/2) = %g", z, fd, math.Asinh(z/2))
		}
		if QShape(-z) != QShape(z) {
			t.Errorf("q not even at %g", z)
		}
	}
	beta := []float64{0.3, -1.2, 2}
	for _, alpha := range []float64{0.05, 0.5, 3} {
		a2 := alpha * alpha
		want := 0.0
		for _, b := range beta {
			want += a2 * QShape(b/a2)
		}
		if got := QAlpha(beta, alpha); math.Abs(got-want) > 1e-12*math.Max(1, want) {
			t.Errorf("QAlpha(alpha %g) = %.15g, want %.15g", alpha, got, want)
		}
	}
}

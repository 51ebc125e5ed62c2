package ntk

import (
	"math"
	"testing"
)

// The inputs of spec §1.5: n0 = 3, ||x||^2 = n0 and x.x'/n0 = 0.5.
var (
	specX  = []float64{math.Sqrt(3), 0, 0}
	specXp = []float64{math.Sqrt(3) / 2, 1.5, 0}
)

func TestSpecTable(t *testing.T) {
	// Spec §1.5 table (12 significant digits there, computed by the spec author's own scratch
	// program): Theta(x,x'), Theta(x,x), NNGP(x,x') for two (sigma_w^2, sigma_b^2) and L = 1..4.
	// Tolerance 1e-10 absolute: the table is rounded at 5e-13.
	tests := []struct {
		w2, b2           float64
		L                int
		ntkXY, ntkXX, nn float64
	}{
		{2, 0, 1, 1.000000000000, 2, 1.000000000000},
		{2, 0, 2, 1.884662228755, 4, 1.217995562088},
		{2, 0, 3, 2.702959122247, 6, 1.367811301797},
		{2, 0, 4, 3.475689358431, 8, 1.476256384602},
		{1.5, 0.1, 1, 0.850000000000, 1.6, 0.850000000000},
		{1.5, 0.1, 2, 1.288416154531, 2.5, 0.856014243832},
		{1.5, 0.1, 3, 1.505713519996, 2.95, 0.801468039415},
		{1.5, 0.1, 4, 1.599649981929, 3.11875, 0.732569137810},
	}
	worst := 0.0
	defer func() { t.Logf("largest difference from the spec's table: %.2g", worst) }()
	for _, tc := range tests {
		a := Arch{Depth: tc.L, SigmaW2: tc.w2, SigmaB2: tc.b2}
		if err := a.Check(); err != nil {
			t.Fatal(err)
		}
		ntk, nngp := a.Kernels(specX, specXp)
		diag, _ := a.Kernels(specX, specX)
		worst = math.Max(worst, math.Max(math.Abs(ntk-tc.ntkXY), math.Max(math.Abs(diag-tc.ntkXX), math.Abs(nngp-tc.nn))))
		if math.Abs(ntk-tc.ntkXY) > 1e-10 || math.Abs(diag-tc.ntkXX) > 1e-10 || math.Abs(nngp-tc.nn) > 1e-10 {
			t.Errorf("%+v: Theta(x,x') = %.13g, Theta(x,x) = %.13g, NNGP(x,x') = %.13g; spec: %.13g, %.13g, %.13g",
				a, ntk, diag, nngp, tc.ntkXY, tc.ntkXX, tc.nn)
		}
	}
}

// circle returns the point sqrt(n0) (cos th, sin th, 0, ...) of dimension n0, so that
// ||x||^2 = n0 and the normalised inner product of two such points is cos(th1 - th2).
func circle(th float64, n0 int) []float64 {
	x := make([]float64, n0)
	r := math.Sqrt(float64(n0))
	x[0], x[1] = r*math.Cos(th), r*math.Sin(th)
	return x
}

func TestDiagonalIs2L(t *testing.T) {
	// Spec §1.2: with sigma_w^2 = 2 and sigma_b = 0, Theta(x,x) = 2L for ||x||^2 = n0. Each
	// layer has Sigma^l(x,x) = 2 and dSigma^l(x,x) = 1, so the sum form gives L terms of 2.
	// The arithmetic is a few multiplications by 1 and 2, so 1e-14 relative.
	for L := 1; L <= MaxDepth; L++ {
		a := Arch{Depth: L, SigmaW2: 2}
		for _, th := range []float64{0, 0.3, 2, -1.7} {
			for _, n0 := range []int{2, 5} {
				x := circle(th, n0)
				ntk, nngp := a.Kernels(x, x)
				if math.Abs(ntk-float64(2*L)) > 1e-14*float64(2*L) || math.Abs(nngp-2) > 1e-14 {
					t.Errorf("L = %d, n0 = %d: Theta(x,x) = %.17g, NNGP = %.17g; want %d and 2", L, n0, ntk, nngp, 2*L)
				}
			}
		}
	}
}

func TestHomogeneity(t *testing.T) {
	// Inputs of any norm: without bias a ReLU network is positively homogeneous, so Sigma^1 and
	// every Sigma^l scale with the norm of x while the angles, hence the dSigma^l, do not; thus
	// Theta(c x, y) = c Theta(x, y) and NNGP(c x, y) = c NNGP(x, y) for c > 0 (1e-14 relative).
	x, y := []float64{0.3, -2, 1.1, 0.5}, []float64{-1, 0.4, 2, 0.2}
	for L := 1; L <= 5; L++ {
		a := Arch{Depth: L, SigmaW2: 1.7}
		k, g := a.Kernels(x, y)
		for _, c := range []float64{1e-3, 0.5, 3, 1e4} {
			cx := make([]float64, len(x))
			for i, v := range x {
				cx[i] = c * v
			}
			kc, gc := a.Kernels(cx, y)
			if math.Abs(kc-c*k) > 1e-14*math.Abs(c*k) || math.Abs(gc-c*g) > 1e-14*math.Abs(c*g) {
				t.Errorf("L = %d, c = %g: Theta %.17g vs c Theta %.17g, NNGP %.17g vs %.17g", L, c, kc, c*k, gc, c*g)
			}
		}
	}
}

func TestOneHiddenLayerFormula(t *testing.T) {
	// Spec §1.2: for L = 2, sigma_w^2 = 2, sigma_b = 0 and unit-norm-scaled inputs at cosine t,
	// Theta(t) = (2/pi)(2t(pi - arccos t) + sqrt(1 - t^2)). Different arithmetic from the
	// recursion (t enters through arccos directly), so agreement to 1e-13 absolute.
	a := Arch{Depth: 2, SigmaW2: 2}
	x := circle(0, 3)
	for _, ang := range []float64{0, 1e-9, 0.1, 0.5, 1, math.Pi / 3, 1.5, 2, 2.5, 3, math.Pi - 1e-9, math.Pi} {
		tc := math.Cos(ang)
		want := 2 / math.Pi * (2*tc*(math.Pi-math.Acos(tc)) + math.Sqrt(1-tc*tc))
		got, _ := a.Kernels(x, circle(ang, 3))
		if math.Abs(got-want) > 1e-13 {
			t.Errorf("angle %g: Theta = %.17g, formula %.17g", ang, got, want)
		}
	}
}

func TestArccosLimits(t *testing.T) {
	// Spec §1.6.5: x = y and x = -y must give the limits, not NaN.
	// For x = y the limits are 2L and 2 (spec §1.2, sigma_w^2 = 2, sigma_b = 0).
	// For x = -y, by hand from the recursion of §1.2 (th = pi at the first ReLU layer):
	//   L = 1: Theta = Sigma^1 = -2;
	//   L = 2: Sigma^2 = 0, dSigma^2 = 0, so Theta = 0 (also the one-hidden-layer formula at t = -1);
	//   L = 3: Sigma^2(x,-x) = 0 against Sigma^2(x,x) = 2 gives th = pi/2 at the second layer:
	//          Sigma^3 = 2 * 2 (1 + 0)/(2 pi) = 2/pi, dSigma^3 = 2 (pi/2)/(2 pi) = 1/2,
	//          Theta = 0 * 1/2 + 2/pi = 2/pi.
	// 1e-14 absolute.
	x := []float64{0.3, -1.2, 2.0, 0.1}
	n0 := float64(len(x))
	norm2 := 0.0
	for _, v := range x {
		norm2 += v * v
	}
	scale := math.Sqrt(n0 / norm2)
	for i := range x {
		x[i] *= scale // ||x||^2 = n0
	}
	neg := make([]float64, len(x))
	for i, v := range x {
		neg[i] = -v
	}
	for L := 1; L <= 4; L++ {
		a := Arch{Depth: L, SigmaW2: 2}
		ntk, nngp := a.Kernels(x, x)
		if math.Abs(ntk-float64(2*L)) > 1e-13 || math.Abs(nngp-2) > 1e-14 {
			t.Errorf("L = %d, x = y: Theta = %.17g, NNGP = %.17g; want %d and 2", L, ntk, nngp, 2*L)
		}
	}
	for _, tc := range []struct {
		L    int
		want float64
	}{{1, -2}, {2, 0}, {3, 2 / math.Pi}} {
		ntk, _ := Arch{Depth: tc.L, SigmaW2: 2}.Kernels(x, neg)
		if math.Abs(ntk-tc.want) > 1e-14 {
			t.Errorf("L = %d, x = -y: Theta = %.17g, want %.17g", tc.L, ntk, tc.want)
		}
	}
	// With bias and an unnormalised input whose dot products round: finite and continuous.
	// The kernel at angle 1e-7 from x differs from the limit by O(1e-7) (the arc-cosine
	// kernel of degree 0 has a square-root cusp in rho, i.e. is linear in the angle).
	a := Arch{Depth: 4, SigmaW2: 1.5, SigmaB2: 0.1}
	y := []float64{0.1 / 3, 0.7 / 3, 1.3 / 3}
	for _, pair := range [][2][]float64{{y, y}, {y, {-y[0], -y[1], -y[2]}}} {
		ntk, nngp := a.Kernels(pair[0], pair[1])
		if math.IsNaN(ntk) || math.IsNaN(nngp) || math.IsInf(ntk, 0) {
			t.Errorf("%v, %v: Theta = %g, NNGP = %g", pair[0], pair[1], ntk, nngp)
		}
	}
	for _, sign := range []float64{1, -1} {
		exact, _ := a.Kernels(circle(0, 3), circle(0, 3))
		near, _ := a.Kernels(circle(0, 3), circle(1e-7, 3))
		if sign < 0 {
			exact, _ = a.Kernels(circle(0, 3), circle(math.Pi, 3))
			near, _ = a.Kernels(circle(0, 3), circle(math.Pi-1e-7, 3))
		}
		if math.Abs(exact-near) > 1e-6 {
			t.Errorf("sign %g: kernel at the limit %.17g, 1e-7 away %.17g", sign, exact, near)
		}
	}
	// The zero input without bias: every pre-activation is 0 and relu'(0) = 0.
	z := []float64{0, 0, 0}
	for L := 1; L <= 3; L++ {
		ntk, nngp := Arch{Depth: L, SigmaW2: 2}.Kernels(z, circle(0.4, 3))
		if ntk != 0 || nngp != 0 {
			t.Errorf("L = %d, zero input: Theta = %g, NNGP = %g; want 0, 0", L, ntk, nngp)
		}
	}
}

func TestLayerKernelsSum(t *testing.T) {
	// The sum form Theta^L = sum_l Q_l B_l (spec §1.2) against the recursion in Kernels:
	// the same products in another order, 1e-14 relative. Also Q[L-1] is the NNGP.
	for _, a := range []Arch{{4, 2, 0}, {4, 1.5, 0.1}, {1, 1, 1}, {7, 2.5, 0.3}} {
		for _, pair := range [][2][]float64{
			{specX, specXp}, {circle(0.2, 4), circle(2.9, 4)}, {{1, 2}, {-3, 0.5}}, {specX, specX},
		} {
			ntk, nngp := a.Kernels(pair[0], pair[1])
			Q, B := a.LayerKernels(pair[0], pair[1])
			if len(Q) != a.Depth || len(B) != a.Depth || B[a.Depth-1] != 1 {
				t.Fatalf("%+v: len(Q) = %d, len(B) = %d, B[L-1] = %g", a, len(Q), len(B), B[len(B)-1])
			}
			s := 0.0
			for l := range Q {
				s += Q[l] * B[l]
			}
			if math.Abs(s-ntk) > 1e-14*math.Abs(ntk) || Q[a.Depth-1] != nngp {
				t.Errorf("%+v: sum Q B = %.17g, Theta = %.17g; Q[L-1] = %.17g, NNGP = %.17g", a, s, ntk, Q[a.Depth-1], nngp)
			}
		}
	}
	// Spec §1.2 at the inputs of §1.5, sigma_w^2 = 2, sigma_b = 0, L = 2: Q = (1, NNGP of L = 2)
	// and B = (dSigma^2, 1) with dSigma^2 = 2 (pi - pi/3)/(2 pi) = 2/3.
	Q, B := Arch{Depth: 2, SigmaW2: 2}.LayerKernels(specX, specXp)
	if math.Abs(Q[0]-1) > 1e-15 || math.Abs(Q[1]-1.217995562088) > 1e-10 || math.Abs(B[0]-2.0/3) > 1e-15 {
		t.Errorf("Q = %v, B = %v", Q, B)
	}
}

func TestGram(t *testing.T) {
	// Gram entries against Kernels one pair at a time (same arithmetic after the norms are
	// hoisted: 1e-15 relative), and the symmetry of the NTK Gram of a set with itself.
	a := Arch{Depth: 3, SigmaW2: 2, SigmaB2: 0.05}
	X := [][]float64{circle(0, 3), circle(1, 3), {0.5, -1, 2}, {0, 0, 1e-3}}
	Y := [][]float64{circle(2, 3), {3, 1, -1}}
	K, G := a.Gram(X, Y)
	for i := range X {
		for j := range Y {
			k, g := a.Kernels(X[i], Y[j])
			if math.Abs(K[i][j]-k) > 1e-15*math.Abs(k) || math.Abs(G[i][j]-g) > 1e-15*math.Abs(g) {
				t.Errorf("(%d, %d): Gram %g %g, Kernels %g %g", i, j, K[i][j], G[i][j], k, g)
			}
		}
	}
	// LayerGram: sum_l Q[l] ∘ B[l] is the NTK Gram (1e-14 relative, as in TestLayerKernelsSum)
	// and Q[L-1] the NNGP Gram.
	Ql, Bl := a.LayerGram(X, Y)
	for i := range X {
		for j := range Y {
			s := 0.0
			for l := range Ql {
				s += Ql[l][i][j] * Bl[l][i][j]
			}
			if math.Abs(s-K[i][j]) > 1e-14*math.Abs(K[i][j]) || Ql[a.Depth-1][i][j] != G[i][j] {
				t.Errorf("(%d, %d): LayerGram sums to %g (NNGP %g), Gram %g (%g)", i, j, s, Ql[a.Depth-1][i][j], K[i][j], G[i][j])
			}
		}
	}
	// Gram(X, X) mirrors its upper triangle; a copy of X takes the general path, and the two
	// must agree exactly (the recursion is symmetric in its arguments).
	S, SG := a.Gram(X, X)
	C, CG := a.Gram(X, append([][]float64(nil), X...))
	for i := range X {
		for j := range X {
			if S[i][j] != C[i][j] || SG[i][j] != CG[i][j] || C[i][j] != C[j][i] {
				t.Errorf("Gram(X, X) at (%d, %d): %g (mirrored) vs %g, %g (computed)", i, j, S[i][j], C[i][j], C[j][i])
			}
		}
	}
}

func TestCheck(t *testing.T) {
	good := Arch{Depth: 3, SigmaW2: 2}
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
	for _, a := range []Arch{
		{0, 2, 0}, {MaxDepth + 1, 2, 0}, {3, 0, 0}, {3, -1, 0}, {3, math.NaN(), 0}, {3, math.Inf(1), 0},
		{3, 2, -0.1}, {3, 2, math.NaN()}, {3, 2, math.Inf(1)},
	} {
		err := a.Check()
		if err == nil {
			t.Errorf("%+v: Check accepted it", a)
			continue
		}
		t.Logf("%+v: %v", a, err)
	}
}

// BenchmarkGram64 is the 64 x 64 NTK and NNGP Gram matrices of points on the circle, L = 3.
func BenchmarkGram64(b *testing.B) {
	X := make([][]float64, 64)
	for i := range X {
		X[i] = circle(2*math.Pi*float64(i)/64, 2)
	}
	a := Arch{Depth: 3, SigmaW2: 2, SigmaB2: 0.1}
	for b.Loop() {
		a.Gram(X, X)
	}
}

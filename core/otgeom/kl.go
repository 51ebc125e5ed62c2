package otgeom

import "math"

// KL is the generalised Kullback-Leibler divergence of positive measures,
//
//	KL(P || Q) = sum P ln(P/Q) - P + Q,
//
// which is >= 0 and zero only at P = Q even when the masses differ (spec §2.3). Entries with
// P = 0 contribute Q. It is +Inf if some Q is 0 where P is not.
func KL(P, Q []float64) float64 {
	t := 0.0
	for k, p := range P {
		q := Q[k]
		if p == 0 {
			t += q
			continue
		}
		t += p*math.Log(p/q) - p + q
	}
	return t
}

// KLLog is KL(P || Q) from the logarithms of the entries, so that entries far below the
// smallest double still count correctly (spec §2.12.7): each term is
// exp(lp) (lp - lq) - exp(lp) + exp(lq), and a term whose lp is -Inf is exp(lq).
func KLLog(lp, lq []float64) float64 {
	t := 0.0
	for k, a := range lp {
		b := lq[k]
		if math.IsInf(a, -1) {
			t += math.Exp(b)
			continue
		}
		ea, eb := math.Exp(a), math.Exp(b)
		// exp(a) (a - b) - exp(a) + exp(b) = exp(a) (a - b - 1 + exp(b - a)); the second form
		// keeps its accuracy when the two are close (the bracket is then about (a-b)^2/2).
		d := b - a
		if math.Abs(d) < 0.5 {
			t += ea * (math.Expm1(d) - d)
		} else {
			t += ea*(a-b) - ea + eb
		}
	}
	return t
}

// KLDiffLog is KL(P || Q) - KL(R || Q) from logarithms, without the exp(ln Q) terms, which
// cancel: when Q overflows (P_0 = K for a negative cost at small lambda, entries like
// exp(1000)) both divergences are +Inf but their difference, which the Pythagorean relation
// needs, is finite. Entries with -Inf logarithms contribute nothing.
func KLDiffLog(lp, lr, lq []float64) float64 {
	t := 0.0
	for k, b := range lq {
		for _, x := range []struct {
			l    float64
			sign float64
		}{{lp[k], 1}, {lr[k], -1}} {
			if math.IsInf(x.l, -1) {
				continue
			}
			e := math.Exp(x.l)
			t += x.sign * (e*(x.l-b) - e)
		}
	}
	return t
}

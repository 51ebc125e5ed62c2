package otgeomview

import (
	"solvable/core/otgeom"
)

// fixture runs core/otgeom for a number of projections and fills a View the way the
// simulator does. It is a picture generator for these tests.
func fixture(pr otgeom.Problem, cam otgeom.Camera, steps int) View {
	r, err := otgeom.NewRun(pr)
	if err != nil {
		return View{Error: err.Error()}
	}
	var tr otgeom.Trace
	tr.Reset(r.LogPlan())
	converged := false
	for k := 0; k < steps && !converged; k++ {
		r.Step()
		tr.Add(r.LogPlan(), r.LastProjection())
		converged = r.LastProjection() == 2 && r.MarginalError() < 1e-12
	}
	v := View{P1: pr.P1, Q1: pr.Q1, C: pr.C, Lambda: pr.Lambda, Camera: cam, Tol: 1e-12}
	v.RowPlane, v.ColPlane = otgeom.RowPlane(pr.P1), otgeom.ColPlane(pr.Q1)
	lo, hi := pr.Segment()
	v.SegLo, v.SegHi = otgeom.Embed(lo), otgeom.Embed(hi)
	_, v.MeshRows, v.MeshCols = pr.EKMesh(7, 48)
	for k := range tr.HeadKinds {
		v.Arcs = append(v.Arcs, Arc{Kind: Projection(tr.HeadKinds[k]), Points: otgeom.EGeodesic(tr.Head[k], tr.Head[k+1], 24)})
	}
	if len(tr.Trail) > 0 {
		v.Trail = append(append([]otgeom.Vec3(nil), tr.Trail...), otgeom.Embed(r.Normalised()))
	}
	v.Start = otgeom.Embed(otgeom.Normalise(pr.LogKernel()))
	v.Current = otgeom.Embed(r.Normalised())
	v.Optimal = otgeom.Embed(r.Optimal())
	v.LP = otgeom.Embed(pr.LPPlan())
	v.Independent = otgeom.Embed(pr.Independent())
	v.Plan = r.Plan()
	v.Projections = r.Projections()
	v.Last = Projection(r.LastProjection())
	s, ok := r.Last()
	v.HasStep = ok
	v.Before, v.After, v.Move, v.Gap = s.Before, s.After, s.Move, s.Gap
	v.MaxGap, v.KLToOptimum = r.MaxGap(), r.KLToOptimum()
	v.MarginalError = r.MarginalError()
	v.Converged = converged
	return v
}

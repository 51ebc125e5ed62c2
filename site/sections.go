package site

// Section is one titled part of a model page's explanation; the table of contents and the
// headings both come from this list, so they cannot drift apart.
type Section struct {
	ID    string
	Title string
}

// sinkhornSections lists the sections of the Sinkhorn explanation, in page order.
func sinkhornSections() []Section {
	return []Section{
		{ID: "s-plan", Title: "A transport plan"},
		{ID: "s-entropy", Title: "Blurring the plan with entropy"},
		{ID: "s-shape", Title: "The shape of the answer"},
		{ID: "s-eproj", Title: "e-projections: the nearest plan with the right rows"},
		{ID: "s-converge", Title: "Why alternating converges"},
		{ID: "s-picture", Title: "What the picture shows"},
		{ID: "s-try", Title: "Things to try"},
		{ID: "s-debias", Title: "Debiasing: the Sinkhorn divergence"},
		{ID: "s-log", Title: "Small λ: the log-stabilised path"},
		{ID: "s-refs", Title: "References"},
	}
}

// dlnSections lists the sections of the diagonal-linear-network explanation, in page order.
func dlnSections() []Section {
	return []Section{
		{ID: "d-many", Title: "Many perfect fits"},
		{ID: "d-model", Title: "A diagonal linear network"},
		{ID: "d-regimes", Title: "Lazy and rich"},
		{ID: "d-between", Title: "In between: the implicit regulariser"},
		{ID: "d-why", Title: "Why the flow ends there"},
		{ID: "d-limits", Title: "How fast the two limits arrive"},
		{ID: "d-depth", Title: "Deeper networks"},
		{ID: "d-alpha-eff", Title: "What lowers the effective α"},
		{ID: "d-picture", Title: "What the picture shows"},
		{ID: "d-try", Title: "Things to try"},
		{ID: "d-refs", Title: "References"},
	}
}

// sectionTitle is the heading of the Sinkhorn section with the given id. An unknown id panics
// at render time, which the tests catch, rather than printing an empty heading.
func sectionTitle(id string) string { return titleIn(sinkhornSections(), "Sinkhorn", id) }

// dlnTitle is sectionTitle for the diagonal-linear-network page.
func dlnTitle(id string) string { return titleIn(dlnSections(), "DLN", id) }

func titleIn(sections []Section, page, id string) string {
	for _, s := range sections {
		if s.ID == id {
			return s.Title
		}
	}
	panic("site: no " + page + " section " + id)
}

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

// sectionTitle is the heading of the Sinkhorn section with the given id. An unknown id panics
// at render time, which the tests catch, rather than printing an empty heading.
func sectionTitle(id string) string {
	for _, s := range sinkhornSections() {
		if s.ID == id {
			return s.Title
		}
	}
	panic("site: no Sinkhorn section " + id)
}

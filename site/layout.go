package site

import "github.com/a-h/templ"

// pageTitle puts the site name after the page's own title, so tabs show what differs first.
func pageTitle(title string) string {
	if title == "" || title == SiteName {
		return SiteName
	}
	return title + " · " + SiteName
}

// currentAttr marks the nav link of the page being shown, for screen readers and the CSS.
func currentAttr(current, name string) templ.Attributes {
	if current == name {
		return templ.Attributes{"aria-current": "page"}
	}
	return templ.Attributes{}
}

// navName is the short name of a model in the header nav; the full titles are too long there.
func navName(m Model) string {
	switch m.Slug {
	case "sinkhorn":
		return "Sinkhorn"
	case "dln":
		return "Diagonal networks"
	case "ntk":
		return "Tangent kernel"
	case "continual":
		return "Continual learning"
	}
	return m.Title
}

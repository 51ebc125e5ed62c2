package main

// The offline file, in the order it is written:
//
//	<head>   the home page's title and description, the icon as a data: URL, and one <style>
//	         with every stylesheet the pages link, then assets/offline.css
//	<body>   #solvable-boot-note: a sentence shown until offline.js runs (it needs JavaScript)
//	         <template data-home>, <template data-model="sinkhorn">, ...: each page's <body>, with
//	           links between pages turned into ?model= links within the file, and the
//	           simulator's <iframe id="sim"> marked data-offline (its src is about:blank)
//	         <template id="solvable-sim-page">: sim.html's body (the loading overlay)
//	         <script type="text/css" id="solvable-sim-css">: sim.html's stylesheets
//	         <script type="text/plain" data-file="...">: wasm_exec.js and each page's scripts
//	         <script type="application/octet-stream;base64" id="solvable-wasm">: gzip -9 of
//	           solvable.wasm, in base64
//	         <script>: assets/offline.js, which shows the page ?model= names, runs that page's
//	           scripts, and gives page.js the hook that builds the simulator's frame
//
// Nothing in it names another file or host: Build fails on a link or resource it cannot keep
// inside the file, so a new page never ships a broken offline copy silently.

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skipPages are built pages the offline file leaves out: sim.html is replaced by the frame
// offline.js builds, embed.html is for other sites' iframes, and bench.html (the kernel
// benchmark, build.sh's copy of assets/bench.html) is a measuring tool, not a page to read.
var skipPages = map[string]bool{"sim.html": true, "embed.html": true, "bench.html": true}

// simdModules are the SIMD kernel builds simd.js chooses from (build.sh's simd_kernels).
var simdModules = []string{"simd-fma.wasm", "simd.wasm"}

// The files Build reads besides the pages and what they link.
const (
	offlineJS  = "assets/offline.js"
	offlineCSS = "assets/offline.css"
	wasmExec   = "wasm_exec.js"
	simdJS     = "assets/simd.js"
	wasmGz     = "solvable.wasm.gz"
	wasmRaw    = "solvable.wasm"
	simPage    = "sim.html"
	homePage   = "index.html"
)

// FooterNote is the sentence added to every page's footer in the offline file.
const FooterNote = "This is the offline copy of Solvable: one file that holds every page and simulator " +
	"and needs no network. Keep it, copy it, open it by double-click."

// BootNote is what the file says when its scripts do not run.
const BootNote = "This is the offline copy of Solvable, and its pages need JavaScript, which did not run. " +
	"Save the file to your computer and open the saved copy by double-click, in Chrome, Edge, Firefox or " +
	"Safari, with JavaScript on."

// page is one site page as the offline file holds it.
type page struct {
	file        string // "sinkhorn.html"
	model       string // the model of its simulator; "" for a page without one
	title       string
	description string
	scripts     []string // the head's script paths, in order
	styles      []string // the head's stylesheet paths
	icon        string   // the head's icon path
	body        *xhtml.Node
}

// key is the attribute that selects the page in the file, and href the link to it.
func (p *page) key() (attr, value string) {
	switch {
	case p.file == homePage:
		return "data-home", ""
	case p.model != "":
		return "data-model", p.model
	}
	return "data-page", strings.TrimSuffix(p.file, ".html")
}

func (p *page) href() string {
	attr, v := p.key()
	switch attr {
	case "data-home":
		return "?"
	case "data-model":
		return "?model=" + url.QueryEscape(v)
	}
	return "?page=" + url.QueryEscape(v)
}

// Build returns the offline file for the built site in fsys.
func Build(fsys fs.FS) ([]byte, error) {
	pages, err := readPages(fsys)
	if err != nil {
		return nil, err
	}
	byFile := map[string]*page{}
	for _, p := range pages {
		byFile[p.file] = p
	}
	for _, p := range pages {
		if err := rewrite(p, byFile); err != nil {
			return nil, fmt.Errorf("%s: %w", p.file, err)
		}
	}
	sim, err := parsePage(fsys, simPage)
	if err != nil {
		return nil, err
	}
	home := byFile[homePage]

	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<!-- Solvable, offline: every page and simulator of the site in one file. Open it in a browser;\n" +
		"     it needs no network. ?model=NAME opens a model's page, with the same parameters as the site. -->\n")
	b.WriteString(`<html lang="en">` + "\n<head>\n")
	b.WriteString(`<meta charset="utf-8">` + "\n")
	b.WriteString(`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n")
	b.WriteString(`<meta name="color-scheme" content="light dark">` + "\n")
	fmt.Fprintf(&b, "<meta name=\"description\" content=\"%s\">\n", html.EscapeString(home.description))
	fmt.Fprintf(&b, "<title>%s</title>\n", html.EscapeString(home.title))
	if home.icon != "" {
		icon, err := dataURL(fsys, home.icon)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "<link rel=\"icon\" href=\"%s\">\n", html.EscapeString(icon))
	}

	var styles []string
	for _, p := range pages {
		styles = appendNew(styles, p.styles...)
	}
	styles = append(styles, offlineCSS)
	css, err := concat(fsys, styles, "</style")
	if err != nil {
		return nil, err
	}
	b.WriteString("<style>\n")
	b.Write(css)
	b.WriteString("</style>\n</head>\n<body>\n")
	// Shown until offline.js runs, which removes it: with JavaScript off, or with the file served
	// by a server whose Content-Security-Policy forbids inline scripts, it is all there is.
	b.WriteString(`<p class="offline-noscript" id="solvable-boot-note">` + html.EscapeString(BootNote) + "</p>\n")

	for _, p := range pages {
		attr, v := p.key()
		fmt.Fprintf(&b, "<template %s=\"%s\" data-file=\"%s\" data-title=\"%s\" data-description=\"%s\" data-scripts=\"%s\">",
			attr, html.EscapeString(v), html.EscapeString(p.file), html.EscapeString(p.title),
			html.EscapeString(p.description), html.EscapeString(strings.Join(p.scripts, " ")))
		if err := renderChildren(&b, p.body); err != nil {
			return nil, err
		}
		b.WriteString("</template>\n")
	}

	// The simulator's document: sim.html's body and stylesheets. Its scripts are replaced by
	// wasm_exec.js and offline.js's loader.
	for _, n := range findAll(sim.body, func(n *xhtml.Node) bool { return n.DataAtom == atom.Script }) {
		n.Parent.RemoveChild(n)
	}
	fmt.Fprintf(&b, "<template id=\"solvable-sim-page\" data-body-class=\"%s\">", html.EscapeString(getAttr(sim.body, "class")))
	if err := renderChildren(&b, sim.body); err != nil {
		return nil, err
	}
	b.WriteString("</template>\n")
	simCSS, err := concat(fsys, sim.styles, "</script", "</style")
	if err != nil {
		return nil, err
	}
	b.WriteString(`<script type="text/css" id="solvable-sim-css">` + "\n")
	b.Write(simCSS)
	b.WriteString("</script>\n")

	scripts := []string{wasmExec, simdJS}
	for _, p := range pages {
		scripts = appendNew(scripts, p.scripts...)
	}
	for _, s := range scripts {
		js, err := readText(fsys, s, "</script", "<!--")
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "<script type=\"text/plain\" data-file=\"%s\">\n", html.EscapeString(s))
		b.Write(js)
		b.WriteString("</script>\n")
	}

	gz, raw, err := readWasm(fsys)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(&b, "<script type=\"application/octet-stream;base64\" id=\"solvable-wasm\" data-gzip-bytes=\"%d\" data-wasm-bytes=\"%d\">", len(gz), raw)
	b.WriteString(base64.StdEncoding.EncodeToString(gz))
	b.WriteString("</script>\n")
	// The SIMD kernel modules (a few KB each), for simd.js in the frame; a build without them
	// leaves the simulator on its Go loops.
	for _, name := range simdModules {
		k, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "<script type=\"application/octet-stream;base64\" class=\"solvable-simd-wasm\" data-file=\"%s\">", html.EscapeString(name))
		b.WriteString(base64.StdEncoding.EncodeToString(k))
		b.WriteString("</script>\n")
	}

	boot, err := readText(fsys, offlineJS, "</script", "<!--")
	if err != nil {
		return nil, err
	}
	b.WriteString("<script>\n")
	b.Write(boot)
	b.WriteString("</script>\n</body>\n</html>\n")
	return b.Bytes(), nil
}

// readPages parses the site's pages: index.html first, then the others in the order its links
// name them, then any it does not link, by name.
func readPages(fsys fs.FS) ([]*page, error) {
	files, err := fs.Glob(fsys, "*.html")
	if err != nil {
		return nil, err
	}
	files = slices.DeleteFunc(files, func(f string) bool { return skipPages[f] })
	sort.Slice(files, func(i, j int) bool {
		if (files[i] == homePage) != (files[j] == homePage) {
			return files[i] == homePage
		}
		return files[i] < files[j]
	})
	if len(files) == 0 || files[0] != homePage {
		return nil, fmt.Errorf("no %s in the built site", homePage)
	}
	var pages []*page
	models := map[string]string{}
	for _, f := range files {
		p, err := parsePage(fsys, f)
		if err != nil {
			return nil, err
		}
		if other, ok := models[p.model]; ok && p.model != "" {
			return nil, fmt.Errorf("%s and %s both show model %q; the offline file can hold one page per model (add one of them to skipPages)", other, f, p.model)
		}
		models[p.model] = f
		pages = append(pages, p)
	}
	// The home page first, then the others in the order the home page links them.
	rank := map[string]int{homePage: -1}
	for _, a := range findAll(pages[0].body, func(n *xhtml.Node) bool { return n.DataAtom == atom.A }) {
		if u, err := url.Parse(getAttr(a, "href")); err == nil && u.Scheme == "" && u.Host == "" {
			if f := path.Clean(u.Path); f != "." {
				if _, seen := rank[f]; !seen {
					rank[f] = len(rank)
				}
			}
		}
	}
	order := func(p *page) int {
		if r, ok := rank[p.file]; ok {
			return r
		}
		return len(rank)
	}
	sort.SliceStable(pages, func(i, j int) bool { return order(pages[i]) < order(pages[j]) })
	return pages, nil
}

// parsePage reads one page: its head's title, description, icon, stylesheets and scripts, its
// body, and the model of its simulator frame, if it has one.
func parsePage(fsys fs.FS, file string) (*page, error) {
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	doc, err := xhtml.Parse(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	p := &page{file: file}
	head := findFirst(doc, func(n *xhtml.Node) bool { return n.DataAtom == atom.Head })
	p.body = findFirst(doc, func(n *xhtml.Node) bool { return n.DataAtom == atom.Body })
	if head == nil || p.body == nil {
		return nil, fmt.Errorf("%s: no head or body", file)
	}
	for n := range head.Descendants() {
		if n.Type != xhtml.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Title:
			p.title = textOf(n)
		case atom.Meta:
			if getAttr(n, "name") == "description" {
				p.description = getAttr(n, "content")
			}
		case atom.Link:
			href := getAttr(n, "href")
			rels := strings.Fields(getAttr(n, "rel"))
			switch {
			case slices.Contains(rels, "stylesheet"):
				if err := local(href); err != nil {
					return nil, fmt.Errorf("%s: stylesheet %w", file, err)
				}
				p.styles = append(p.styles, href)
			case slices.Contains(rels, "icon"):
				if err := local(href); err != nil {
					return nil, fmt.Errorf("%s: icon %w", file, err)
				}
				p.icon = href
			}
		case atom.Script:
			s := getAttr(n, "src")
			if s == "" {
				return nil, fmt.Errorf("%s: an inline script in the head; the site has none, and the offline file would not run it", file)
			}
			if err := local(s); err != nil {
				return nil, fmt.Errorf("%s: script %w", file, err)
			}
			p.scripts = append(p.scripts, s)
		}
	}
	frames := findAll(p.body, func(n *xhtml.Node) bool { return n.DataAtom == atom.Iframe })
	for _, f := range frames {
		if getAttr(f, "id") != "sim" {
			return nil, fmt.Errorf("%s: an iframe other than #sim (src %q); the offline file cannot hold it", file, getAttr(f, "src"))
		}
		u, err := url.Parse(getAttr(f, "src"))
		if err != nil {
			return nil, fmt.Errorf("%s: the simulator frame's src: %w", file, err)
		}
		p.model = u.Query().Get("model")
		if p.model == "" {
			return nil, fmt.Errorf("%s: the simulator frame's src %q names no model", file, u)
		}
	}
	if len(frames) > 1 {
		return nil, fmt.Errorf("%s: %d simulator frames; page.js drives one", file, len(frames))
	}
	return p, nil
}

// resourceAttrs are the attributes that make a browser load something.
var resourceAttrs = map[string]bool{
	"src": true, "srcset": true, "poster": true, "data": true, "action": true, "formaction": true,
	"background": true, "ping": true, "manifest": true, "longdesc": true, "codebase": true,
	"archive": true, "cite": true,
}

var cssURL = regexp.MustCompile(`(?i)url\(|@import`)

// rewrite makes the page's body fit the offline file: links to other pages become ?model=
// links, the simulator frame is marked for offline.js, the footer says what the file is, and
// anything that would load from another file or host is an error.
func rewrite(p *page, byFile map[string]*page) error {
	// What only makes sense on the web (the link that downloads this very file) is marked
	// data-online-only on the site and left out here.
	for _, n := range findAll(p.body, func(n *xhtml.Node) bool { return hasAttr(n, "data-online-only") }) {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
	for n := range p.body.Descendants() {
		if n.Type != xhtml.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Script, atom.Link, atom.Base, atom.Meta:
			return fmt.Errorf("a <%s> in the body; the offline file cannot keep it", n.Data)
		case atom.Style:
			if cssURL.MatchString(textOf(n)) {
				return errors.New("a <style> in the body loads a url() or @import")
			}
		}
		for i := range n.Attr {
			a := &n.Attr[i]
			key := a.Key
			if a.Namespace != "" {
				key = a.Namespace + ":" + a.Key
			}
			switch {
			case key == "href" && (n.DataAtom == atom.A || n.DataAtom == atom.Area):
				h, err := pageLink(a.Val, byFile)
				if err != nil {
					return err
				}
				a.Val = h
			case key == "href" || key == "xlink:href": // SVG <use>, <image>: only within the page
				if !inert(a.Val) {
					return fmt.Errorf("<%s %s=%q> loads another file", n.Data, key, a.Val)
				}
			case key == "action" && n.DataAtom == atom.Form:
				// page.js handles the form's submit; should a submit go through, a GET form
				// replaces the action's query with its fields, so the page's key rides along
				// as a hidden field.
				h, err := pageLink(a.Val, byFile)
				if err != nil {
					return err
				}
				a.Val = h
				if k, v := formKey(h); k != "" && !strings.EqualFold(getAttr(n, "method"), "post") {
					hidden := &xhtml.Node{Type: xhtml.ElementNode, Data: "input", DataAtom: atom.Input,
						Attr: []xhtml.Attribute{{Key: "type", Val: "hidden"}, {Key: "name", Val: k}, {Key: "value", Val: v}}}
					n.InsertBefore(hidden, n.FirstChild)
				}
			case key == "src" && n.DataAtom == atom.Iframe:
				a.Val = "about:blank?model=" + url.QueryEscape(p.model)
			case resourceAttrs[key]:
				if !inert(a.Val) {
					return fmt.Errorf("<%s %s=%q> loads another file", n.Data, key, a.Val)
				}
			case key == "style":
				if cssURL.MatchString(a.Val) {
					return fmt.Errorf("<%s style=%q> loads a url()", n.Data, a.Val)
				}
			}
		}
		if n.DataAtom == atom.Iframe {
			n.Attr = append(n.Attr, xhtml.Attribute{Key: "data-offline"})
		}
	}
	footer := findFirst(p.body, func(n *xhtml.Node) bool { return n.DataAtom == atom.Footer })
	if footer == nil {
		return errors.New("no <footer> to say that this is the offline copy")
	}
	into := findFirst(footer, func(n *xhtml.Node) bool { return hasClass(n, "wrap") })
	if into == nil {
		into = footer
	}
	note := &xhtml.Node{Type: xhtml.ElementNode, Data: "p", DataAtom: atom.P,
		Attr: []xhtml.Attribute{{Key: "class", Val: "offline-note"}}}
	note.AppendChild(&xhtml.Node{Type: xhtml.TextNode, Data: FooterNote})
	into.AppendChild(note)
	return nil
}

// pageLink is the offline file's link for href on a site page: a page of the file becomes its
// ?model= (or ?page=) link with the same parameters and fragment; a fragment stays; a link
// to the web loses its href (the file promises no network), keeping its text.
func pageLink(href string, byFile map[string]*page) (string, error) {
	if href == "" || strings.HasPrefix(href, "#") {
		return href, nil
	}
	u, err := url.Parse(href)
	if err != nil {
		return "", fmt.Errorf("link %q: %w", href, err)
	}
	if u.Scheme != "" || u.Host != "" {
		if u.Scheme == "mailto" {
			return href, nil
		}
		return "", fmt.Errorf("link %q leaves the site; the offline file has no network (drop it from the page, or teach site/offline how to show it)", href)
	}
	target, ok := byFile[path.Clean(u.Path)]
	if !ok {
		return "", fmt.Errorf("link %q: the offline file holds no such page", href)
	}
	out := target.href()
	if q := u.RawQuery; q != "" {
		if target.file == homePage {
			out = "?" + q
		} else {
			out += "&" + q
		}
	}
	if u.Fragment != "" {
		out += "#" + u.EscapedFragment()
	}
	return out, nil
}

// formKey is the parameter that selects a page in a ?model= or ?page= link ("" for the home).
func formKey(link string) (key, value string) {
	q, ok := strings.CutPrefix(link, "?")
	if !ok {
		return "", ""
	}
	v, err := url.ParseQuery(strings.SplitN(q, "#", 2)[0])
	if err != nil {
		return "", ""
	}
	for _, k := range []string{"model", "page"} {
		if x := v.Get(k); x != "" {
			return k, x
		}
	}
	return "", ""
}

// inert reports whether a resource URL stays inside the file.
func inert(v string) bool {
	v = strings.TrimSpace(v)
	return v == "" || strings.HasPrefix(v, "#") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "about:")
}

// local checks that a head's link or script names a file of the site.
func local(href string) error {
	u, err := url.Parse(href)
	if err != nil {
		return fmt.Errorf("%q: %w", href, err)
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") || u.Path == "" {
		return fmt.Errorf("%q is not a file of the site", href)
	}
	return nil
}

// readText reads a file to inline, failing if it holds a sequence that would end or confuse
// the element it goes into.
func readText(fsys fs.FS, name string, forbidden ...string) ([]byte, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	low := bytes.ToLower(b)
	for _, f := range forbidden {
		if bytes.Contains(low, []byte(f)) {
			return nil, fmt.Errorf("%s contains %q, which cannot be inlined in an HTML file as it is", name, f)
		}
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		b = append(b, '\n')
	}
	return b, nil
}

// concat reads stylesheets into one, refusing any that loads another file.
func concat(fsys fs.FS, names []string, forbidden ...string) ([]byte, error) {
	var out []byte
	for _, n := range names {
		b, err := readText(fsys, n, forbidden...)
		if err != nil {
			return nil, err
		}
		if cssURL.Match(b) {
			return nil, fmt.Errorf("%s loads a url() or @import; the offline file cannot follow it", n)
		}
		out = append(out, "/* "+n+" */\n"...)
		out = append(out, b...)
	}
	return out, nil
}

// readWasm returns solvable.wasm.gz, gzipping solvable.wasm itself when the archive is
// missing, and the size of the uncompressed binary.
func readWasm(fsys fs.FS) (gz []byte, raw int, err error) {
	gz, err = fs.ReadFile(fsys, wasmGz)
	if err == nil {
		w, err := gunzip(gz)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", wasmGz, err)
		}
		return gz, len(w), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, 0, err
	}
	w, err := fs.ReadFile(fsys, wasmRaw)
	if err != nil {
		return nil, 0, fmt.Errorf("neither %s nor %s in the built site: %w", wasmGz, wasmRaw, err)
	}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if _, err := zw.Write(w); err != nil {
		return nil, 0, err
	}
	if err := zw.Close(); err != nil {
		return nil, 0, err
	}
	return b.Bytes(), len(w), nil
}

// dataURL inlines a small file (the icon) as a data: URL.
func dataURL(fsys fs.FS, name string) (string, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return "", err
	}
	typ := "application/octet-stream"
	switch path.Ext(name) {
	case ".svg":
		typ = "image/svg+xml"
	case ".png":
		typ = "image/png"
	case ".ico":
		typ = "image/x-icon"
	}
	return "data:" + typ + ";base64," + base64.StdEncoding.EncodeToString(b), nil
}

// ---- small helpers over x/net/html ----

func renderChildren(b *bytes.Buffer, n *xhtml.Node) error {
	for c := range n.ChildNodes() {
		if err := xhtml.Render(b, c); err != nil {
			return err
		}
	}
	return nil
}

func findFirst(n *xhtml.Node, match func(*xhtml.Node) bool) *xhtml.Node {
	for d := range n.Descendants() {
		if d.Type == xhtml.ElementNode && match(d) {
			return d
		}
	}
	return nil
}

func findAll(n *xhtml.Node, match func(*xhtml.Node) bool) []*xhtml.Node {
	var out []*xhtml.Node
	for d := range n.Descendants() {
		if d.Type == xhtml.ElementNode && match(d) {
			out = append(out, d)
		}
	}
	return out
}

func getAttr(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *xhtml.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return true
		}
	}
	return false
}

func hasClass(n *xhtml.Node, c string) bool {
	return slices.Contains(strings.Fields(getAttr(n, "class")), c)
}

func textOf(n *xhtml.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == xhtml.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		if !slices.Contains(list, it) {
			list = append(list, it)
		}
	}
	return list
}

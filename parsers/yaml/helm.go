package yaml

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/helm"
)

// A directory holding Chart.yaml is a Helm chart. Its Chart.yaml stands
// for the chart: the chart is rendered with Helm's engine (see
// parsers/internal/helm) and the rendered documents are read like any
// manifest, with positions pointing at the template that produced them.
// The chart's template files are not read on their own (they are not
// YAML until rendered), and neither is the Chart.yaml of a subchart under
// a chart's charts/ (its parent renders it).

const chartFile = "Chart.yaml"

// isChartDir reports whether dir holds a Chart.yaml, once per scan.
func isChartDir(opts *parsers.Options, dir string) bool {
	v := opts.Once("yaml/helm-chart\x00"+dir, func() any {
		info, err := opts.Stat(filepath.Join(dir, chartFile))
		return err == nil && info.Mode().IsRegular()
	})
	b, _ := v.(bool)
	return b
}

// chartRole says what a file is to a chart: the Chart.yaml to render, a
// file the chart's rendering covers (a template, a subchart's Chart.yaml),
// or neither.
func chartRole(in *parsers.Input) (render, covered bool) {
	if in.Path == "" || in.Path == "-" {
		return false, false
	}
	p := filepath.Clean(in.Path)
	dir := filepath.Dir(p)
	if filepath.Base(p) == chartFile {
		if parent := filepath.Dir(dir); filepath.Base(parent) == "charts" && isChartDir(in.Options, filepath.Dir(parent)) {
			return false, true
		}
		return true, false
	}
	// A file below a templates directory of a chart, or a file of the
	// nearest chart above it that its templates read through .Files.
	nearest := true
	for d := dir; ; {
		parent := filepath.Dir(d)
		if filepath.Base(d) == "templates" && isChartDir(in.Options, parent) {
			return false, true
		}
		if nearest && isChartDir(in.Options, d) {
			nearest = false
			if rel, err := filepath.Rel(d, p); err == nil && readByTemplates(in.Context(), in.Options, d, filepath.ToSlash(rel)) {
				return false, true
			}
		}
		if parent == d { // "." or the root
			return false, false
		}
		d = parent
	}
}

// ChartOf returns the Chart.yaml of the chart whose template (under
// templates/) or values file (values*.yaml beside Chart.yaml) path is, or
// "": a file named on its own brings its chart into the scan, since it is
// read only through the chart's rendering. The Chart.yaml is confined to
// opts' roots.
func ChartOf(opts *parsers.Options, path string) string {
	p := filepath.Clean(path)
	dir := filepath.Dir(p)
	base := filepath.Base(p)
	chart := ""
	switch {
	case base == chartFile:
		return ""
	case strings.HasPrefix(base, "values") && isChartDir(opts, dir):
		chart = dir
	default:
		for d := dir; ; {
			parent := filepath.Dir(d)
			if filepath.Base(d) == "templates" && isChartDir(opts, parent) {
				chart = parent
				break
			}
			if parent == d || parent == "." || parent == string(filepath.Separator) {
				return ""
			}
			d = parent
		}
	}
	// A subchart is rendered by its parent.
	if parent := filepath.Dir(chart); filepath.Base(parent) == "charts" && isChartDir(opts, filepath.Dir(parent)) {
		chart = filepath.Dir(parent)
	}
	return filepath.Join(chart, chartFile)
}

// parseChart renders the chart of in (its Chart.yaml) and reads the
// rendered documents.
func parseChart(in *parsers.Input) parsers.Result {
	var res parsers.Result
	at := nodepool.Pos{File: in.Path, Line: 1, Col: 1}
	dir := filepath.Dir(in.Path)
	var values []string
	if abs, err := filepath.Abs(dir); err == nil && in.Options != nil {
		values = in.Options.HelmValues[abs]
	}
	res.Related = append(res.Related, values...)
	chart, err := helm.Render(in.Context(), in.Options, dir, values)
	if err != nil {
		var he *helm.Error
		if errors.As(err, &he) {
			hint := ""
			if len(values) == 0 {
				hint = "; if it needs the values its deployment gives, name them with helm-values in .poollint.yaml"
			}
			res.Diags = append(res.Diags, parsers.Notef(at, "%s (its pools are not checked%s)", he.Error(), hint).WithUnread(finding.UnreadChart))
		} else {
			res.Diags = append(res.Diags, parsers.Notef(at, "chart not rendered: %v", err).WithUnread(finding.UnreadChart))
		}
		return res
	}
	for _, n := range chart.Notes {
		res.Diags = append(res.Diags, parsers.Notef(at, "%s", n))
	}
	// All the chart's documents are one stream, as helm template prints
	// them: references between templates resolve within the chart, never
	// through the directory's raw template files.
	g := &grouper{path: in.Path, in: &parsers.Input{Options: in.Options, Ctx: in.Ctx}, byKey: map[string]*nodepool.Cluster{}, capi: capiFile{path: in.Path}}
	budget := maxNodes
	index := 0
	for _, t := range chart.Templates {
		if in.Context().Err() != nil {
			break
		}
		if !utf8.ValidString(t.Output) {
			res.Diags = append(res.Diags, parsers.Notef(nodepool.Pos{File: t.File, Line: 1, Col: 1}, "chart %s: template %s rendered text that is not valid UTF-8: not read", chart.Name, t.Name))
			continue
		}
		srcs := []source{{t.File, t.Source}}
		for _, p := range chart.Partials {
			srcs = append(srcs, source{p.File, p.Source})
		}
		lines := mapLines(srcs, t.Output)
		dec := yamlv3.NewDecoder(strings.NewReader(t.Output))
		c := &converter{path: t.File, budget: budget}
		for {
			var doc yamlv3.Node
			err := dec.Decode(&doc)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				// What does not parse after rendering with the values the
				// configuration gives is an error when it is one of our
				// formats (kubectl would refuse the chart's pools), a note
				// otherwise. With the chart's defaults alone it is a note
				// that says so: many charts need values their deployment
				// supplies (a Terraform helm_release, an Argo CD app).
				d := yamlError(t.File, err)
				ourFormat := ours.MatchString(t.Output)
				if !ourFormat || len(values) == 0 {
					d.Level = parsers.LevelNote
				}
				d.Pos.File, d.Pos.Line = lines.fileAt(d.Pos.Line), lines.at(d.Pos.Line)
				d.Message = "chart " + chart.Name + ": " + t.Name + " renders " + d.Message
				if ourFormat && len(values) == 0 {
					d.Message += " with the chart's default values: its pools are not checked (give the values it needs with helm-values in .poollint.yaml)"
					d.Unread = finding.UnreadChart
				}
				res.Diags = append(res.Diags, d)
				break
			}
			// The document points at the file its first line came from:
			// the template, or the helper that wrote it.
			c.path = lines.fileAt(docLine(&doc))
			lines.remap(&doc)
			c.cons, c.diags = consumerOf(&doc), nil
			n, err := c.convert(&doc, 0)
			if err != nil {
				res.Diags = append(res.Diags, parsers.Errorf(nodepool.Pos{File: c.path, Line: max(doc.Line, 1), Col: 1}, "chart %s: rendered %s: %v", chart.Name, t.Name, err))
				break
			}
			index++
			if n == nil || n.kind != yamlv3.MappingNode {
				continue
			}
			if g.document(n, index, c.cons) {
				res.Diags = append(res.Diags, c.diags...)
			}
		}
		budget = c.budget
	}
	res.Clusters = g.clusters()
	res.Diags = append(res.Diags, g.diags...)
	res.Diags = tidy(res.Diags)
	return res
}

// source is a file a rendered line may come from.
type source struct {
	file string
	text []byte
}

// docLine is the line of a decoded document's content.
func docLine(doc *yamlv3.Node) int {
	if len(doc.Content) > 0 {
		return doc.Content[0].Line
	}
	return doc.Line
}

// lineMap maps a line of a template's rendered output to the file and
// line it most likely came from.
type lineMap struct {
	files []string
	src   []int // by output line (1-based; index 0 unused): index in files
	to    []int // the line in that file
	cols  []int // the line's first column, 0 when the text is the same
}

func (m lineMap) at(line int) int {
	if line > 0 && line < len(m.to) {
		return m.to[line]
	}
	return 1
}

func (m lineMap) fileAt(line int) string {
	if line > 0 && line < len(m.src) {
		return m.files[m.src[line]]
	}
	return m.files[0]
}

// remap rewrites the positions of a rendered document's nodes to the
// template's.
func (m lineMap) remap(n *yamlv3.Node) {
	stack := []*yamlv3.Node{n}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x.Line > 0 && x.Line < len(m.to) {
			if col := m.cols[x.Line]; col > 0 {
				x.Column = col
			}
			x.Line = m.to[x.Line]
		} else {
			x.Line, x.Column = 1, 1
		}
		stack = append(stack, x.Content...) // an alias's target is in the tree already
	}
}

// mapLines maps each line of out, rendered from the template srcs[0], to
// a line of the template or of a helper (srcs[1:]) it includes. The first
// line of each rendered document is looked for in the template (after the
// previous document's, or anywhere for a document a loop repeats), then
// in the helpers; the lines that follow are matched in order within that
// file's document: the same text, or the same text up to the template
// action the line holds (`cpu: {{ .Values.cpu }}` for `cpu: 100`). A line
// that matches none (a block toYaml wrote) takes the line of the last one
// that did; a document not found takes the template's first line.
func mapLines(srcs []source, out string) lineMap {
	rl := strings.Split(out, "\n")
	m := lineMap{src: make([]int, len(rl)+1), to: make([]int, len(rl)+1), cols: make([]int, len(rl)+1)}
	texts := make([][]string, len(srcs))
	for i, s := range srcs {
		m.files = append(m.files, s.file)
		if len(s.text) > 0 {
			texts[i] = strings.Split(string(s.text), "\n")
		}
	}
	if len(m.files) == 0 {
		m.files = []string{""}
	}
	for i := range m.to {
		m.to[i] = 1
	}
	prevStart := -1
	for i := 0; i < len(rl); {
		// One rendered document: rl[i:j].
		j := i
		for j < len(rl) && (j == i || !isDocSep(rl[j])) {
			j++
		}
		first := -1
		for k := i; k < j; k++ {
			if s := strings.TrimSpace(rl[k]); s != "" && s != "---" && !strings.HasPrefix(s, "#") {
				first = k
				break
			}
		}
		file, start := 0, -1
		if first >= 0 && len(texts) > 0 {
			file, start = bestStart(texts, rl[first:j], prevStart)
			if file == 0 && start >= 0 {
				prevStart = start
			}
		}
		if start >= 0 {
			tl := texts[file]
			end := start + 1
			for end < len(tl) && !isDocSep(tl[end]) {
				end++
			}
			last, cursor := start, start
			for k := i; k < j; k++ {
				m.src[k+1] = file
				if k < first {
					m.to[k+1], m.cols[k+1] = start+1, indentCol(tl[start])
					continue
				}
				if at := findLine(tl, rl[k], cursor, end); at >= 0 && at-cursor <= 64 {
					last, cursor = at, at+1
					m.to[k+1] = at + 1
					if tl[at] != rl[k] {
						m.cols[k+1] = indentCol(tl[at])
					}
					continue
				}
				m.to[k+1], m.cols[k+1] = last+1, indentCol(tl[last])
			}
		}
		i = j
	}
	return m
}

// Bounds of the search for where a rendered document came from: the
// candidate first lines tried, and the rendered lines compared for each.
const (
	maxStartCandidates = 64
	maxScoredLines     = 48
)

// bestStart returns the file and line a rendered document doc (from its
// first content line) most likely starts at: of the template and helper
// lines its first line may come from, the one whose document matches most
// of its lines in order (a helper's `apiVersion: v1` is not enough when
// another's `kind:` line matches too). On a tie the template comes first
// (after the previous document's start prev, then anywhere), then the
// helpers in order. -1 when no line matches.
func bestStart(texts [][]string, doc []string, prev int) (file, start int) {
	file, start = 0, -1
	best, tried := -1, 0
	try := func(f, from int) {
		tl := texts[f]
		for at := from; tried < maxStartCandidates; at++ {
			at = findLine(tl, doc[0], at, len(tl))
			if at < 0 {
				return
			}
			tried++
			if s := docScore(tl, at, doc); s > best {
				best, file, start = s, f, at
			}
		}
	}
	try(0, prev+1)
	if prev+1 > 0 {
		try(0, 0)
	}
	for f := 1; f < len(texts); f++ {
		try(f, 0)
	}
	return file, start
}

// docScore counts the lines of doc (at most maxScoredLines) that match, in
// order, the lines of tl's document starting at start.
func docScore(tl []string, start int, doc []string) int {
	end := start + 1
	for end < len(tl) && !isDocSep(tl[end]) {
		end++
	}
	n, cursor := 0, start
	for k, l := range doc {
		if k >= maxScoredLines {
			break
		}
		if at := findLine(tl, l, cursor, end); at >= 0 && at-cursor <= 64 {
			n, cursor = n+1, at+1
		}
	}
	return n
}

func isDocSep(line string) bool {
	return strings.HasPrefix(line, "---") && strings.TrimSpace(strings.TrimPrefix(line, "---")) == ""
}

func indentCol(line string) int {
	return len(line) - len(strings.TrimLeft(line, " \t")) + 1
}

// findLine returns the first template line in tl[from:to] that out may
// have been rendered from, or -1.
func findLine(tl []string, out string, from, to int) int {
	o := strings.TrimSpace(out)
	if o == "" {
		return -1
	}
	for i := max(from, 0); i < to && i < len(tl); i++ {
		if sameLine(tl[i], out, o) {
			return i
		}
	}
	return -1
}

// sameLine reports whether the rendered line out (o trimmed) may come
// from the template line t: a template's own text keeps its indentation.
func sameLine(t, out, o string) bool {
	if indentCol(t) != indentCol(out) {
		return false
	}
	k := strings.Index(t, "{{")
	if k < 0 {
		return strings.TrimSpace(t) == o
	}
	prefix := strings.TrimSpace(t[:k])
	return len(prefix) >= 2 && strings.HasPrefix(o, prefix) && !bytes.Contains([]byte(prefix), []byte("}}"))
}

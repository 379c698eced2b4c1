package yaml

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// writeChart writes files (relative path → content) under a new directory
// and returns it.
func writeChart(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// parseFile parses one file of dir with the scan root at root.
func parseFile(t testing.TB, root, path string, opts *parsers.Options) parsers.Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if opts == nil {
		opts = &parsers.Options{}
	}
	if opts.Roots == nil {
		roots, err := parsers.ScanRoots([]string{root}, "")
		if err != nil {
			t.Fatal(err)
		}
		opts.Roots = roots
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return Parser{}.Parse(&parsers.Input{Path: path, Data: data, Options: opts, Ctx: ctx})
}

func diagText(ds []parsers.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.Pos.String() + ": " + string(d.Level) + ": " + d.Message + "\n")
	}
	return b.String()
}

const chartYAML = "apiVersion: v2\nname: pools\nversion: 0.1.0\n"

const poolTemplate = `{{- range .Values.pools }}
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: {{ .name }}
spec:
  template:
    metadata:
      labels:
        {{- toYaml .labels | nindent 8 }}
    spec:
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: EC2NodeClass
        name: default
  limits:
    cpu: {{ .cpu | quote }}
{{- end }}
`

func TestHelmChartRendered(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"Chart.yaml":             chartYAML,
		"values.yaml":            "pools:\n  - name: a\n    cpu: 10\n    labels: {team: x}\n  - name: b\n    cpu: 20\n    labels: {team: z}\n",
		"templates/pools.yaml":   poolTemplate,
		"templates/_helpers.tpl": `{{ define "x" }}{{ end }}`,
	})
	res := parseFile(t, dir, filepath.Join(dir, "Chart.yaml"), nil)
	if len(res.Diags) != 0 {
		t.Fatalf("diagnostics:\n%s", diagText(res.Diags))
	}
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 2 {
		t.Fatalf("want one cluster with two pools, got %+v", res.Clusters)
	}
	tmpl := filepath.Join(dir, "templates", "pools.yaml")
	for i, p := range res.Clusters[0].Pools {
		if p.Pos.File != filepath.ToSlash(tmpl) || p.Pos.Line != 3 {
			t.Errorf("pool %d at %s, want %s:3 (the apiVersion line of the template)", i, p.Pos, tmpl)
		}
		if p.Name.Pos.Line != 6 {
			t.Errorf("pool %d name at line %d, want 6", i, p.Name.Pos.Line)
		}
		if got := p.Karpenter.Limits.Value; len(got) != 1 || got[0].Value != []string{"10", "20"}[i] {
			t.Errorf("pool %d limits %+v, from values.yaml", i, got)
		}
		if l := p.Labels.Value; len(l) != 1 || l[0].Pos.Line != 10 {
			t.Errorf("pool %d labels %+v: want the label at the labels: line (10) toYaml wrote it under", i, l)
		}
	}
	// The template on its own is quiet: it is read through the chart.
	if r := parseFile(t, dir, tmpl, nil); len(r.Diags)+len(r.Clusters) != 0 {
		t.Errorf("template read on its own: %s %+v", diagText(r.Diags), r.Clusters)
	}
}

// A Helm template outside any chart is still a note, not an error.
func TestHelmTemplateOutsideChart(t *testing.T) {
	dir := writeChart(t, map[string]string{"templates/pools.yaml": poolTemplate})
	res := parseFile(t, dir, filepath.Join(dir, "templates", "pools.yaml"), nil)
	if len(res.Diags) != 1 || res.Diags[0].Level != parsers.LevelNote || !strings.Contains(res.Diags[0].Message, "Helm template") {
		t.Errorf("want one note saying it is a Helm template, got:\n%s", diagText(res.Diags))
	}
}

func TestHelmChartNotRendered(t *testing.T) {
	cases := map[string]struct {
		files map[string]string
		want  string
	}{
		"required": {map[string]string{
			"templates/a.yaml": "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: {{ required \"name is required\" .Values.name }}\n",
		}, "chart pools not rendered: execution error at (pools/templates/a.yaml:4:11): name is required"},
		"fail": {map[string]string{
			"templates/a.yaml": "{{ fail \"set .Values.x\" }}",
		}, "set .Values.x"},
		"parse error": {map[string]string{
			"templates/a.yaml": "{{ if }}",
		}, "chart pools not rendered: parse error"},
		"until": {map[string]string{
			"templates/a.yaml": "{{ range until 1000000000 }}x{{ end }}",
		}, "until called with 1000000000"},
		"repeat": {map[string]string{
			"templates/a.yaml": "{{ repeat 60000 (repeat 60000 \"x\") }}",
		}, "repeat would build more than"},
		"calls": {map[string]string{
			"templates/a.yaml": "{{ range until 60000 }}{{ range until 60000 }}{{ add 1 1 }}{{ end }}{{ end }}",
		}, "more than 200000 template function calls"},
		"untilStep": {map[string]string{
			"templates/a.yaml": "{{ untilStep 0 1000000000000 1 }}",
		}, "untilStep called for more than"},
		"alias bomb": {map[string]string{
			"values.yaml":      string(aliasBomb()),
			"templates/a.yaml": "{{ toYaml .Values }}",
		}, "excessive aliasing"},
		"bad Chart.yaml": {map[string]string{
			"Chart.yaml": "apiVersion: v2\nversion: 1.0.0\n",
		}, "chart 001 not rendered: validation: chart.metadata.name is required"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			files := map[string]string{"Chart.yaml": chartYAML}
			for k, v := range tc.files {
				files[k] = v
			}
			dir := writeChart(t, files)
			res := parseFile(t, dir, filepath.Join(dir, "Chart.yaml"), nil)
			if len(res.Clusters) != 0 || len(res.Diags) != 1 {
				t.Fatalf("want one note and no cluster, got %d clusters and:\n%s", len(res.Clusters), diagText(res.Diags))
			}
			d := res.Diags[0]
			if d.Level != parsers.LevelNote || d.Pos.Line != 1 || !strings.HasSuffix(d.Pos.File, "Chart.yaml") || !strings.Contains(d.Message, tc.want) {
				t.Errorf("got %s: %s: %s, want a note on Chart.yaml containing %q", d.Pos, d.Level, d.Message, tc.want)
			}
		})
	}
}

// A chart that does not render with its defaults says where the values
// its deployment gives go (found on eks-fleet-management/gitops-addons,
// whose karpenter-resources chart gets each cluster's NodePools from an
// Argo CD ApplicationSet's value files); with values given, it does not.
func TestHelmChartNotRenderedValuesHint(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"Chart.yaml":       chartYAML,
		"templates/a.yaml": "role: {{ .Values.nodeClasses.role }}\n",
		"values-hub.yaml":  "other: 1\n",
		"values.yaml":      "x: 1\n",
	})
	const hint = "name them with helm-values in .poollint.yaml"
	res := parseFile(t, dir, filepath.Join(dir, "Chart.yaml"), nil)
	if len(res.Diags) != 1 || !strings.Contains(res.Diags[0].Message, hint) {
		t.Errorf("defaults alone: got\n%s", diagText(res.Diags))
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	opts := &parsers.Options{HelmValues: map[string][]string{abs: {filepath.Join(dir, "values-hub.yaml")}}}
	res = parseFile(t, dir, filepath.Join(dir, "Chart.yaml"), opts)
	if len(res.Diags) != 1 || strings.Contains(res.Diags[0].Message, hint) || !strings.Contains(res.Diags[0].Message, "nil pointer") {
		t.Errorf("with values: got\n%s", diagText(res.Diags))
	}
}

// A rendering past the scan's deadline stops at its next function call.
func TestHelmChartContext(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"Chart.yaml":       chartYAML,
		"templates/a.yaml": "{{ range until 60000 }}{{ range until 60000 }}{{ add 1 1 }}{{ end }}{{ end }}",
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	data, _ := os.ReadFile(filepath.Join(dir, "Chart.yaml"))
	res := Parser{}.Parse(&parsers.Input{Path: filepath.Join(dir, "Chart.yaml"), Data: data, Options: &parsers.Options{}, Ctx: ctx})
	if len(res.Diags) != 1 || !strings.Contains(res.Diags[0].Message, "did not finish in time") {
		t.Errorf("got:\n%s", diagText(res.Diags))
	}
}

func TestHelmChartNotes(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"Chart.yaml": chartYAML + "dependencies:\n  - name: redis\n    version: 1.x\n    repository: https://charts.example.com\n",
		"templates/a.yaml": `{{- $s := lookup "v1" "Secret" "ns" "n" }}
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: a
spec:
  limits: {cpu: "{{ len $s }}"}
`,
	})
	res := parseFile(t, dir, filepath.Join(dir, "Chart.yaml"), nil)
	text := diagText(res.Diags)
	for _, want := range []string{
		"note: chart pools: dependency redis 1.x (https://charts.example.com) is not under charts/ (run helm dependency build): rendered without it",
		"note: chart pools calls lookup: rendered as helm template does, with lookup finding nothing",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in:\n%s", want, text)
		}
	}
	if len(res.Clusters) != 1 {
		t.Errorf("the chart still renders: %d clusters", len(res.Clusters))
	}
}

// A chart that fails to render without a dependency missing from charts/
// (a template including the subchart's helper) names the dependency in
// its note: running helm dependency build is the fix (found on
// giantswarm/cluster-aws, which includes helpers of its cluster chart).
func TestHelmChartNotRenderedMissingDependency(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"Chart.yaml":       chartYAML + "dependencies:\n  - name: cluster\n    version: 7.0.0\n    repository: https://charts.example.com\n",
		"templates/a.yaml": "{{ include \"cluster.name\" . }}\n",
	})
	res := parseFile(t, dir, filepath.Join(dir, "Chart.yaml"), nil)
	if len(res.Clusters) != 0 || len(res.Diags) != 1 {
		t.Fatalf("want one note, got %d clusters and:\n%s", len(res.Clusters), diagText(res.Diags))
	}
	want := "rendered without the dependencies not under charts/ (run helm dependency build): cluster 7.0.0 (https://charts.example.com) (its pools are not checked"
	if d := res.Diags[0]; d.Level != parsers.LevelNote || !strings.Contains(d.Message, "chart pools not rendered: ") || !strings.Contains(d.Message, want) {
		t.Errorf("got %s: %s, want a note containing %q", d.Level, d.Message, want)
	}
}

// A file of a chart its templates write through .Files is read from the
// rendering only; read on its own too, its pools counted twice. A file the
// templates do not read is still read on its own.
func TestHelmChartFilesReadOnce(t *testing.T) {
	pool := func(name string) string {
		return "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: " + name + "\nspec:\n  template:\n    spec:\n      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}\n  limits: {cpu: \"10\"}\n"
	}
	dir := writeChart(t, map[string]string{
		"Chart.yaml":               chartYAML,
		"files/pools/a.yaml":       pool("a"),
		"files/pools/deep/b.yaml":  pool("b"),
		"files/exact.yaml":         pool("c"),
		"examples/standalone.yaml": pool("d"),
		"templates/pools.yaml":     "{{- range $p, $_ := .Files.Glob \"files/pools/**.yaml\" }}\n---\n{{ $.Files.Get $p }}\n{{- end }}\n",
		"templates/sub/exact.yaml": "{{ .Files.Get `files/exact.yaml` }}\n",
	})
	roots, err := parsers.ScanRoots([]string{dir}, "")
	if err != nil {
		t.Fatal(err)
	}
	opts := &parsers.Options{Roots: roots}
	names := map[string]int{}
	for _, f := range []string{"Chart.yaml", "files/pools/a.yaml", "files/pools/deep/b.yaml", "files/exact.yaml", "examples/standalone.yaml"} {
		res := parseFile(t, dir, filepath.Join(dir, filepath.FromSlash(f)), opts)
		for _, c := range res.Clusters {
			for _, p := range c.Pools {
				names[p.Name.Value]++
			}
		}
	}
	if want := map[string]int{"a": 1, "b": 1, "c": 1, "d": 1}; !maps.Equal(names, want) {
		t.Errorf("pools read %v, want each once: %v", names, want)
	}
}

func TestGlobMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, name string
		want          bool
	}{
		{"files/a.yaml", "files/a.yaml", true},
		{"files/*.yaml", "files/a.yaml", true},
		{"files/*.yaml", "files/x/a.yaml", false},
		{"files/**.yaml", "files/x/a.yaml", true},
		{"files/**/*.yaml", "files/x/y/a.yaml", true},
		{"**", "any/thing", true},
		{"files/**", "other/a.yaml", false},
		{"[", "[", false},
		{"files/{a,b}.yaml", "files/b.yaml", true},
		{"files/[!a].yaml", "files/a.yaml", false},
		{"files/?.yaml", "files/é.yaml", true},
		{"files/é*.yaml", "files/été.yaml", true},
		{"files/{a", "files/{a", false},
	} {
		if got := globMatch(tc.pattern, tc.name); got != tc.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", tc.pattern, tc.name, got, tc.want)
		}
	}
}

// A dependency Chart.yaml takes from a directory (file://) is read from it,
// as helm dependency build would copy it under charts/ (found on
// DND-IT/helm-charts, whose charts include helpers of file://../common); a
// directory outside the scanned root is not read, and stays a missing
// dependency.
func TestHelmChartLocalDependency(t *testing.T) {
	base := writeChart(t, map[string]string{
		"repo/lib/Chart.yaml":            "apiVersion: v2\nname: lib\nversion: 1.0.0\ntype: library\n",
		"repo/lib/templates/_pool.tpl":   "{{- define \"lib.pool\" -}}\napiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: {{ . }}\nspec:\n  template:\n    spec:\n      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}\n  limits: {cpu: \"10\"}\n{{- end }}\n",
		"repo/pools/Chart.yaml":          chartYAML + "dependencies:\n  - name: lib\n    version: 1.x.x\n    repository: file://../lib\n",
		"repo/pools/templates/pool.yaml": "{{ include \"lib.pool\" \"from-lib\" }}\n",
		"repo/far/Chart.yaml":            chartYAML + "dependencies:\n  - name: secretlib\n    version: 1.x.x\n    repository: file://../../outside\n",
		"repo/far/templates/pool.yaml":   "{{ include \"secretlib.pool\" . }}\n",
		"outside/Chart.yaml":             "apiVersion: v2\nname: secretlib\nversion: 1.0.0\n",
		"outside/templates/_s.tpl":       "{{- define \"secretlib.pool\" -}}\nSECRET-TOKEN-1234\n{{- end }}\n",
	})
	root := filepath.Join(base, "repo")
	res := parseFile(t, root, filepath.Join(root, "pools", "Chart.yaml"), nil)
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 || res.Clusters[0].Pools[0].Name.Value != "from-lib" {
		t.Errorf("file:// dependency: got %+v\n%s", res.Clusters, diagText(res.Diags))
	}
	res = parseFile(t, root, filepath.Join(root, "far", "Chart.yaml"), nil)
	text := diagText(res.Diags)
	if len(res.Clusters) != 0 || strings.Contains(text, "SECRET-TOKEN") || !strings.Contains(text, "secretlib 1.x.x (file://../../outside)") {
		t.Errorf("dependency outside the root: got %d clusters and\n%s", len(res.Clusters), text)
	}
}

func TestHelmChartValuesAndSubcharts(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"Chart.yaml":                             chartYAML + "dependencies:\n  - name: sub\n    version: 0.1.0\n",
		"values.yaml":                            "pools: []\nsub:\n  cpu: 5\n",
		"values-prod.yaml":                       "pools:\n  - name: prod\n    cpu: 99\n    labels: {}\n",
		"templates/pools.yaml":                   poolTemplate,
		".helmignore":                            "templates/skip.yaml\n",
		"templates/skip.yaml":                    "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: skipped\n",
		"charts/sub-dir/Chart.yaml":              "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
		"charts/sub-dir/values.yaml":             "cpu: 1\n",
		"charts/sub-dir/templates/nodepool.yaml": "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: from-sub\nspec:\n  limits:\n    cpu: \"{{ .Values.cpu }}\"\n",
	})
	abs, _ := filepath.Abs(dir)
	opts := &parsers.Options{HelmValues: map[string][]string{abs: {filepath.Join(dir, "values-prod.yaml")}}}
	res := parseFile(t, dir, filepath.Join(dir, "Chart.yaml"), opts)
	if len(res.Diags) != 0 {
		t.Fatalf("diagnostics:\n%s", diagText(res.Diags))
	}
	got := map[string]*nodepool.Pool{}
	for _, c := range res.Clusters {
		for _, p := range c.Pools {
			got[p.Name.Value] = p
		}
	}
	if len(got) != 2 || got["prod"] == nil || got["from-sub"] == nil {
		t.Fatalf("want pools prod (values file) and from-sub (subchart), not skipped (.helmignore): %v", got)
	}
	if l := got["from-sub"].Karpenter.Limits.Value; len(l) != 1 || l[0].Value != "5" {
		t.Errorf("subchart values from the parent's sub: key: %+v", l)
	}
	if p := got["from-sub"].Pos; p.File != filepath.ToSlash(filepath.Join(dir, "charts/sub-dir/templates/nodepool.yaml")) || p.Line != 1 {
		t.Errorf("subchart pool at %s", p)
	}
	// The subchart's own Chart.yaml is covered by its parent.
	if r := parseFile(t, dir, filepath.Join(dir, "charts/sub-dir/Chart.yaml"), nil); len(r.Diags)+len(r.Clusters) != 0 {
		t.Errorf("subchart Chart.yaml read on its own: %s", diagText(r.Diags))
	}
}

// A chart file leading outside the scan root is refused: its content is
// in no output.
func TestHelmChartOutsideRoot(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.yaml")
	if err := os.WriteFile(secret, []byte("apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: TOPSECRET\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, link := range []string{"templates/leak.yaml", "files/leak.yaml", "values.yaml", ".helmignore", "charts/sub/Chart.yaml"} {
		t.Run(link, func(t *testing.T) {
			dir := writeChart(t, map[string]string{
				"Chart.yaml":       chartYAML,
				"templates/a.yaml": "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: a\n{{ .Files.Get \"files/leak.yaml\" }}\n",
			})
			p := filepath.Join(dir, filepath.FromSlash(link))
			_ = os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.Symlink(secret, p); err != nil {
				t.Skip(err)
			}
			res := parseFile(t, dir, filepath.Join(dir, "Chart.yaml"), nil)
			text := diagText(res.Diags)
			if len(res.Clusters) != 0 || !strings.Contains(text, link+" leads outside the scanned directories") {
				t.Errorf("want the chart refused naming %s, got %d clusters and:\n%s", link, len(res.Clusters), text)
			}
			if strings.Contains(text, "TOPSECRET") || strings.Contains(text, outside) {
				t.Errorf("the file outside shows: %s", text)
			}
		})
	}
}

func TestMapLines(t *testing.T) {
	src := "{{- range .Values.x }}\n---\napiVersion: v1\nkind: A\nmetadata:\n  name: {{ .n }}\n  labels:\n    {{- toYaml .l | nindent 4 }}\nspec:\n  x: 1\n{{- end }}\n"
	out := "\n---\napiVersion: v1\nkind: A\nmetadata:\n  name: one\n  labels:\n    a: b\n    name: c\nspec:\n  x: 1\n---\napiVersion: v1\nkind: A\nmetadata:\n  name: two\n  labels:\n    a: b\nspec:\n  x: 1\n"
	m := mapLines([]source{{"t.yaml", []byte(src)}}, out)
	want := map[int]int{3: 3, 4: 4, 6: 6, 8: 7, 9: 7, 10: 9, 11: 10, 13: 3, 16: 6, 18: 7, 20: 10}
	for line, to := range want {
		if got := m.at(line); got != to {
			t.Errorf("output line %d (%q) maps to %d, want %d", line, strings.Split(out, "\n")[line-1], got, to)
		}
	}
	// Nothing to map to: the template's first line.
	if got := mapLines([]source{{"t.yaml", nil}}, "a: b\n").at(1); got != 1 {
		t.Errorf("no source: %d", got)
	}
}

func FuzzChart(f *testing.F) {
	f.Add([]byte(chartYAML), []byte(poolTemplate), []byte("pools:\n  - name: a\n    cpu: 1\n    labels: {a: b}\n"))
	f.Add([]byte("apiVersion: v2\nname: x\nversion: 1\n"), []byte("{{ .Values.a.b }}\n---\nkind: NodePool\n"), []byte("a: {b: 1}"))
	f.Add([]byte("name: x\nversion: 1.0.0\ndependencies: [{name: y}]\n"), []byte("{{ include \"x\" . }}{{ define \"x\" }}{{ include \"x\" . }}{{ end }}"), []byte(""))
	f.Fuzz(func(t *testing.T, chart, tmpl, values []byte) {
		if len(chart)+len(tmpl)+len(values) > 4096 {
			return
		}
		dir := writeChart(t, map[string]string{
			"Chart.yaml":       string(chart),
			"values.yaml":      string(values),
			"templates/a.yaml": string(tmpl),
		})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		roots, _ := parsers.ScanRoots([]string{dir}, "")
		in := &parsers.Input{Path: filepath.Join(dir, "Chart.yaml"), Data: chart, Options: &parsers.Options{Roots: roots}, Ctx: ctx}
		res := Parser{}.Parse(in)
		for _, d := range res.Diags {
			if d.Level == parsers.LevelError && !strings.HasSuffix(d.Pos.File, ".yaml") {
				t.Errorf("error without a file: %+v", d)
			}
		}
	})
}

func TestChartOf(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"Chart.yaml":                          chartYAML,
		"values-prod.yaml":                    "a: 1\n",
		"templates/sub/a.yaml":                "a: 1\n",
		"charts/sub/Chart.yaml":               chartYAML,
		"charts/sub/templates/a.yaml":         "a: 1\n",
		"other/templates/a.yaml":              "a: 1\n",
		"other/values.yaml":                   "a: 1\n",
		"charts/sub/charts/deeper/Chart.yaml": chartYAML,
	})
	want := filepath.Join(dir, "Chart.yaml")
	for name, w := range map[string]string{
		"values-prod.yaml":            want,
		"templates/sub/a.yaml":        want,
		"charts/sub/templates/a.yaml": want,
		"Chart.yaml":                  "",
		"other/templates/a.yaml":      "",
		"other/values.yaml":           "",
	} {
		if got := ChartOf(&parsers.Options{}, filepath.Join(dir, filepath.FromSlash(name))); got != w {
			t.Errorf("ChartOf(%s) = %q, want %q", name, got, w)
		}
	}
}

// tgz packs files (relative path → content) as helm package does: under a
// directory named after the chart.
func tgz(t testing.TB, files map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, text := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(text)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// A packaged dependency (charts/NAME-VERSION.tgz, as helm dependency build
// leaves it) is rendered; its objects point at the archive.
func TestHelmChartArchiveDependency(t *testing.T) {
	archive := tgz(t, map[string]string{
		"nodepools/Chart.yaml":          "apiVersion: v2\nname: nodepools\nversion: 1.2.3\n",
		"nodepools/values.yaml":         "name: packaged\n",
		"nodepools/templates/pool.yaml": "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: {{ .Values.name }}\n",
	})
	dir := writeChart(t, map[string]string{
		"Chart.yaml":                 chartYAML + "dependencies:\n  - name: nodepools\n    version: 1.2.3\n    repository: oci://example.com/charts\n",
		"charts/nodepools-1.2.3.tgz": archive,
	})
	res := parseFile(t, dir, filepath.Join(dir, "Chart.yaml"), nil)
	if len(res.Diags) != 0 {
		t.Fatalf("diagnostics:\n%s", diagText(res.Diags))
	}
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("want the packaged pool, got %+v", res.Clusters)
	}
	p := res.Clusters[0].Pools[0]
	if p.Name.Value != "packaged" || p.Pos.File != filepath.ToSlash(filepath.Join(dir, "charts/nodepools-1.2.3.tgz")) || p.Pos.Line != 1 {
		t.Errorf("pool %q at %s", p.Name.Value, p.Pos)
	}
}

// A rendering that does not parse: an error when the configuration gave
// the values and the output is one of our formats, a note naming the
// defaults when only the chart's own values were used (the deployment may
// supply what is missing), a note for YAML of other tools.
func TestHelmChartRendersInvalidYAML(t *testing.T) {
	pool := "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: {{ .Values.name }}\n  labels: {{ .Values.labels }}\n"
	for _, tc := range []struct {
		tmpl       string
		withValues bool
		level      parsers.Level
		line       int
		defaults   bool
	}{
		{pool, true, parsers.LevelError, 4, false}, // the line go-yaml reports, as for a plain file
		{pool, false, parsers.LevelNote, 4, true},
		{"apiVersion: v1\nkind: ConfigMap\ndata:\n  a: {{ .Values.labels }}\n", true, parsers.LevelNote, 3, false},
	} {
		dir := writeChart(t, map[string]string{
			"Chart.yaml":       chartYAML,
			"values.yaml":      "name: a\n",
			"values-prod.yaml": "labels: \"{a: b\"\n",
			"templates/a.yaml": tc.tmpl,
		})
		if !tc.withValues {
			if err := os.WriteFile(filepath.Join(dir, "values.yaml"), []byte("name: a\nlabels: \"{a: b\"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		opts := &parsers.Options{}
		if tc.withValues {
			abs, err := filepath.Abs(dir)
			if err != nil {
				t.Fatal(err)
			}
			opts.HelmValues = map[string][]string{abs: {filepath.Join(dir, "values-prod.yaml")}}
		}
		res := parseFile(t, dir, filepath.Join(dir, "Chart.yaml"), opts)
		if len(res.Diags) != 1 || res.Diags[0].Level != tc.level || res.Diags[0].Pos.Line != tc.line ||
			!strings.Contains(res.Diags[0].Message, "chart pools: templates/a.yaml renders invalid YAML") ||
			strings.Contains(res.Diags[0].Message, "default values") != tc.defaults {
			t.Errorf("want one %s at line %d (defaults named: %t), got:\n%s", tc.level, tc.line, tc.defaults, diagText(res.Diags))
		}
	}
}

// Rendered output is bounded.
func TestHelmChartOutputLimit(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"Chart.yaml":       chartYAML,
		"templates/a.yaml": "{{ range until 1024 }}{{ repeat 20000 \"x\" }}\n{{ end }}",
	})
	res := parseFile(t, dir, filepath.Join(dir, "Chart.yaml"), nil)
	if len(res.Diags) != 1 || !strings.Contains(res.Diags[0].Message, "rendered output larger than") {
		t.Errorf("got:\n%s", diagText(res.Diags))
	}
}

// An object a helper writes points at the helper's lines.
func TestHelmChartHelperPositions(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"Chart.yaml":  chartYAML,
		"values.yaml": "pools: [{name: a}, {name: b, cpu: 4}]\n",
		"templates/_pools.tpl": `{{- define "pools.nodepool" -}}
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: {{ .name }}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
  {{- with .cpu }}
  limits:
    cpu: {{ . }}
  {{- end }}
{{- end }}
`,
		"templates/pools.yaml": "{{- range .Values.pools }}\n---\n{{ include \"pools.nodepool\" . }}\n{{- end }}\n",
	})
	res := parseFile(t, dir, filepath.Join(dir, "Chart.yaml"), nil)
	if len(res.Diags) != 0 || len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 2 {
		t.Fatalf("got %+v\n%s", res.Clusters, diagText(res.Diags))
	}
	helper := filepath.ToSlash(filepath.Join(dir, "templates", "_pools.tpl"))
	for _, p := range res.Clusters[0].Pools {
		if p.Pos.File != helper || p.Pos.Line != 2 || p.Name.Pos.Line != 5 {
			t.Errorf("pool %s at %s, name at line %d: want %s:2 and 5", p.Name.Value, p.Pos, p.Name.Pos.Line, helper)
		}
		if p.Name.Value == "b" && (p.Karpenter.Limits.Pos.Line != 12 || p.Karpenter.Limits.Pos.File != helper) {
			t.Errorf("limits at %s, want %s:12 (the limits mapping)", p.Karpenter.Limits.Pos, helper)
		}
	}
}

// Objects of several helpers that open with the same line point at the
// helper that wrote them, not at the first helper holding that line (found
// on giantswarm/cluster-aws, whose cluster and machine pool helpers both
// open with the same apiVersion).
func TestHelmChartHelperSameFirstLine(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"Chart.yaml":  chartYAML,
		"values.yaml": "name: c\npools: {a: {size: 3}}\n",
		"templates/_a_cluster.tpl": `{{- define "cluster" -}}
apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: AWSCluster
metadata:
  name: {{ .Values.name }}
spec:
  region: eu-west-1
{{- end }}
`,
		"templates/_b_pools.tpl": `{{- define "pools" -}}
{{- range $name, $p := .Values.pools }}
apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: AWSMachinePool
metadata:
  name: {{ $.Values.name }}-{{ $name }}
  labels:
    cluster.x-k8s.io/cluster-name: {{ $.Values.name }}
spec:
  minSize: 1
  maxSize: {{ $p.size }}
  awsLaunchTemplate:
    instanceType: m5.large
---
{{- end }}
{{- end }}
`,
		"templates/list.yaml": "{{- include \"cluster\" . }}\n---\n{{- include \"pools\" . }}\n",
	})
	res := parseFile(t, dir, filepath.Join(dir, "Chart.yaml"), nil)
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("got %+v\n%s", res.Clusters, diagText(res.Diags))
	}
	p := res.Clusters[0].Pools[0]
	helper := filepath.ToSlash(filepath.Join(dir, "templates", "_b_pools.tpl"))
	if p.Pos.File != helper || p.Pos.Line != 3 {
		t.Errorf("pool at %s, want %s:3", p.Pos, helper)
	}
	if p.MaxCount.Pos.File != helper || p.MaxCount.Pos.Line != 11 {
		t.Errorf("maxSize at %s, want %s:11", p.MaxCount.Pos, helper)
	}
}

// values.schema.json is not applied: its $ref would make poollint read a
// file outside the root or call a URL.
func TestHelmChartSchemaNotFollowed(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte(`{"type": "object"}`))
	}))
	defer srv.Close()
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.json")
	if err := os.WriteFile(secret, []byte(`TOPSECRET not json`), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := writeChart(t, map[string]string{
		"Chart.yaml":         chartYAML,
		"values.schema.json": `{"allOf": [{"$ref": "` + srv.URL + `/schema.json"}, {"$ref": "file://` + filepath.ToSlash(secret) + `"}], "required": ["cluster"]}`,
		"templates/a.yaml":   "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: a\n",
	})
	res := parseFile(t, dir, filepath.Join(dir, "Chart.yaml"), nil)
	if hits.Load() != 0 {
		t.Errorf("the schema's URL was fetched %d times", hits.Load())
	}
	if text := diagText(res.Diags); strings.Contains(text, "TOPSECRET") || strings.Contains(text, outside) || len(res.Clusters) != 1 {
		t.Errorf("want the chart rendered without its schema, got %d clusters and:\n%s", len(res.Clusters), text)
	}
}

// globMatch never panics, whatever the pattern a template gives.
func FuzzGlobMatch(f *testing.F) {
	f.Add("files/**/{a,b}[!c]?.yaml", "files/x/ad.yaml")
	f.Add("[", "[")
	f.Add("{{}", "\\")
	f.Fuzz(func(t *testing.T, pattern, name string) {
		if len(pattern) > 256 || len(name) > 256 {
			return
		}
		globMatch(pattern, name)
	})
}

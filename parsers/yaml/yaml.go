// Package yaml reads node pools from YAML manifests and CloudFormation:
// eksctl ClusterConfig, Karpenter NodePool (AWS and AKS node
// auto-provisioning), Cluster API (every kind of CAPZ, CAPA and ROSA that
// declares a pool, ClusterClass topologies and the control planes; see
// capi.go), Azure Service Operator v2 ManagedCluster and
// ManagedClustersAgentPool, and
// CloudFormation AWS::EKS::Cluster and AWS::EKS::Nodegroup, and
// self-managed node groups (autoscaling groups tagged with their cluster)
// (YAML with short tags, and JSON). Documents are detected by apiVersion and kind (or by
// AWSTemplateFormatVersion/Resources); YAML that is none of these produces
// nothing and is not an error. Positions come from go.yaml.in/yaml/v3 nodes.
//
// Documents are read as the tool that applies them reads them (see
// consumer in node.go): YAML 1.1 scalars (yes is true, 0777 is 511), the
// last of repeated keys as kubectl keeps it, and merge keys in go-yaml v2's
// order. What that tool rejects or reads differently from how it looks (a
// repeated key, a label value that is a boolean) is an error at its
// position, and the value is unknown. A file that does not parse is an
// error when it looks like one of these formats, and a note when it looks
// like a template to render first (Helm, Go, Jinja) or another tool's YAML.
//
// A directory holding Chart.yaml is a Helm chart: it is rendered offline
// with Helm's own engine (see helm.go and parsers/internal/helm), and the
// documents it renders are read as above, with positions at the lines of
// the templates they come from.
package yaml

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// Parser is the YAML manifest and CloudFormation format.
type Parser struct{}

// Name implements parsers.Parser.
func (Parser) Name() string { return "yaml" }

// Extensions implements parsers.Parser.
func (Parser) Extensions() []string {
	return []string{".yaml", ".yml", ".json", ".template"}
}

// Detect implements parsers.Parser.
func (Parser) Detect(path string, data []byte) bool {
	if filepath.Base(path) == chartFile {
		return true // a Helm chart (apiVersion v1 charts may not say so)
	}
	lower := strings.ToLower(path)
	if strings.HasSuffix(lower, ".json") || strings.HasSuffix(lower, ".template") {
		return bytes.Contains(data, []byte("AWSTemplateFormatVersion")) || bytes.Contains(data, []byte("AWS::EKS::")) ||
			kubernetesJSON(data)
	}
	return bytes.Contains(data, []byte("apiVersion")) || bytes.Contains(data, []byte("AWSTemplateFormatVersion")) ||
		bytes.Contains(data, []byte("AWS::EKS::"))
}

// jsonGroups are the API groups of the Kubernetes-style documents poollint
// reads that their tools also take as JSON (eksctl create cluster -f
// cluster.json, kubectl apply -f pool.json).
var jsonGroups = [][]byte{
	[]byte(`"eksctl.io/`), []byte(`"karpenter.sh/`), []byte(`"karpenter.k8s.aws/`),
	[]byte(`cluster.x-k8s.io/`), []byte(`"containerservice.azure.com/`),
}

// kubernetesJSON reports JSON that looks like one of those documents: an
// apiVersion of a group poollint reads, and a kind.
func kubernetesJSON(data []byte) bool {
	if !bytes.Contains(data, []byte(`"apiVersion"`)) || !bytes.Contains(data, []byte(`"kind"`)) {
		return false
	}
	for _, g := range jsonGroups {
		if bytes.Contains(data, g) {
			return true
		}
	}
	return false
}

// Parse implements parsers.Parser.
func (Parser) Parse(in *parsers.Input) parsers.Result {
	switch render, covered := chartRole(in); {
	case render:
		return parseChart(in)
	case covered:
		return parsers.Result{} // read through the chart's rendering
	}
	var res parsers.Result
	if !utf8.Valid(in.Data) {
		res.Diags = append(res.Diags, parsers.Errorf(nodepool.Pos{File: in.Path, Line: 1, Col: 1}, "file is not valid UTF-8"))
		return res
	}
	dec := yamlv3.NewDecoder(bytes.NewReader(in.Data))
	c := &converter{path: in.Path, budget: maxNodes}
	g := newGrouper(in)
	for i := 0; ; i++ {
		var doc yamlv3.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if d, ok := notOurs(in.Path, in.Data, err); ok {
				return parsers.Result{Diags: []parsers.Diagnostic{d}}
			}
			res.Diags = append(res.Diags, yamlError(in.Path, err))
			break
		}
		c.cons, c.diags, c.repeated = consumerOf(&doc), nil, nil
		n, err := c.convert(&doc, 0)
		if err != nil {
			line := doc.Line
			res.Diags = append(res.Diags, parsers.Errorf(nodepool.Pos{File: in.Path, Line: max(line, 1), Col: 1}, "invalid YAML: %v", err))
			break
		}
		if n == nil || n.kind != yamlv3.MappingNode {
			continue
		}
		// What the node layer found (repeated keys…) is reported for the
		// documents poollint reads, not for every manifest beside them.
		if g.document(n, i, c.cons) {
			if c.cons == cloudFormation {
				c.diags = cfnInScope(n, c.diags, c.repeated) // the resources poollint reads (cfn.go)
			}
			res.Diags = append(res.Diags, c.diags...)
		}
	}
	res.Clusters = g.clusters()
	res.Diags = append(res.Diags, g.diags...)
	res.Diags = tidy(res.Diags)
	return asKustomizePatch(in, res)
}

// tidy drops repeated diagnostics (an anchor's problem is met once per
// alias) and orders them by position.
func tidy(ds []parsers.Diagnostic) []parsers.Diagnostic {
	seen := map[parsers.Diagnostic]bool{}
	out := ds[:0]
	for _, d := range ds {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Pos.Compare(out[j].Pos) < 0
	})
	return out
}

// ours matches what marks a file as one of the formats this parser reads:
// an apiVersion of a family it reads, a kind only those families have, or
// CloudFormation for EKS.
var ours = regexp.MustCompile(`(?m)^[\s-]*["']?apiVersion["']?\s*:\s*["']?(eksctl\.io|karpenter\.sh|([a-z0-9-]+\.)*cluster\.x-k8s\.io|containerservice\.azure\.com)/` +
	`|^[\s-]*["']?kind["']?\s*:\s*["']?(ClusterConfig|NodePool|AzureManagedControlPlane|AzureManagedMachinePool|AWSManagedControlPlane|AWSManagedMachinePool|ManagedClustersAgentPool)\b` +
	`|AWSTemplateFormatVersion|AWS::EKS::`)

// templateMark finds Go/Helm ({{ }}) or Jinja ({% %}) template syntax.
var templateMark = regexp.MustCompile(`\{\{|\{%`)

// helmish finds what only Helm templates use.
var helmish = regexp.MustCompile(`\{\{-?\s*(?:.*\s)?(?:\.Values|\.Release|\.Chart|\.Capabilities|include\s|toYaml|nindent)`)

// notOurs turns a YAML syntax error into a note when the file is a
// template to render first, or YAML of some other tool: poollint could not
// have read it anyway. A file that looks like one of our formats and does
// not parse stays an error.
func notOurs(path string, data []byte, err error) (parsers.Diagnostic, bool) {
	parseErr := yamlError(path, err)
	if loc := templateMark.FindIndex(data); loc != nil {
		line := 1 + bytes.Count(data[:loc[0]], []byte("\n"))
		col := 1 + utf8.RuneCount(data[bytes.LastIndexByte(data[:loc[0]], '\n')+1:loc[0]])
		what := "a Go or Jinja template"
		switch {
		case bytes.Contains(data, []byte("{%")):
			what = "a Jinja template"
		case helmish.Match(data):
			what = "a Helm template"
		}
		return parsers.Notef(nodepool.Pos{File: path, Line: line, Col: col},
			"not read: looks like %s (it is not valid YAML: line %d: %s); render it first (helm template … | poollint scan -)",
			what, parseErr.Pos.Line, strings.TrimPrefix(parseErr.Message, "invalid YAML: ")), true
	}
	if ours.Match(data) {
		return parsers.Diagnostic{}, false
	}
	return parsers.Notef(parseErr.Pos, "not read: not valid YAML (%s), and nothing in it is a format poollint reads",
		strings.TrimPrefix(parseErr.Message, "invalid YAML: ")), true
}

// yamlError turns a decoder error into a diagnostic at its line.
func yamlError(path string, err error) parsers.Diagnostic {
	msg := err.Error()
	line := 1
	// go-yaml reports "yaml: line N: message".
	if rest, ok := strings.CutPrefix(msg, "yaml: line "); ok {
		if num, text, ok := strings.Cut(rest, ": "); ok {
			n := 0
			for _, r := range num {
				if r < '0' || r > '9' {
					n = -1
					break
				}
				n = n*10 + int(r-'0')
			}
			if n > 0 {
				line, msg = n, text
			}
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	return parsers.Errorf(nodepool.Pos{File: path, Line: line, Col: 1}, "invalid YAML: %s", msg)
}

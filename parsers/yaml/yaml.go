// Package yaml reads node pools from YAML manifests and CloudFormation:
// eksctl ClusterConfig, Karpenter NodePool (AWS and AKS node
// auto-provisioning), Cluster API managed machine pools (Azure and AWS),
// Azure Service Operator v2 ManagedCluster and ManagedClustersAgentPool, and
// CloudFormation AWS::EKS::Cluster and AWS::EKS::Nodegroup (YAML with short
// tags, and JSON). Documents are detected by apiVersion and kind (or by
// AWSTemplateFormatVersion/Resources); YAML that is none of these produces
// nothing and is not an error. Positions come from go.yaml.in/yaml/v3 nodes.
package yaml

import (
	"bytes"
	"errors"
	"io"
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
	lower := strings.ToLower(path)
	if strings.HasSuffix(lower, ".json") || strings.HasSuffix(lower, ".template") {
		return bytes.Contains(data, []byte("AWSTemplateFormatVersion")) || bytes.Contains(data, []byte("AWS::EKS::"))
	}
	return bytes.Contains(data, []byte("apiVersion")) || bytes.Contains(data, []byte("AWSTemplateFormatVersion")) ||
		bytes.Contains(data, []byte("AWS::EKS::"))
}

// Parse implements parsers.Parser.
func (Parser) Parse(in *parsers.Input) parsers.Result {
	var res parsers.Result
	if !utf8.Valid(in.Data) {
		res.Diags = append(res.Diags, parsers.Errorf(nodepool.Pos{File: in.Path, Line: 1, Col: 1}, "file is not valid UTF-8"))
		return res
	}
	dec := yamlv3.NewDecoder(bytes.NewReader(in.Data))
	c := &converter{path: in.Path, budget: maxNodes}
	g := newGrouper(in.Path)
	for i := 0; ; i++ {
		var doc yamlv3.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			res.Diags = append(res.Diags, yamlError(in.Path, err))
			break
		}
		n, err := c.convert(&doc, 0)
		if err != nil {
			line := doc.Line
			res.Diags = append(res.Diags, parsers.Errorf(nodepool.Pos{File: in.Path, Line: max(line, 1), Col: 1}, "invalid YAML: %v", err))
			break
		}
		if n == nil || n.kind != yamlv3.MappingNode {
			continue
		}
		g.document(n, i)
	}
	res.Clusters = g.clusters()
	res.Diags = append(res.Diags, g.diags...)
	return res
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

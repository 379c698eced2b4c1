package armtemplate

import (
	"path/filepath"
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/internal/conv"
	"github.com/poollint/poollint/parsers/internal/jsonpos"
)

// ParamSource is the values one parameter file gives: a deploymentParameters
// JSON file, or a file of another format read by that format's parser (a
// .bicepparam file, read in package bicep).
type ParamSource struct {
	Name   string // base name, for messages
	Values map[string]parsers.ParamValue
}

// NewParamSource holds the values a parameter file at path gives.
func NewParamSource(path string, values []parsers.ParamValue) *ParamSource {
	src := &ParamSource{Name: filepath.Base(path), Values: map[string]parsers.ParamValue{}}
	for _, v := range values {
		src.Values[strings.ToLower(v.Name)] = v
	}
	return src
}

// readParamSource reads a parameter file: JSON, or a kind another format
// reads (parsers.ParamReaderFor).
func readParamSource(path string, opts *parsers.Options) (*ParamSource, *parsers.Diagnostic) {
	data, err := ReadCompanion(opts, path)
	if err != nil {
		d := parsers.Errorf(nodepool.Pos{File: path}, "cannot read parameter file: %v", err)
		return nil, &d
	}
	if r := parsers.ParamReaderFor(path); r != nil {
		values, diag := r.ReadParams(path, data)
		if diag != nil {
			return nil, diag
		}
		return NewParamSource(path, values), nil
	}
	root, err := ParseJSON(opts, path, data)
	if err != nil {
		d := SyntaxDiag(path, err)
		return nil, &d
	}
	ps := root.GetFold("parameters")
	if ps == nil || ps.Kind != jsonpos.Object {
		d := parsers.Errorf(nodepool.Pos{File: path, Line: root.Line, Col: root.Col}, "parameter file has no \"parameters\" object")
		return nil, &d
	}
	src := &ParamSource{Name: filepath.Base(path), Values: map[string]parsers.ParamValue{}}
	for _, m := range ps.Obj {
		pv := parsers.ParamValue{Name: m.Key, Value: conv.Because("the parameter file gives " + m.Key + " no value")}
		if v := m.Value.GetFold("value"); v != nil {
			pv.Value = v.Interface() // parameter files hold values, not expressions
		} else if m.Value.GetFold("reference") != nil {
			pv.Ref = true
		}
		src.Values[strings.ToLower(m.Key)] = pv
	}
	return src, nil
}

// applyParams gives the scope's parameters the values of src; parameters the
// template does not declare are ignored (ARM rejects them, but that is not a
// node-pool matter).
func (s *scope) applyParams(src *ParamSource) {
	for key, v := range src.Values {
		p := s.params[key]
		if p == nil {
			continue
		}
		p.fileName = src.Name
		p.fileVal, p.fileHas, p.fileRef = v.Value, !v.Ref, v.Ref
	}
}

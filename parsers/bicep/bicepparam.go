package bicep

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/bicep/syntax"
	"github.com/poollint/poollint/parsers/internal/armtemplate"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// ReadParams implements parsers.ParamReader: a .bicepparam file named by
// --param-file gives its literal values to an ARM template.
func (Parser) ReadParams(path string, data []byte) ([]parsers.ParamValue, *parsers.Diagnostic) {
	bp, err := parseBicepParamText(data)
	if err != nil {
		d := bicepParamDiag(path, err)
		return nil, &d
	}
	return bp.params, nil
}

// parseBicepParam reads a .bicepparam file: the template its `using` names
// (compiled to JSON beside the .bicep file) is evaluated with its values.
func parseBicepParam(in *parsers.Input) parsers.Result {
	var res parsers.Result
	bp, err := parseBicepParamText(in.Data)
	if err != nil {
		res.Diags = append(res.Diags, bicepParamDiag(in.Path, err))
		return res
	}
	if bp.using == "" || bp.using == "none" {
		return res
	}
	target := filepath.ToSlash(filepath.Join(filepath.Dir(in.Path), filepath.FromSlash(bp.using)))
	tmpl := armtemplate.CompiledTemplate(target)
	usingPos := nodepool.Pos{File: in.Path, Line: bp.usingLine, Col: bp.usingCol}
	data, err := armtemplate.ReadCompanion(in.Options, tmpl)
	if err != nil {
		res.Diags = append(res.Diags, parsers.Notef(usingPos,
			"skipped: the compiled template %s was not found (build %s with `bicep build` to check it with these parameters)", tmpl, filepath.Base(target)))
		return res
	}
	root, err := armtemplate.ParseJSON(in.Options, tmpl, data)
	if err != nil {
		res.Diags = append(res.Diags, armtemplate.SyntaxDiag(tmpl, err))
		return res
	}
	if root.GetFold("resources") == nil {
		return res
	}
	tin := &parsers.Input{Path: tmpl, Data: data, Options: in.Options, Ctx: in.Ctx}
	out := armtemplate.Evaluate(tin, root, in.Path, bp.source(in.Path))
	out.Related = append(out.Related, tmpl)
	return out
}

func bicepParamDiag(path string, err error) parsers.Diagnostic {
	if se, ok := err.(*bicepParamError); ok {
		return parsers.Errorf(nodepool.Pos{File: path, Line: se.line, Col: se.col}, "invalid .bicepparam: %s", se.msg)
	}
	return parsers.Errorf(nodepool.Pos{File: path}, "invalid .bicepparam: %v", err)
}

// bicepParams is what a .bicepparam file says.
type bicepParams struct {
	using               string
	usingLine, usingCol int
	params              []parsers.ParamValue
}

func (bp *bicepParams) source(path string) *armtemplate.ParamSource {
	return armtemplate.NewParamSource(path, bp.params)
}

type bicepParamError struct {
	line, col int
	msg       string
}

func (e *bicepParamError) Error() string { return fmt.Sprintf("%d:%d: %s", e.line, e.col, e.msg) }

// parseBicepParamText reads `using '…'` and `param name = value` statements
// with the Bicep parser. Literal values (strings without interpolation,
// numbers, booleans, null, arrays and objects of those) are known; any other
// expression is unknown. A statement the parser cannot read is an error.
func parseBicepParamText(data []byte) (*bicepParams, error) {
	f, err := syntax.Parse(string(data))
	if err != nil {
		var se *syntax.Error
		if errors.As(err, &se) {
			return nil, &bicepParamError{line: se.Pos.Line, col: se.Pos.Col, msg: se.Msg}
		}
		return nil, err
	}
	if len(f.Skipped) > 0 {
		se := f.Skipped[0]
		return nil, &bicepParamError{line: se.Pos.Line, col: se.Pos.Col, msg: se.Msg}
	}
	bp := &bicepParams{}
	for _, d := range f.Decls {
		switch d.Kind {
		case "using":
			bp.using, bp.usingLine, bp.usingCol = d.Type, d.P.Line, d.P.Col
		case "param":
			if d.Value == nil {
				return nil, &bicepParamError{line: d.P.Line, col: d.P.Col, msg: fmt.Sprintf("param %s needs a value (param %s = …)", d.Name, d.Name)}
			}
			bp.params = append(bp.params, parsers.ParamValue{Name: d.Name, Value: literal(d.Value)})
		}
	}
	return bp, nil
}

// literal is the value of a Bicep literal, or an unknown value (saying
// why) for any other expression.
func literal(e syntax.Expr) any {
	switch x := e.(type) {
	case *syntax.String:
		if len(x.Parts) == 1 {
			if s, ok := x.Parts[0].(string); ok {
				return s
			}
		}
		if len(x.Parts) == 0 {
			return ""
		}
	case *syntax.Number:
		if n, err := strconv.ParseInt(x.Text, 10, 64); err == nil {
			return n
		}
	case *syntax.Unary:
		if n, ok := x.X.(*syntax.Number); ok && x.Op == "-" {
			if v, err := strconv.ParseInt("-"+n.Text, 10, 64); err == nil {
				return v
			}
		}
	case *syntax.Bool:
		return x.V
	case *syntax.Null:
		return nil
	case *syntax.Array:
		out := []any{}
		for _, it := range x.Items {
			if _, spread := it.(*syntax.Spread); spread {
				return conv.Because("a spread in the .bicepparam file is not evaluated")
			}
			out = append(out, literal(it))
		}
		return out
	case *syntax.Object:
		out := map[string]any{}
		for _, p := range x.Props {
			if p.Spread || p.KeyExpr != nil || p.Decl.Kind != "" {
				return conv.Because("a spread or computed key in the .bicepparam file is not evaluated")
			}
			out[p.Key] = literal(p.Value)
		}
		return out
	}
	return conv.Because("the .bicepparam value is an expression, which poollint does not evaluate")
}

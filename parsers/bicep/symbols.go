package bicep

import (
	"strings"

	"github.com/poollint/poollint/parsers/bicep/syntax"
)

// symbol is a resource or module declaration of a Bicep file.
type symbol struct {
	d   syntax.Decl
	typ string // a resource's full type, without the API version
	api string
	// parent is the resource a child belongs to: the one it is nested in,
	// or the one its parent: property names.
	parent *symbol
}

// symbols lists a file's resource and module declarations in source order,
// nested children after their parent, with full types and parents.
func symbols(decls []syntax.Decl) []*symbol {
	var out []*symbol
	collect(decls, nil, &out)
	byName := map[string]*symbol{}
	for _, s := range out {
		byName[s.d.Name] = s
	}
	for _, s := range out {
		if o := bodyObject(s.d.Value); o != nil && s.parent == nil {
			for _, p := range o.Props {
				if id, ok := p.Value.(*syntax.Ident); ok && p.Key == "parent" && byName[id.Name] != nil && byName[id.Name] != s {
					s.parent = byName[id.Name]
				}
			}
		}
	}
	return out
}

func collect(decls []syntax.Decl, parent *symbol, out *[]*symbol) {
	for _, d := range decls {
		if d.Kind != "resource" && d.Kind != "module" {
			continue
		}
		s := &symbol{d: d, parent: parent}
		if d.Kind == "resource" {
			typ, api, _ := strings.Cut(d.Type, "@")
			if parent != nil && !strings.Contains(typ, "/") {
				typ = parent.typ + "/" + typ
			}
			s.typ, s.api = typ, api
		}
		*out = append(*out, s)
		if o := bodyObject(d.Value); o != nil {
			var nested []syntax.Decl
			for _, p := range o.Props {
				if p.Decl.Kind == "resource" {
					nested = append(nested, p.Decl)
				}
			}
			collect(nested, s, out)
		}
	}
}

// bodyObject is a resource or module body: an object, possibly under a
// condition or loop.
func bodyObject(e syntax.Expr) *syntax.Object {
	for range 3 {
		switch x := e.(type) {
		case *syntax.Object:
			return x
		case *syntax.For:
			e = x.Body
		case *syntax.If:
			e = x.Body
		}
	}
	return nil
}

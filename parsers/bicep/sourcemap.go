package bicep

import (
	"bytes"
	"path"
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/bicep/syntax"
	"github.com/poollint/poollint/parsers/internal/armtemplate"
	"github.com/poollint/poollint/parsers/internal/jsonpos"
)

// sourceMap maps positions in a compiled template back to the Bicep source
// it was compiled from. The Bicep compiler writes no source map, so one is
// rebuilt by matching the two trees: parameters, variables and outputs by
// name, resources by symbolic name (languageVersion 2.0) or by type and
// order, modules to their nested deployments (following local module
// files), and inside each, object properties by key. A template node the
// Bicep source does not spell out maps to the nearest enclosing property
// or declaration that does.
type sourceMap struct {
	at map[[2]int]mapped
	// want, when not nil, holds the only template positions to map: those
	// of the clusters read (wanted).
	want map[[2]int]bool
	ld   *loader
	// depth bounds module recursion (a module cannot include itself, but a
	// broken checkout could make it look so); modules and bytes count the
	// module files followed and their size, within the translation's
	// limits (maxModules, maxModuleBytes).
	depth, modules, bytes int
	// steps counts nodes mapped, to check the scan's context now and then;
	// cut is set when it is done, and the mapping stops.
	steps int
	cut   bool
	// props indexes object literals' own properties by lower-case key, and
	// the object literals they spread.
	props map[*syntax.Object]*propIndex
	// vars are the variables of the file being mapped, so that
	// `properties: aksProperties` maps into the variable's object.
	vars map[string]syntax.Expr
	// calls are the module declarations that led to the file being mapped.
	calls []nodepool.Pos
}

// mapped is where a template position comes from: a Bicep position and
// the module calls through which that file was reached.
type mapped struct {
	pos   nodepool.Pos
	calls []nodepool.Pos
}

// resolve follows a variable reference to the variable's value.
func (m *sourceMap) resolve(e syntax.Expr) syntax.Expr {
	for range 10 {
		id, ok := e.(*syntax.Ident)
		if !ok || m.vars[id.Name] == nil {
			return e
		}
		e = m.vars[id.Name]
	}
	return e
}

// propIndex is an object literal's properties by lower-case key (the first
// of each), and the object literals its spreads may be.
type propIndex struct {
	byKey   map[string]*syntax.Prop
	spreads []*syntax.Object
}

// buildSourceMap returns nil when either side cannot be read. Module files
// are read through ld.
func buildSourceMap(bicepPath string, src, compiled []byte, ld *loader) *sourceMap {
	return buildSourceMapAt(bicepPath, src, "", compiled, ld, false, nil)
}

// buildSourceMapAt is buildSourceMap with the compiled template's path,
// under which its parse is shared with the scan (parsers.Options.Parsed,
// or ParsedGenerated when poollint produced the template: generated),
// mapping only the positions want holds when it is not nil.
func buildSourceMapAt(bicepPath string, src []byte, compiledPath string, compiled []byte, ld *loader, generated bool, want map[[2]int]bool) *sourceMap {
	f, err := ld.parseSource(bicepPath, src)
	if err != nil {
		return nil
	}
	var root *jsonpos.Node
	if compiledPath != "" && generated {
		root, err = armtemplate.ParseGeneratedJSON(ld.opts, compiledPath, compiled)
	} else if compiledPath != "" {
		root, err = armtemplate.ParseJSON(ld.opts, compiledPath, compiled)
	} else {
		root, err = jsonpos.Parse(compiled)
	}
	if err != nil || root.Kind != jsonpos.Object {
		return nil
	}
	// About one and a half positions are mapped per line of an indented
	// template (28 maps of the shared corpus: 114,000 for 82,000 lines):
	// sized once, the map is not rebuilt as it grows.
	size := len(want)
	if want == nil {
		lines := bytes.Count(compiled, []byte{'\n'})
		size = lines + lines/2
	}
	m := &sourceMap{at: make(map[[2]int]mapped, size), want: want, ld: ld, props: map[*syntax.Object]*propIndex{}}
	m.template(root, bicepPath, f)
	return m
}

// clusterSourceMap is buildSourceMapAt for the positions of the clusters cs
// read from the template compiledPath (those toBicep maps): nil when they
// hold none. Mapping every node of a large template cost 4% of a corpus
// scan, for the few dozen positions looked up.
func clusterSourceMap(cs []*nodepool.Cluster, bicepPath string, src []byte, compiledPath string, compiled []byte, ld *loader, generated bool) *sourceMap {
	want := wanted(cs, compiledPath)
	if want == nil {
		return nil
	}
	return buildSourceMapAt(bicepPath, src, compiledPath, compiled, ld, generated, want)
}

// wanted is the positions in the template compiled that the clusters read
// from it hold, or nil when there are none.
func wanted(cs []*nodepool.Cluster, compiled string) map[[2]int]bool {
	var want map[[2]int]bool
	for _, c := range cs {
		if c.Pos.File != compiled {
			continue
		}
		nodepool.RewritePositions(c, func(p nodepool.Pos) nodepool.Pos {
			if p.File == compiled {
				if want == nil {
					want = map[[2]int]bool{}
				}
				want[[2]int{p.Line, p.Col}] = true
			}
			return p
		})
	}
	return want
}

// step counts one mapped node and reports whether mapping must stop (the
// scan's context is done).
func (m *sourceMap) step() bool {
	if m.steps++; m.steps%1024 == 1 && !m.cut && m.ld.ctx.Err() != nil {
		m.cut = true
	}
	return m.cut
}

// cutShort is an error at when the scan's context ended the mapping:
// positions it did not reach fall back to the file's first line.
func (m *sourceMap) cutShort(at nodepool.Pos) []parsers.Diagnostic {
	if !m.cut {
		return nil
	}
	return []parsers.Diagnostic{parsers.Errorf(at, "evaluation cut short: %v; positions not mapped onto the Bicep lines are the file's first", m.ld.cut())}
}

// lookup maps a position in the compiled template; ok is false for one the
// map does not know.
func (m *sourceMap) lookup(p nodepool.Pos) (nodepool.Pos, bool) {
	q, ok := m.at[[2]int{p.Line, p.Col}]
	return q.pos, ok
}

// callsOf returns the module calls through which a mapped position's file
// was reached (nil for the Bicep file itself).
func (m *sourceMap) callsOf(p nodepool.Pos) []nodepool.Pos {
	return m.at[[2]int{p.Line, p.Col}].calls
}

func (m *sourceMap) record(line, col int, p nodepool.Pos) {
	k := [2]int{line, col}
	if m.want != nil && !m.want[k] {
		return
	}
	if _, dup := m.at[k]; !dup {
		m.at[k] = mapped{pos: p, calls: m.calls}
	}
}

func toPos(file string, p syntax.Pos) nodepool.Pos {
	return nodepool.Pos{File: file, Line: p.Line, Col: p.Col}
}

// candidate is a declaration a compiled resource may come from.
type candidate struct {
	*symbol
	used bool
}

func (m *sourceMap) template(t *jsonpos.Node, file string, f *syntax.File) {
	byKind := map[string]map[string]syntax.Decl{}
	saved := m.vars
	defer func() { m.vars = saved }()
	m.vars = map[string]syntax.Expr{}
	for _, d := range f.Decls {
		if d.Kind == "var" {
			m.vars[d.Name] = d.Value
		}
		if byKind[d.Kind] == nil {
			byKind[d.Kind] = map[string]syntax.Decl{}
		}
		byKind[d.Kind][d.Name] = d
	}
	for _, section := range [][2]string{{"parameters", "param"}, {"variables", "var"}, {"outputs", "output"}} {
		n := t.Get(section[0])
		if n == nil || n.Kind != jsonpos.Object {
			continue
		}
		for _, mem := range n.Obj {
			d, ok := byKind[section[1]][mem.Key]
			if !ok {
				continue
			}
			at := toPos(file, d.P)
			m.record(mem.KeyLine, mem.KeyCol, at)
			if section[0] == "parameters" {
				// The default value is the declaration's value.
				if def := mem.Value.Get("defaultValue"); def != nil {
					m.value(def, d.Value, at, file)
				}
			}
			m.value(mem.Value, nil, at, file)
		}
	}
	resources, modules := newCandidates(), newCandidates()
	for _, s := range symbols(f.Decls) {
		if s.d.Kind == "module" {
			modules.add(s)
		} else {
			resources.add(s)
		}
	}
	rs := t.Get("resources")
	if rs == nil {
		return
	}
	type entry struct {
		sym  string
		node *jsonpos.Node
	}
	var entries []entry
	switch rs.Kind {
	case jsonpos.Array:
		for _, r := range rs.Arr {
			entries = append(entries, entry{node: r})
		}
	case jsonpos.Object:
		for _, mem := range rs.Obj {
			entries = append(entries, entry{sym: mem.Key, node: mem.Value})
		}
	}
	for _, e := range entries {
		if e.node.Kind != jsonpos.Object || m.step() {
			continue
		}
		typ := ""
		if tn := e.node.Get("type"); tn != nil && tn.Kind == jsonpos.String {
			typ = strings.ToLower(tn.Str)
		}
		if typ == "microsoft.resources/deployments" {
			// A deployment is a module, or a resource declared with
			// the deployments type (AVM's telemetry deployment): the
			// better match, a module on a tie.
			d, score := m.best(modules, e.sym, "", e.node, true)
			if r, rs := m.best(resources, e.sym, typ, e.node, false); r != nil && (d == nil || rs > score) {
				d = nil
			}
			if d != nil {
				d.used = true
				m.module(e.node, d.d, file)
				continue
			}
		}
		d := m.pick(resources, e.sym, typ, e.node, false)
		if d == nil {
			continue
		}
		at := toPos(file, d.d.P)
		m.record(e.node.Line, e.node.Col, at)
		m.value(e.node, d.d.Value, at, file)
	}
}

// candidates are the declarations of one file a compiled resource may
// come from, by name and by (lower-case) type, in source order.
type candidates struct {
	byName, byType map[string][]*candidate
}

func newCandidates() *candidates {
	return &candidates{byName: map[string][]*candidate{}, byType: map[string][]*candidate{}}
}

func (cs *candidates) add(s *symbol) {
	c := &candidate{symbol: s}
	cs.byName[s.d.Name] = append(cs.byName[s.d.Name], c)
	typ := strings.ToLower(s.typ)
	cs.byType[typ] = append(cs.byType[typ], c)
}

// unused drops the used candidates at the front of list key of by, which
// are done with, and returns the rest.
func unused(by map[string][]*candidate, key string) []*candidate {
	ds := by[key]
	for len(ds) > 0 && ds[0].used {
		ds = ds[1:]
	}
	by[key] = ds
	return ds
}

// maxScored bounds the declarations scored for one compiled resource (a
// file rarely has more than a few of one type), and 4*maxScored those
// looked at.
const maxScored = 32

// pick finds the declaration for a compiled resource: by symbolic name when
// the template has one (languageVersion 2.0); else, among the first
// declarations of its type not used yet, the one whose properties (a module's params)
// best match the compiled ones, the first in source order on a tie.
func (m *sourceMap) pick(cs *candidates, sym, typ string, n *jsonpos.Node, module bool) *candidate {
	best, _ := m.best(cs, sym, typ, n, module)
	if best != nil {
		best.used = true
	}
	return best
}

// best is the declaration pick would take, with its score, not marked used.
func (m *sourceMap) best(cs *candidates, sym, typ string, n *jsonpos.Node, module bool) (*candidate, int) {
	if sym != "" {
		for _, d := range unused(cs.byName, sym) {
			if !d.used {
				return d, 0
			}
		}
		return nil, 0
	}
	ds := unused(cs.byType, strings.ToLower(typ))
	var best *candidate
	bestScore, scored := 0, 0
	for i, d := range ds {
		if i >= 4*maxScored { // used ones between the unused count too
			break
		}
		if d.used {
			continue
		}
		if scored++; scored > maxScored {
			break
		}
		score := m.overlap(n, d.d, module)
		if best == nil || score > bestScore {
			best, bestScore = d, score
		}
	}
	return best, bestScore
}

// overlap scores how well a compiled resource matches a declaration: keys
// found on both sides count for, keys on one side only against.
func (m *sourceMap) overlap(n *jsonpos.Node, d syntax.Decl, module bool) int {
	inner, field := "properties", ""
	if module {
		field = "parameters"
		inner = "params"
	}
	jn := n.Get("properties")
	if jn != nil && field != "" {
		jn = jn.Get(field)
	}
	var o *syntax.Object
	if body := m.unwrapObject(d.Value); body != nil {
		if p := m.findProp(body, inner); p != nil {
			o = m.unwrapObject(p.Value)
		}
	}
	if jn == nil || jn.Kind != jsonpos.Object || o == nil {
		return 0
	}
	score := -len(o.Props)
	for _, mem := range jn.Obj {
		if m.findProp(o, mem.Key) != nil {
			score += 2
		} else {
			score--
		}
	}
	return score
}

// module maps a nested deployment to its module declaration: parameters to
// the entries of params:, and the inline template to the module's own file
// when it is a local path.
func (m *sourceMap) module(n *jsonpos.Node, d syntax.Decl, file string) {
	at := toPos(file, d.P)
	m.record(n.Line, n.Col, at)
	body := m.unwrapObject(d.Value)
	var params *syntax.Object
	if body != nil {
		for _, p := range body.Props {
			if p.Key == "params" {
				params = m.unwrapObject(p.Value)
			}
		}
	}
	props := n.Get("properties")
	if props != nil && props.Kind == jsonpos.Object {
		if ps := props.Get("parameters"); ps != nil && ps.Kind == jsonpos.Object && params != nil {
			byKey := map[string]*syntax.Prop{}
			for i := range params.Props {
				if p := &params.Props[i]; byKey[p.Key] == nil {
					byKey[p.Key] = p
				}
			}
			for _, mem := range ps.Obj {
				if p := byKey[mem.Key]; p != nil {
					pat := toPos(file, p.KeyPos)
					m.record(mem.KeyLine, mem.KeyCol, pat)
					// {"value": …} wraps the argument.
					m.record(mem.Value.Line, mem.Value.Col, pat)
					if v := mem.Value.Get("value"); v != nil {
						m.value(v, p.Value, pat, file)
					}
					// A for-expression: {"copy": [{"name": "value", …}]}.
					if cp := mem.Value.Get("copy"); cp != nil && cp.Kind == jsonpos.Array {
						as := &syntax.Object{P: p.KeyPos, Props: []syntax.Prop{{Key: "value", KeyPos: p.KeyPos, Value: p.Value}}}
						m.copyLoops(cp, []*syntax.Object{as}, pat, file)
					}
				}
			}
		}
		local := !strings.Contains(d.Type, ":") && strings.HasSuffix(d.Type, ".bicep")
		if tpl := props.Get("template"); tpl != nil && tpl.Kind == jsonpos.Object && local && m.depth < maxModuleDepth && m.modules < maxModules {
			modPath := path.Join(path.Dir(file), d.Type)
			if f, src, err := m.ld.parse(modPath); err == nil && m.bytes+len(src) <= maxModuleBytes {
				m.modules++
				m.bytes += len(src)
				m.depth++
				outer := m.calls
				m.calls = append(append([]nodepool.Pos(nil), outer...), at)
				m.template(tpl, modPath, f)
				m.calls = outer
				m.depth--
			}
		}
	}
	m.value(n, body, at, file)
}

// objects finds the object literals a value may be written as, through
// variables, loops, conditions, both branches of ternaries and the
// arguments of union(), in source order. The search is bounded (maxFound
// objects, maxObjectSteps expressions looked at): a variable made of
// itself (var a = union(a, a)) must not make it exponential.
func (m *sourceMap) objects(e syntax.Expr) []*syntax.Object {
	var out []*syntax.Object
	steps := 0
	var walk func(e syntax.Expr, depth int)
	walk = func(e syntax.Expr, depth int) {
		if depth > 20 || len(out) >= maxFound {
			return
		}
		if steps++; steps > maxObjectSteps {
			return
		}
		switch x := m.resolve(e).(type) {
		case *syntax.Object:
			out = append(out, x)
		case *syntax.For:
			walk(x.Body, depth+1)
		case *syntax.If:
			walk(x.Body, depth+1)
		case *syntax.Ternary:
			walk(x.Then, depth+1)
			walk(x.Else, depth+1)
		case *syntax.Call:
			if x.Name == "union" {
				for _, a := range x.Args {
					walk(a, depth+1)
				}
			}
		}
	}
	walk(e, 0)
	return out
}

const (
	maxFound       = 16
	maxObjectSteps = 64
)

// unwrapObject is the first of objects, or nil.
func (m *sourceMap) unwrapObject(e syntax.Expr) *syntax.Object {
	if os := m.objects(e); len(os) > 0 {
		return os[0]
	}
	return nil
}

// findIn looks key up in each of the objects in turn.
func (m *sourceMap) findIn(os []*syntax.Object, key string) *syntax.Prop {
	for _, o := range os {
		if p := m.findProp(o, key); p != nil {
			return p
		}
	}
	return nil
}

// index is o's propIndex, built once.
func (m *sourceMap) index(o *syntax.Object) *propIndex {
	if ix := m.props[o]; ix != nil {
		return ix
	}
	ix := &propIndex{byKey: map[string]*syntax.Prop{}}
	for i := range o.Props {
		p := &o.Props[i]
		if p.Spread {
			if inner := m.unwrapObject(p.Value); inner != nil {
				ix.spreads = append(ix.spreads, inner)
			}
			continue
		}
		if k := strings.ToLower(p.Key); ix.byKey[k] == nil {
			ix.byKey[k] = p
		}
	}
	m.props[o] = ix
	return ix
}

// findProp looks key up (ignoring case) among an object's properties and
// then, depth first, the object literals it spreads: each object once (a
// spread may lead back to the object), at most maxFound of them.
func (m *sourceMap) findProp(o *syntax.Object, key string) *syntax.Prop {
	key = strings.ToLower(key)
	ix := m.index(o)
	if p := ix.byKey[key]; p != nil || len(ix.spreads) == 0 {
		return p
	}
	seen := map[*syntax.Object]bool{}
	var find func(o *syntax.Object) *syntax.Prop
	find = func(o *syntax.Object) *syntax.Prop {
		if seen[o] || len(seen) >= maxFound {
			return nil
		}
		seen[o] = true
		ix := m.index(o)
		if p := ix.byKey[key]; p != nil {
			return p
		}
		for _, inner := range ix.spreads {
			if p := find(inner); p != nil {
				return p
			}
		}
		return nil
	}
	return find(o)
}

// value maps a template value n written in Bicep as e (nil when the source
// has no matching expression); at is the position of the nearest matched
// source construct.
func (m *sourceMap) value(n *jsonpos.Node, e syntax.Expr, at nodepool.Pos, file string) {
	if m.step() {
		return
	}
	m.record(n.Line, n.Col, at)
	switch n.Kind {
	case jsonpos.Object:
		os := m.objects(e)
		for _, mem := range n.Obj {
			if mem.Key == "copy" && mem.Value.Kind == jsonpos.Array && len(os) > 0 {
				m.copyLoops(mem.Value, os, at, file)
				continue
			}
			p := m.findIn(os, mem.Key)
			if p == nil {
				m.record(mem.KeyLine, mem.KeyCol, at)
				m.value(mem.Value, nil, at, file)
				continue
			}
			pat := toPos(file, p.KeyPos)
			m.record(mem.KeyLine, mem.KeyCol, pat)
			m.value(mem.Value, p.Value, pat, file)
		}
	case jsonpos.Array:
		var items []syntax.Expr
		var body syntax.Expr
		switch x := m.resolve(e).(type) {
		case *syntax.Array:
			items = x.Items
		case *syntax.For:
			body = x.Body
		}
		for i, el := range n.Arr {
			switch {
			case len(items) == len(n.Arr):
				m.value(el, items[i], toPos(file, items[i].Position()), file)
			case body != nil:
				m.value(el, body, at, file)
			default:
				m.value(el, nil, at, file)
			}
		}
	}
}

// copyLoops maps a property loop ("copy": [{"name": p, "input": …}]) to
// the property p written as [for …].
func (m *sourceMap) copyLoops(n *jsonpos.Node, os []*syntax.Object, at nodepool.Pos, file string) {
	for _, c := range n.Arr {
		name := c.Get("name")
		if name == nil || name.Kind != jsonpos.String {
			m.value(c, nil, at, file)
			continue
		}
		p := m.findIn(os, name.Str)
		if p == nil {
			m.value(c, nil, at, file)
			continue
		}
		pat := toPos(file, p.KeyPos)
		m.record(c.Line, c.Col, pat)
		var body syntax.Expr
		if f, ok := m.resolve(p.Value).(*syntax.For); ok {
			body = f.Body
		}
		for _, mem := range c.Obj {
			m.record(mem.KeyLine, mem.KeyCol, pat)
			if mem.Key == "input" {
				m.value(mem.Value, body, pat, file)
			} else {
				m.value(mem.Value, nil, pat, file)
			}
		}
	}
}

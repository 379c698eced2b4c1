// Package config reads .poollint.yaml: which rules run and how severe they
// are, per-rule parameters, excluded paths, parameter and variable files,
// and policy directories. Unknown keys are errors naming the key and line,
// so a typo never silently disables a setting.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/parsers"
)

// FileName is the configuration file looked for.
const FileName = ".poollint.yaml"

// MaxSize bounds a configuration file.
const MaxSize = 1 << 20

// Config is .poollint.yaml.
type Config struct {
	Rules struct {
		// Disable lists rule IDs or names that do not run.
		Disable []string `yaml:"disable"`
		// Only, when given, lists the rules that run; all others do not.
		Only []string `yaml:"only"`
		// Severity overrides a rule's default: error, warning or note.
		Severity map[string]string `yaml:"severity"`
		// Params sets rule parameters: {rule: {name: value}}.
		Params map[string]map[string]any `yaml:"params"`
	} `yaml:"rules"`
	// Exclude holds path globs (relative to the configuration file; ** for
	// any number of directories) that are not scanned.
	Exclude []string `yaml:"exclude"`
	// ParamFiles maps an ARM template to its parameter files.
	ParamFiles map[string][]string `yaml:"param-files"`
	// VarFiles maps a Terraform directory to its variable files.
	VarFiles map[string][]string `yaml:"var-files"`
	// HelmValues maps a Helm chart's directory to values files applied
	// after its values.yaml (helm template -f).
	HelmValues map[string][]string `yaml:"helm-values"`
	// Policies are directories of the team's own Rego policies.
	Policies []string `yaml:"policies"`
	// FailOn is the default of --fail-on.
	FailOn string `yaml:"fail-on"`
	// Preset turns on the rules of a preset ("recommended"), as --preset.
	Preset string `yaml:"preset"`
	// Quota is the vCPU quota by VM family (standardDSv5Family: 100) that
	// poollint diff checks a change's surge against (PL403).
	Quota map[string]int64 `yaml:"quota"`

	// Dir is the directory of the file the configuration came from; the
	// paths above are relative to it.
	Dir string `yaml:"-"`
	// Path is the file itself ("" when no file was found).
	Path string `yaml:"-"`
	// Refused are the path entries that leave Dir: dropped, and reported
	// by the scan as errors at their lines.
	Refused []Refusal `yaml:"-"`

	exclude []*regexp.Regexp
}

// Find looks for .poollint.yaml in start (a file's directory, or a
// directory) and its parents, up to the repository root: the nearest
// directory holding .git or, outside any repository, limit (the scan root;
// "" for no limit). A configuration above that boundary is not applied: it
// is returned as ignored, for the caller to say so. found is "" when there
// is none inside.
func Find(start, limit string) (found, ignored string) {
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", ""
	}
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		dir = filepath.Dir(dir)
	}
	boundary := RepoRoot(dir)
	if boundary == "" && limit != "" {
		if l, err := filepath.Abs(limit); err == nil && within(dir, l) {
			boundary = l
		} else {
			boundary = dir
		}
	}
	for d := dir; ; {
		p := filepath.Join(d, FileName)
		if _, err := os.Lstat(p); err == nil {
			if boundary == "" || within(d, boundary) {
				return p, ""
			}
			return "", p
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", ""
		}
		d = parent
	}
}

// RepoRoot is the nearest of dir (absolute) and its parents holding .git
// (a directory, or a file in a worktree or submodule), or "".
func RepoRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// within reports whether p is dir or below it (both absolute and clean).
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

var unknownField = regexp.MustCompile(`line (\d+): field (\S+) not found`)

// Load reads a configuration file. Paths it names (param-files, var-files,
// policies) must stay inside the file's directory once symbolic links are
// resolved: an entry that leaves it is dropped and listed in Refused (the
// configuration comes with the repository, which may be a stranger's pull
// request; files outside are named on the command line instead). An
// exclude pattern too long to match cheaply is an error.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	f.Close()
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, MaxSize)
	}
	c := &Config{Path: path, Dir: filepath.Dir(path)}
	dec := yamlv3.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		var te *yamlv3.TypeError
		if errors.As(err, &te) {
			var msgs []string
			for _, e := range te.Errors {
				if m := unknownField.FindStringSubmatch(e); m != nil {
					msgs = append(msgs, fmt.Sprintf("%s:%s: unknown key %q", path, m[1], m[2]))
				} else {
					msgs = append(msgs, path+": "+strings.TrimPrefix(e, "yaml: "))
				}
			}
			return nil, errors.New(strings.Join(msgs, "\n"))
		}
		return nil, fmt.Errorf("%s: %v", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var doc yamlv3.Node
	_ = yamlv3.Unmarshal(data, &doc) // decoded above: it parses
	for i, g := range c.Exclude {
		re, err := compileGlob(g)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: exclude %q: %v", path, entryLine(&doc, "exclude", i), truncate(g), err)
		}
		c.exclude = append(c.exclude, re)
	}
	c.confine(&doc)
	return c, nil
}

// Refusal is a configuration entry naming a path outside the configuration
// file's directory.
type Refusal struct {
	Key, Value string // the setting ("param-files") and the path as written
	Line, Col  int
}

func (r Refusal) Error() string {
	return fmt.Sprintf("refused %s entry %q: it resolves outside the directory of %s (name such a file on the command line instead)", r.Key, truncate(r.Value), FileName)
}

// truncate shortens a value quoted in a message.
func truncate(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

// confine drops the path entries that leave the configuration's directory
// and records them in Refused, with their positions in doc.
func (c *Config) confine(doc *yamlv3.Node) {
	dir, err := filepath.Abs(c.Dir)
	if err == nil {
		dir, err = filepath.EvalSymlinks(dir)
	}
	if err != nil {
		return // Load read the file: its directory exists
	}
	inside := func(p string) bool {
		_, err := (&parsers.Options{Roots: []string{dir}}).Confine(c.Resolve(p))
		return !errors.Is(err, parsers.ErrOutsideRoot)
	}
	refuse := func(key string, n *yamlv3.Node, value string) {
		r := Refusal{Key: key, Value: value}
		if n != nil {
			r.Line, r.Col = n.Line, n.Column
		}
		c.Refused = append(c.Refused, r)
	}
	for _, key := range []string{"param-files", "var-files", "helm-values"} {
		m := c.ParamFiles
		switch key {
		case "var-files":
			m = c.VarFiles
		case "helm-values":
			m = c.HelmValues
		}
		for _, k := range sortedKeys(m) {
			if !inside(k) {
				refuse(key, findNode(doc, key, k, ""), k)
				delete(m, k)
				continue
			}
			kept := m[k][:0]
			for _, f := range m[k] {
				if inside(f) {
					kept = append(kept, f)
				} else {
					refuse(key, findNode(doc, key, k, f), f)
				}
			}
			m[k] = kept
		}
	}
	kept := c.Policies[:0]
	for _, p := range c.Policies {
		if inside(p) {
			kept = append(kept, p)
		} else {
			refuse("policies", findNode(doc, "policies", "", p), p)
		}
	}
	c.Policies = kept
	sort.SliceStable(c.Refused, func(i, j int) bool {
		a, b := c.Refused[i], c.Refused[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// topValue returns the value node of a top-level key.
func topValue(doc *yamlv3.Node, key string) *yamlv3.Node {
	if doc == nil || doc.Kind != yamlv3.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	m := doc.Content[0]
	if m.Kind != yamlv3.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// findNode finds an entry's node: under the top-level key, the map key sub
// (when given) and then the list item value (when given).
func findNode(doc *yamlv3.Node, key, sub, value string) *yamlv3.Node {
	n := topValue(doc, key)
	if n != nil && sub != "" && n.Kind == yamlv3.MappingNode {
		var found *yamlv3.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == sub {
				if value == "" {
					return n.Content[i]
				}
				found = n.Content[i+1]
			}
		}
		n = found
	}
	if n == nil || value == "" {
		return n
	}
	for _, item := range n.Content {
		if item.Kind == yamlv3.ScalarNode && item.Value == value {
			return item
		}
	}
	return n
}

// entryLine is the line of item i of a top-level list, or 0.
func entryLine(doc *yamlv3.Node, key string, i int) int {
	if n := topValue(doc, key); n != nil && n.Kind == yamlv3.SequenceNode && i < len(n.Content) {
		return n.Content[i].Line
	}
	return 0
}

// Resolve makes a path from the configuration absolute.
func (c *Config) Resolve(p string) string {
	if filepath.IsAbs(p) || c.Dir == "" {
		return p
	}
	return filepath.Join(c.Dir, p)
}

// Excluded reports whether a path (absolute or relative to the working
// directory) matches an exclude glob.
func (c *Config) Excluded(p string) bool {
	if len(c.Exclude) == 0 {
		return false
	}
	if len(c.exclude) != len(c.Exclude) { // a Config built without Load
		c.exclude = c.exclude[:0]
		for _, g := range c.Exclude {
			if re, err := compileGlob(g); err == nil {
				c.exclude = append(c.exclude, re)
			}
		}
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(c.Dir, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, re := range c.exclude {
		if re.MatchString(rel) {
			return true
		}
	}
	return false
}

// MaxGlob bounds an exclude pattern's length: matching costs the pattern's
// length times the path's, for every file and directory scanned.
const MaxGlob = 256

// compileGlob turns a slash-separated glob into a regular expression
// (Go's, which matches in time linear in the path), with the syntax of
// doublestar and .gitignore: ** spans directories; *, ? and classes ([ab],
// [a-z], [!ab] or [^ab]) stay within one; {a,b} is either alternative
// (alternatives may hold * and ? but not another brace); \ escapes the
// next character. A pattern without a slash matches a base name anywhere.
// Anything else (an unclosed [ or {) is an error, not a pattern that
// silently matches nothing.
func compileGlob(pattern string) (*regexp.Regexp, error) {
	if len(pattern) > MaxGlob {
		return nil, fmt.Errorf("longer than %d characters", MaxGlob)
	}
	if !strings.Contains(pattern, "/") {
		pattern = "**/" + pattern
	}
	var re strings.Builder
	re.WriteString("^")
	inBrace := false
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; c {
		case '*':
			if i+1 < len(pattern) && pattern[i+1] == '*' {
				for i+1 < len(pattern) && pattern[i+1] == '*' {
					i++ // *** is **
				}
				if i+1 < len(pattern) && pattern[i+1] == '/' {
					i++
					re.WriteString("(?:.*/)?")
				} else {
					re.WriteString(".*")
				}
			} else {
				re.WriteString("[^/]*")
			}
		case '?':
			re.WriteString("[^/]")
		case '[':
			end := strings.IndexByte(pattern[i+1:], ']')
			if end == 0 && i+2 < len(pattern) { // []] : a class holding ]
				end = 1 + strings.IndexByte(pattern[i+2:], ']')
			}
			if end < 0 {
				return nil, fmt.Errorf("%q: [ without ]", pattern)
			}
			class := pattern[i+1 : i+1+end]
			i += 1 + end
			neg := strings.HasPrefix(class, "!") || strings.HasPrefix(class, "^")
			if neg {
				class = class[1:]
			}
			if class == "" || strings.Contains(class, "/") {
				return nil, fmt.Errorf("%q: a class must name characters other than /", pattern)
			}
			re.WriteString("[")
			if neg {
				re.WriteString("^/")
			}
			for j := 0; j < len(class); j++ {
				switch ch := class[j]; {
				case ch == '-' && j > 0 && j < len(class)-1:
					re.WriteByte('-')
				case ch == '\\' && j+1 < len(class):
					j++
					re.WriteString(regexp.QuoteMeta(string(class[j])))
				default:
					re.WriteString(regexp.QuoteMeta(string(ch)))
				}
			}
			re.WriteString("]")
		case '{':
			if inBrace {
				return nil, fmt.Errorf("%q: braces inside braces are not supported", pattern)
			}
			if !strings.Contains(pattern[i:], "}") {
				return nil, fmt.Errorf("%q: { without }", pattern)
			}
			inBrace = true
			re.WriteString("(?:")
		case ',':
			if inBrace {
				re.WriteString("|")
			} else {
				re.WriteString(",")
			}
		case '}':
			if !inBrace {
				return nil, fmt.Errorf("%q: } without {", pattern)
			}
			inBrace = false
			re.WriteString(")")
		case '\\':
			if i+1 < len(pattern) {
				i++
				re.WriteString(regexp.QuoteMeta(string(pattern[i])))
			} else {
				re.WriteString(regexp.QuoteMeta("\\"))
			}
		default:
			re.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	re.WriteString("(?:/.*)?$") // a directory pattern excludes what is below it
	return regexp.Compile(re.String())
}

// Default is what `poollint init` writes.
const Default = `# poollint configuration. poollint finds this file by walking up from the
# scanned path to the repository root; --config names another one. Paths are
# relative to this file and must stay in its directory.

rules:
  # Rules that do not run (IDs or names):
  disable: []
  # Run only these rules (leave empty to run all):
  only: []
  # Override a rule's severity (error, warning or note):
  severity: {}
  #   PL020: error
  # Rule parameters (poollint rules ID lists a rule's parameters):
  params: {}

# Paths that are not scanned (doublestar globs: ** spans directories, {a,b}, [ab]):
exclude:
  - "**/testdata/**"

# Parameter files of ARM templates that do not follow X.parameters.json:
param-files: {}
#  infra/aks.json: [infra/env/prod.json]

# Variable files of Terraform directories (terraform.tfvars and *.auto.tfvars
# are always read):
var-files: {}
#  terraform/prod: [terraform/prod/prod.tfvars]

# Values files of Helm charts, applied after the chart's values.yaml:
helm-values: {}
#  charts/karpenter-pools: [charts/karpenter-pools/values-prod.yaml]

# Directories of your own Rego policies:
policies: []

# Lowest severity that fails the run: error, warning, note or none.
fail-on: error

# Also run the best-practice rules of a preset, as warnings (recommended):
# preset: recommended

# vCPU quota by VM family, which poollint diff checks an upgrade's surge
# against (PL403):
# quota: {standardDSv5Family: 100}
`

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
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"
)

// FileName is the configuration file looked for.
const FileName = ".poollint.yaml"

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
	// Policies are directories of the team's own Rego policies.
	Policies []string `yaml:"policies"`
	// FailOn is the default of --fail-on.
	FailOn string `yaml:"fail-on"`

	// Dir is the directory of the file the configuration came from; the
	// paths above are relative to it.
	Dir string `yaml:"-"`
	// Path is the file itself ("" when no file was found).
	Path string `yaml:"-"`
}

// Find looks for .poollint.yaml in start (a file's directory, or a
// directory) and its parents; it returns "" when there is none.
func Find(start string) string {
	dir, err := filepath.Abs(start)
	if err != nil {
		return ""
	}
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		dir = filepath.Dir(dir)
	}
	for {
		p := filepath.Join(dir, FileName)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

var unknownField = regexp.MustCompile(`line (\d+): field (\S+) not found`)

// Load reads a configuration file.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
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
	return c, nil
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
	abs, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(c.Dir, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, g := range c.Exclude {
		if globMatch(g, rel) {
			return true
		}
	}
	return false
}

// globMatch matches slash-separated paths; ** spans directories, * and ?
// stay within one. A pattern without a slash matches a base name anywhere.
func globMatch(pattern, p string) bool {
	if !strings.Contains(pattern, "/") {
		pattern = "**/" + pattern
	}
	var re strings.Builder
	re.WriteString("^")
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; c {
		case '*':
			if i+1 < len(pattern) && pattern[i+1] == '*' {
				i++
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
		default:
			re.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	re.WriteString("(?:/.*)?$") // a directory pattern excludes what is below it
	ok, _ := regexp.MatchString(re.String(), p)
	return ok
}

// Default is what `poollint init` writes.
const Default = `# poollint configuration. poollint finds this file by walking up from the
# scanned path; --config names another one. Paths are relative to this file.

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

# Paths that are not scanned; ** spans directories:
exclude:
  - "**/testdata/**"

# Parameter files of ARM templates that do not follow X.parameters.json:
param-files: {}
#  infra/aks.json: [infra/env/prod.json]

# Variable files of Terraform directories (terraform.tfvars and *.auto.tfvars
# are always read):
var-files: {}
#  terraform/prod: [terraform/prod/prod.tfvars]

# Directories of your own Rego policies:
policies: []

# Lowest severity that fails the run: error, warning, note or none.
fail-on: error
`

package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// project is the part of goreleaser's v2 configuration this runner
// implements. Decoding is strict: a key goreleaser knows but this runner
// does not is an error here, so the two runners cannot silently diverge;
// implement the key (or declare it publish-only below) before using it.
type project struct {
	Version     int        `yaml:"version"`
	ProjectName string     `yaml:"project_name"`
	Builds      []build    `yaml:"builds"`
	Archives    []archive  `yaml:"archives"`
	Checksum    checksum   `yaml:"checksum"`
	SBOMs       []sbomSpec `yaml:"sboms"`
	Snapshot    snapshot   `yaml:"snapshot"`
	DockersV2   []dockerV2 `yaml:"dockers_v2"`

	// Publishing only: goreleaser acts on these, a snapshot never does.
	Release   yaml.Node `yaml:"release"`
	Changelog yaml.Node `yaml:"changelog"`
}

type build struct {
	ID           string        `yaml:"id"`
	Main         string        `yaml:"main"`
	Binary       string        `yaml:"binary"`
	Goos         []string      `yaml:"goos"`
	Goarch       []string      `yaml:"goarch"`
	Ignore       []ignoredPair `yaml:"ignore"`
	Env          []string      `yaml:"env"`
	Flags        stringList    `yaml:"flags"`
	Ldflags      stringList    `yaml:"ldflags"`
	ModTimestamp string        `yaml:"mod_timestamp"`
}

type ignoredPair struct {
	Goos   string `yaml:"goos"`
	Goarch string `yaml:"goarch"`
}

type archive struct {
	ID              string           `yaml:"id"`
	IDs             []string         `yaml:"ids"`
	NameTemplate    string           `yaml:"name_template"`
	Formats         stringList       `yaml:"formats"`
	FormatOverrides []formatOverride `yaml:"format_overrides"`
	BuildsInfo      fileInfo         `yaml:"builds_info"`
	Files           []archiveFile    `yaml:"files"`
}

type formatOverride struct {
	Goos    string     `yaml:"goos"`
	Formats stringList `yaml:"formats"`
}

// archiveFile is a file (glob) added to every archive, written as a plain
// string or as {src, info}, as in goreleaser.
type archiveFile struct {
	Src  string   `yaml:"src"`
	Info fileInfo `yaml:"info"`
}

func (f *archiveFile) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		f.Src = n.Value
		return nil
	}
	if err := checkKeys(n, "src", "info"); err != nil {
		return err
	}
	type plain archiveFile
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*f = archiveFile(p)
	return nil
}

type fileInfo struct {
	MTime string `yaml:"mtime"` // template, RFC 3339
}

func (fi *fileInfo) UnmarshalYAML(n *yaml.Node) error {
	if err := checkKeys(n, "mtime"); err != nil {
		return err
	}
	type plain fileInfo
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*fi = fileInfo(p)
	return nil
}

type checksum struct {
	NameTemplate string `yaml:"name_template"`
	Algorithm    string `yaml:"algorithm"`
}

type sbomSpec struct {
	ID        string   `yaml:"id"`
	Artifacts string   `yaml:"artifacts"`
	Cmd       string   `yaml:"cmd"`
	Args      []string `yaml:"args"`
	Documents []string `yaml:"documents"`
}

type snapshot struct {
	VersionTemplate string `yaml:"version_template"`
}

type dockerV2 struct {
	ID         string            `yaml:"id"`
	IDs        []string          `yaml:"ids"`
	Dockerfile string            `yaml:"dockerfile"`
	Images     []string          `yaml:"images"`
	Tags       []string          `yaml:"tags"`
	Labels     map[string]string `yaml:"labels"`
	Platforms  []string          `yaml:"platforms"`
	ExtraFiles []string          `yaml:"extra_files"`
}

// stringList accepts a list or a single string, as goreleaser's
// StringArray does.
type stringList []string

func (s *stringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*s = stringList{n.Value}
		return nil
	}
	var l []string
	if err := n.Decode(&l); err != nil {
		return err
	}
	*s = l
	return nil
}

// checkKeys refuses a mapping key this runner does not implement: inside
// a custom unmarshaler, yaml.Node.Decode does not apply the decoder's
// KnownFields setting.
func checkKeys(n *yaml.Node, allowed ...string) error {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		return nil // Decode reports the type error
	}
	for i := 0; i < len(n.Content); i += 2 {
		if k := n.Content[i]; !slices.Contains(allowed, k.Value) {
			return fmt.Errorf("line %d: field %s not found (tools/release implements %s)", k.Line, k.Value, strings.Join(allowed, ", "))
		}
	}
	return nil
}

func loadConfig(path string) (*project, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p project
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: %w (tools/release implements a subset of goreleaser's keys)", path, err)
	}
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &p, nil
}

// check refuses what this runner would build differently from goreleaser.
func (p *project) check() error {
	var errs []error
	if p.Version != 2 {
		errs = append(errs, fmt.Errorf("version: %d, want 2 (goreleaser v2 schema)", p.Version))
	}
	if p.ProjectName == "" {
		errs = append(errs, errors.New("project_name is required here (goreleaser would guess it)"))
	}
	ids := map[string]bool{}
	for i, b := range p.Builds {
		if b.ID == "" || b.Main == "" || b.Binary == "" || len(b.Goos) == 0 || len(b.Goarch) == 0 {
			errs = append(errs, fmt.Errorf("builds[%d]: id, main, binary, goos and goarch are required here", i))
		}
		if ids[b.ID] {
			errs = append(errs, fmt.Errorf("builds[%d]: id %q repeated", i, b.ID))
		}
		ids[b.ID] = true
	}
	if len(p.Builds) == 0 {
		errs = append(errs, errors.New("no builds"))
	}
	for i, a := range p.Archives {
		for _, f := range append(append(stringList{}, a.Formats...), overrideFormats(a)...) {
			if f != "tar.gz" && f != "zip" {
				errs = append(errs, fmt.Errorf("archives[%d]: format %q: tools/release writes tar.gz and zip only", i, f))
			}
		}
		for _, id := range a.IDs {
			if !ids[id] {
				errs = append(errs, fmt.Errorf("archives[%d]: no build with id %q", i, id))
			}
		}
	}
	if a := strings.ToLower(p.Checksum.Algorithm); a != "" && a != "sha256" {
		errs = append(errs, fmt.Errorf("checksum.algorithm %q: tools/release writes sha256 only", a))
	}
	for i, s := range p.SBOMs {
		if s.Artifacts != "binary" {
			errs = append(errs, fmt.Errorf("sboms[%d]: artifacts %q: tools/release catalogs binaries only", i, s.Artifacts))
		}
		if s.Cmd == "" || len(s.Documents) != 1 {
			errs = append(errs, fmt.Errorf("sboms[%d]: cmd and one document are required here", i))
		}
	}
	for i, d := range p.DockersV2 {
		for _, id := range d.IDs {
			if !ids[id] {
				errs = append(errs, fmt.Errorf("dockers_v2[%d]: no build with id %q", i, id))
			}
		}
	}
	return errors.Join(errs...)
}

func overrideFormats(a archive) []string {
	var out []string
	for _, o := range a.FormatOverrides {
		out = append(out, o.Formats...)
	}
	return out
}

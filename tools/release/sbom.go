package main

import (
	"crypto/sha1"
	"debug/buildinfo"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"time"
)

// A CycloneDX 1.5 document (JSON), the parts written here.
type cdxBOM struct {
	Schema       string          `json:"$schema"`
	BOMFormat    string          `json:"bomFormat"`
	SpecVersion  string          `json:"specVersion"`
	SerialNumber string          `json:"serialNumber"`
	Version      int             `json:"version"`
	Metadata     cdxMetadata     `json:"metadata"`
	Components   []cdxComponent  `json:"components"`
	Dependencies []cdxDependency `json:"dependencies"`
}

type cdxMetadata struct {
	Timestamp string       `json:"timestamp,omitempty"`
	Tools     cdxTools     `json:"tools"`
	Component cdxComponent `json:"component"`
}

type cdxTools struct {
	Components []cdxComponent `json:"components"`
}

type cdxComponent struct {
	BOMRef     string        `json:"bom-ref,omitempty"`
	Type       string        `json:"type"`
	Name       string        `json:"name"`
	Version    string        `json:"version,omitempty"`
	Hashes     []cdxHash     `json:"hashes,omitempty"`
	PURL       string        `json:"purl,omitempty"`
	Properties []cdxProperty `json:"properties,omitempty"`
}

type cdxHash struct {
	Alg     string `json:"alg"`
	Content string `json:"content"`
}

type cdxProperty struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type cdxDependency struct {
	Ref       string   `json:"ref"`
	DependsOn []string `json:"dependsOn"`
}

// sbomMain: release sbom [-version V] [-date RFC3339] -o FILE BINARY
func sbomMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sbom", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the SBOM to `FILE` (default: standard output)")
	version := fs.String("version", "", "the main module's `VERSION` when the binary's build info has none (a snapshot or a stamped build)")
	date := fs.String("date", "", "the document's timestamp (RFC 3339; default: none, so that the document is reproducible)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: release sbom [-version V] [-date RFC3339] [-o FILE] BINARY")
		return 2
	}
	if *date != "" {
		if _, err := time.Parse(time.RFC3339, *date); err != nil {
			fmt.Fprintln(stderr, "release sbom: -date:", err)
			return 2
		}
	}
	bom, err := sbomOf(fs.Arg(0), *version, *date)
	if err != nil {
		fmt.Fprintln(stderr, "release sbom:", err)
		return 1
	}
	data, err := json.MarshalIndent(bom, "", "  ")
	if err != nil {
		fmt.Fprintln(stderr, "release sbom:", err)
		return 1
	}
	data = append(data, '\n')
	if *out == "" {
		_, err = stdout.Write(data)
	} else {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(stderr, "release sbom:", err)
		return 1
	}
	return 0
}

// sbomOf describes a Go binary from the build information the toolchain
// embedded in it: the main module (the application, with the binary's
// SHA-256), every module compiled in, and the Go standard library.
func sbomOf(path, version, date string) (*cdxBOM, error) {
	bi, err := buildinfo.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sum, err := sha256File(path)
	if err != nil {
		return nil, err
	}
	if version == "" {
		version = mainVersion(bi)
	}
	mainRef := purl(bi.Main.Path, version)
	main := cdxComponent{
		BOMRef:  mainRef,
		Type:    "application",
		Name:    bi.Main.Path,
		Version: version,
		Hashes:  []cdxHash{{Alg: "SHA-256", Content: sum}},
		PURL:    mainRef,
		Properties: []cdxProperty{
			{Name: "go:package", Value: bi.Path},
			{Name: "go:toolchain", Value: bi.GoVersion},
		},
	}
	for _, s := range bi.Settings {
		main.Properties = append(main.Properties, cdxProperty{Name: "go:build:" + s.Key, Value: s.Value})
	}
	goVersion := "v" + strings.TrimPrefix(strings.Fields(bi.GoVersion + " ")[0], "go")
	std := cdxComponent{BOMRef: purl("stdlib", goVersion), Type: "library", Name: "stdlib", Version: goVersion, PURL: purl("stdlib", goVersion)}
	comps := []cdxComponent{std}
	deps := []string{std.BOMRef}
	for _, d := range bi.Deps {
		c := cdxComponent{Type: "library", Name: d.Path, Version: d.Version}
		if d.Sum != "" {
			c.Properties = append(c.Properties, cdxProperty{Name: "go:sum", Value: d.Sum})
		}
		if r := d.Replace; r != nil {
			c.Properties = append(c.Properties, cdxProperty{Name: "go:replaced-by", Value: strings.TrimSpace(r.Path + " " + r.Version)})
			if r.Version != "" {
				c.Name, c.Version = r.Path, r.Version
			}
			if r.Sum != "" {
				c.Properties = append(c.Properties, cdxProperty{Name: "go:sum", Value: r.Sum})
			}
		}
		c.PURL = purl(c.Name, c.Version)
		c.BOMRef = c.PURL
		comps = append(comps, c)
		deps = append(deps, c.BOMRef)
	}
	bom := &cdxBOM{
		Schema:       "http://cyclonedx.org/schema/bom-1.5.schema.json",
		BOMFormat:    "CycloneDX",
		SpecVersion:  "1.5",
		SerialNumber: "urn:uuid:" + uuid5("sha256:"+sum+" "+version+" "+date),
		Version:      1,
		Metadata: cdxMetadata{
			Timestamp: date,
			Tools: cdxTools{Components: []cdxComponent{{
				Type: "application", Name: "poollint tools/release sbom",
				Properties: []cdxProperty{{Name: "go:source", Value: "debug/buildinfo of the binary"}},
			}}},
			Component: main,
		},
		Components: comps,
		// The build info lists the modules, not who imports whom: the
		// application depends on all of them, their own edges are unknown.
		Dependencies: []cdxDependency{{Ref: mainRef, DependsOn: deps}},
	}
	return bom, nil
}

// mainVersion is the main module's version: from the build info, else the
// -X main.version= of the ldflags it records.
func mainVersion(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range bi.Settings {
		if s.Key != "-ldflags" {
			continue
		}
		for _, f := range strings.Fields(s.Value) {
			if v, ok := strings.CutPrefix(f, "main.version="); ok {
				return v
			}
		}
	}
	return ""
}

// purl is the package URL of a Go module: pkg:golang/<path>@<version>.
func purl(path, version string) string {
	var b strings.Builder
	b.WriteString("pkg:golang/")
	for i, seg := range strings.Split(path, "/") {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(url.PathEscape(seg))
	}
	if version != "" {
		b.WriteString("@" + strings.ReplaceAll(url.PathEscape(version), "+", "%2B"))
	}
	if path != "stdlib" {
		b.WriteString("?type=module")
	}
	return b.String()
}

// uuid5 is a name-based (SHA-1) UUID in the URL namespace, so that the same
// binary always gets the same serial number.
func uuid5(name string) string {
	ns := [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	s := hex.EncodeToString(u)
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}

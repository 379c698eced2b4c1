package main

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"text/template"
)

// templateFuncs are the goreleaser template functions this runner knows;
// a template calling another one fails to parse, loudly.
var templateFuncs = template.FuncMap{
	"tolower":    strings.ToLower,
	"toupper":    strings.ToUpper,
	"replace":    strings.ReplaceAll,
	"trimprefix": strings.TrimPrefix,
	"trimsuffix": strings.TrimSuffix,
	"incpatch":   func(v string) (string, error) { return incVersion(v, 2) },
	"incminor":   func(v string) (string, error) { return incVersion(v, 1) },
	"incmajor":   func(v string) (string, error) { return incVersion(v, 0) },
}

// apply renders a goreleaser template with the project's fields and the
// artifact's extra ones. A field this runner does not provide is an error.
func apply(text string, fields, extra map[string]any) (string, error) {
	t, err := template.New("").Option("missingkey=error").Funcs(templateFuncs).Parse(text)
	if err != nil {
		return "", fmt.Errorf("template %q: %w", text, err)
	}
	data := maps.Clone(fields)
	maps.Copy(data, extra)
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("template %q: %w", text, err)
	}
	return b.String(), nil
}

// semver splits "1.2.3-rc.1" (no leading v) into its numbers and prerelease.
func semver(v string) (major, minor, patch int, pre string, err error) {
	core, pre, _ := strings.Cut(v, "-")
	core, _, _ = strings.Cut(core, "+")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return 0, 0, 0, "", fmt.Errorf("version %q is not semver", v)
	}
	var n [3]int
	for i, p := range parts {
		if n[i], err = strconv.Atoi(p); err != nil || n[i] < 0 {
			return 0, 0, 0, "", fmt.Errorf("version %q is not semver", v)
		}
	}
	return n[0], n[1], n[2], pre, nil
}

func incVersion(v string, part int) (string, error) {
	prefix := ""
	if strings.HasPrefix(v, "v") {
		prefix, v = "v", v[1:]
	}
	major, minor, patch, _, err := semver(v)
	if err != nil {
		return "", err
	}
	switch part {
	case 0:
		major, minor, patch = major+1, 0, 0
	case 1:
		minor, patch = minor+1, 0
	default:
		patch++
	}
	return fmt.Sprintf("%s%d.%d.%d", prefix, major, minor, patch), nil
}

// artifactFields are the per-target template fields (goreleaser's Os, Arch,
// Amd64…; Binary and Ext for builds).
func artifactFields(goos, goarch, binary string) map[string]any {
	f := map[string]any{"Os": goos, "Arch": goarch, "Arm": "", "Amd64": "", "Arm64": "", "Mips": "", "Binary": binary, "Ext": exeExt(goos)}
	switch goarch {
	case "amd64":
		f["Amd64"] = "v1"
	case "arm64":
		f["Arm64"] = "v8.0"
	}
	return f
}

func exeExt(goos string) string {
	if goos == "windows" {
		return ".exe"
	}
	return ""
}

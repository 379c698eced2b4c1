package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

const configPath = "../../.goreleaser.yaml"

// TestSnapshotHostTarget runs the release for this machine's target into a
// temporary directory and checks what a user downloads: the archive's
// contents, checksums.txt against the files, the SBOM against go.mod, and
// the binary's version.
func TestSnapshotHostTarget(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the release binary (CGO_ENABLED=0 -trimpath); skipped with -short")
	}
	dist := t.TempDir()
	var log bytes.Buffer
	res, err := run(options{Config: configPath, Dist: dist, SingleTarget: true}, &log)
	if err != nil {
		t.Fatalf("release: %v\n%s", err, log.String())
	}
	if len(res.Binaries) != 1 || len(res.Archives) != 1 || len(res.SBOMs) != 1 {
		t.Fatalf("want one binary, archive and SBOM, got %+v", res)
	}
	bin := res.Binaries[0]
	if bin.Goos != runtime.GOOS || bin.Goarch != runtime.GOARCH {
		t.Errorf("built %s/%s on %s/%s", bin.Goos, bin.Goarch, runtime.GOOS, runtime.GOARCH)
	}
	if !strings.Contains(res.Version, "-SNAPSHOT-") {
		t.Errorf("snapshot version %q", res.Version)
	}

	// The archive: named after the version and target, the binary at the
	// top (executable, byte for byte the one built) and the legal files.
	ext := ".tar.gz"
	if runtime.GOOS == "windows" {
		ext = ".zip"
	}
	wantName := "poollint_" + res.Version + "_" + runtime.GOOS + "_" + runtime.GOARCH + ext
	if got := filepath.Base(res.Archives[0]); got != wantName {
		t.Errorf("archive %s, want %s", got, wantName)
	}
	files := readArchive(t, res.Archives[0])
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	if want := []string{"CHANGELOG.md", "LICENSE", "NOTICE", "README.md", "THIRD_PARTY_LICENSES.md", bin.Name}; !slices.Equal(names, sortedCopy(want)) {
		t.Errorf("archive holds %v, want %v", names, sortedCopy(want))
	}
	built, err := os.ReadFile(bin.Path)
	if err != nil {
		t.Fatal(err)
	}
	if f := files[bin.Name]; !bytes.Equal(f.data, built) || (runtime.GOOS != "windows" && f.mode&0o111 == 0) {
		t.Errorf("the archived binary differs from the built one or is not executable (mode %o)", f.mode)
	}
	for _, legal := range []string{"LICENSE", "NOTICE", "THIRD_PARTY_LICENSES.md"} {
		want, _ := os.ReadFile(filepath.Join("../..", legal))
		if !bytes.Equal(files[legal].data, want) {
			t.Errorf("archived %s differs from the checkout's", legal)
		}
	}

	// checksums.txt: one "<sha256>  <name>" line per archive and SBOM.
	sums, err := os.ReadFile(res.ChecksumFile)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]string{}
	for _, line := range strings.Split(strings.TrimSuffix(string(sums), "\n"), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 {
			t.Fatalf("checksums.txt line %q", line)
		}
		listed[name] = sum
	}
	for _, p := range append(slices.Clone(res.Archives), res.SBOMs...) {
		sum, err := sha256File(p)
		if err != nil {
			t.Fatal(err)
		}
		if listed[filepath.Base(p)] != sum {
			t.Errorf("checksums.txt: %s is %q, the file's SHA-256 is %s", filepath.Base(p), listed[filepath.Base(p)], sum)
		}
		delete(listed, filepath.Base(p))
	}
	if len(listed) > 0 {
		t.Errorf("checksums.txt lists files that were not produced: %v", listed)
	}

	// The SBOM: CycloneDX 1.5, the application with the binary's hash and
	// the snapshot version, and exactly the modules `go list` says the
	// binary compiles in, with their versions; opa's is the one in go.mod.
	data, err := os.ReadFile(res.SBOMs[0])
	if err != nil {
		t.Fatal(err)
	}
	var bom cdxBOM
	if err := json.Unmarshal(data, &bom); err != nil {
		t.Fatal(err)
	}
	if bom.BOMFormat != "CycloneDX" || bom.SpecVersion != "1.5" || !regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(bom.SerialNumber) {
		t.Errorf("not a CycloneDX 1.5 document: %s %s %s", bom.BOMFormat, bom.SpecVersion, bom.SerialNumber)
	}
	app := bom.Metadata.Component
	sum, _ := sha256File(bin.Path)
	if app.Name != "github.com/poollint/poollint" || app.Version != "v"+res.Version || len(app.Hashes) != 1 || app.Hashes[0].Content != sum {
		t.Errorf("SBOM application: %+v (want version v%s, SHA-256 %s)", app, res.Version, sum)
	}
	inSBOM := map[string]cdxComponent{}
	var std cdxComponent
	for _, c := range bom.Components {
		if c.Name == "stdlib" {
			std = c
		} else {
			inSBOM[c.Name] = c
		}
	}
	compiled := compiledModules(t)
	for path, version := range compiled {
		c, ok := inSBOM[path]
		if !ok {
			t.Errorf("the SBOM does not list %s", path)
			continue
		}
		if c.Version != version || c.PURL != "pkg:golang/"+path+"@"+version+"?type=module" {
			t.Errorf("SBOM %s: version %s, purl %s; go list says %s", path, c.Version, c.PURL, version)
		}
	}
	for path := range inSBOM {
		if compiled[path] == "" {
			t.Errorf("the SBOM lists %s, which the binary does not compile in", path)
		}
	}
	if opa := inSBOM["github.com/open-policy-agent/opa"].Version; opa == "" || opa != goModVersion(t, "github.com/open-policy-agent/opa") {
		t.Errorf("SBOM opa version %q, go.mod has %q", opa, goModVersion(t, "github.com/open-policy-agent/opa"))
	}
	if !strings.HasPrefix(std.PURL, "pkg:golang/stdlib@v1.") {
		t.Errorf("SBOM standard library: %+v", std)
	}

	// The binary runs and says which version it is.
	out, err := exec.Command(bin.Path, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s --version: %v\n%s", bin.Path, err, out)
	}
	if !regexp.MustCompile(`^poollint v` + regexp.QuoteMeta(res.Version) + ` \(commit \w+, \d{4}-\d\d-\d\d\)\n$`).Match(out) {
		t.Errorf("--version printed %q", out)
	}

	// The container build context, when this target is an image platform.
	if runtime.GOOS == "linux" {
		ctx := filepath.Join(dist, "container", "poollint")
		for _, f := range []string{"Dockerfile", "Dockerfile.scratch", "scratch/passwd", "LICENSE", "linux/" + runtime.GOARCH + "/poollint"} {
			if _, err := os.Stat(filepath.Join(ctx, f)); err != nil {
				t.Errorf("container context: %v", err)
			}
		}
	}
}

type archived struct {
	data []byte
	mode os.FileMode
}

func readArchive(t *testing.T, path string) map[string]archived {
	t.Helper()
	out := map[string]archived{}
	if strings.HasSuffix(path, ".zip") {
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			out[f.Name] = archived{data, f.Mode()}
		}
		return out
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out[hdr.Name] = archived{data, os.FileMode(hdr.Mode)}
	}
	return out
}

// compiledModules lists the modules (but the main one) of the release
// build's packages, as go list resolves them.
func compiledModules(t *testing.T) map[string]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}}{{end}}{{end}}", "./cmd/poollint")
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	mods := map[string]string{}
	for _, line := range strings.Fields(strings.ReplaceAll(string(out), " ", "@")) {
		path, version, _ := strings.Cut(line, "@")
		mods[path] = version
	}
	return mods
}

// goModVersion is the version go.mod requires of a module.
func goModVersion(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s+` + regexp.QuoteMeta(path) + ` (v\S+)`).FindStringSubmatch(string(data))
	if m == nil {
		t.Fatalf("go.mod does not require %s", path)
	}
	return m[1]
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestGoreleaserConfig is a structural check of .goreleaser.yaml against
// what goreleaser v2 requires for the features used, and against this
// project (the ldflags' variables exist, the files exist). It is not
// goreleaser's own validation (`goreleaser check`), which needs goreleaser.
func TestGoreleaserConfig(t *testing.T) {
	cfg, err := loadConfig(configPath) // strict: only keys both runners know
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(configPath)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"version", "project_name", "builds", "archives", "checksum", "sboms"} {
		if raw[key] == nil {
			t.Errorf("no %s section", key)
		}
	}
	if raw["dockers_v2"] == nil && raw["dockers"] == nil {
		t.Error("no dockers_v2 (or dockers) section")
	}
	if cfg.Version != 2 {
		t.Errorf("version: %d, want 2", cfg.Version)
	}
	mainSrc := func(dir string) string {
		var b strings.Builder
		paths, _ := filepath.Glob(filepath.Join("../..", dir, "*.go"))
		for _, p := range paths {
			if !strings.HasSuffix(p, "_test.go") {
				src, _ := os.ReadFile(p)
				b.Write(src)
			}
		}
		return b.String()
	}
	buildIDs := map[string]bool{}
	for _, b := range cfg.Builds {
		buildIDs[b.ID] = true
		src := mainSrc(b.Main)
		if !strings.Contains(src, "package main") {
			t.Errorf("builds %s: main %s is not a main package", b.ID, b.Main)
		}
		for _, want := range []string{"linux", "darwin", "windows"} {
			if !slices.Contains(b.Goos, want) {
				t.Errorf("builds %s: goos lacks %s", b.ID, want)
			}
		}
		for _, want := range []string{"amd64", "arm64"} {
			if !slices.Contains(b.Goarch, want) {
				t.Errorf("builds %s: goarch lacks %s", b.ID, want)
			}
		}
		if !slices.Contains(b.Env, "CGO_ENABLED=0") || !slices.Contains(b.Flags, "-trimpath") {
			t.Errorf("builds %s: want CGO_ENABLED=0 and -trimpath (static, reproducible), got env %v flags %v", b.ID, b.Env, b.Flags)
		}
		ldflags := strings.Join(b.Ldflags, " ")
		for _, v := range []string{"version", "commit", "date"} {
			if !strings.Contains(ldflags, "-X main."+v+"=") {
				t.Errorf("builds %s: ldflags do not stamp main.%s", b.ID, v)
			}
			// The variable must exist, or -X is silently ignored.
			if !regexp.MustCompile(`(?m)^(var\s+|\s+)` + v + `\s+(string|=)`).MatchString(src) {
				t.Errorf("builds %s: %s declares no string variable %s for -X main.%s", b.ID, b.Main, v, v)
			}
		}
	}
	for _, a := range cfg.Archives {
		if slices.Contains(a.Formats, "binary") || len(a.Formats) == 0 {
			t.Errorf("archives %s: formats %v", a.ID, a.Formats)
		}
		windowsZip := false
		for _, o := range a.FormatOverrides {
			windowsZip = windowsZip || (o.Goos == "windows" && slices.Equal(o.Formats, []string{"zip"}))
		}
		if !windowsZip {
			t.Errorf("archives %s: Windows archives should be zip", a.ID)
		}
		var srcs []string
		for _, f := range a.Files {
			srcs = append(srcs, f.Src)
			if _, err := os.Stat(filepath.Join("../..", f.Src)); err != nil {
				t.Errorf("archives %s: %v", a.ID, err)
			}
		}
		for _, want := range []string{"LICENSE", "NOTICE", "THIRD_PARTY_LICENSES.md", "README.md"} {
			if !slices.Contains(srcs, want) {
				t.Errorf("archives %s: files lack %s", a.ID, want)
			}
		}
	}
	if cfg.Checksum.NameTemplate != "checksums.txt" || cfg.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum: %+v, want checksums.txt with sha256", cfg.Checksum)
	}
	if len(cfg.SBOMs) == 0 {
		t.Error("no SBOM")
	}
	for _, s := range cfg.SBOMs {
		args := strings.Join(s.Args, " ")
		if s.Cmd != "go" || !strings.Contains(args, "github.com/poollint/poollint/tools/release sbom") ||
			!slices.Contains(s.Args, "$document") || !slices.Contains(s.Args, "$artifact") {
			t.Errorf("sboms %s: %s %s does not run this tool on $artifact into $document", s.ID, s.Cmd, args)
		}
	}
	if len(cfg.DockersV2) == 0 {
		t.Error("no dockers_v2 image")
	}
	for _, d := range cfg.DockersV2 {
		if len(d.Images) == 0 || len(d.Tags) == 0 {
			t.Errorf("dockers_v2 %s: no images or tags", d.ID)
		}
		for _, id := range d.IDs {
			if !buildIDs[id] {
				t.Errorf("dockers_v2 %s: no build %s", d.ID, id)
			}
		}
		if !slices.Contains(d.Platforms, "linux/amd64") || !slices.Contains(d.Platforms, "linux/arm64") {
			t.Errorf("dockers_v2 %s: platforms %v", d.ID, d.Platforms)
		}
		for _, f := range append([]string{d.Dockerfile}, d.ExtraFiles...) {
			if _, err := os.Stat(filepath.Join("../..", f)); err != nil {
				t.Errorf("dockers_v2 %s: %v", d.ID, err)
			}
		}
		checkDockerfile(t, filepath.Join("../..", d.Dockerfile))
	}

	// Every template in the file renders with the fields of a release.
	fields := map[string]any{
		"ProjectName": "poollint", "Version": "0.1.0", "RawVersion": "0.1.0", "Tag": "v0.1.0",
		"Commit": "08c5202abcde", "FullCommit": "08c5202abcde", "ShortCommit": "08c5202",
		"CommitDate": "2026-12-02T10:00:00Z", "CommitTimestamp": int64(1796205600),
		"Date": "2026-12-02T10:00:00Z", "Timestamp": int64(1796205600), "IsSnapshot": false,
		"IsGitDirty": false, "IsGitClean": true, "GitTreeState": "clean",
		"Major": 0, "Minor": 1, "Patch": 0, "Prerelease": "", "Env": map[string]string{},
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "{{") {
			if _, err := apply(n.Value, fields, artifactFields("linux", "amd64", "poollint")); err != nil {
				t.Errorf("line %d: %v", n.Line, err)
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
}

// checkDockerfile: a static binary on distroless/static, non-root, working
// in /src, started as `poollint`.
func checkDockerfile(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	for _, want := range []string{
		`(?m)^FROM gcr\.io/distroless/static(-debian\d+)?:nonroot$`,
		`(?m)^COPY \$\{TARGETPLATFORM\}/poollint /usr/local/bin/poollint$`,
		`(?m)^USER [1-9]\d*:[1-9]\d*$`,
		`(?m)^WORKDIR /src$`,
		`(?m)^ENTRYPOINT \["poollint"\]$`,
	} {
		if !regexp.MustCompile(want).MatchString(src) {
			t.Errorf("%s: no line matching %s", path, want)
		}
	}
}

func TestConfigRefusesUnknownKeys(t *testing.T) {
	dir := t.TempDir()
	for name, cfg := range map[string]string{
		"a goreleaser key this runner does not implement": "version: 2\nproject_name: p\nbuilds: [{id: p, main: ., binary: p, goos: [linux], goarch: [amd64], hooks: {pre: make}}]\n",
		"an unknown key inside an archive file":           "version: 2\nproject_name: p\nbuilds: [{id: p, main: ., binary: p, goos: [linux], goarch: [amd64]}]\narchives: [{files: [{src: LICENSE, strip_parent: true}]}]\n",
		"version 1":                                       "version: 1\nproject_name: p\nbuilds: [{id: p, main: ., binary: p, goos: [linux], goarch: [amd64]}]\n",
		"an sbom of archives":                             "version: 2\nproject_name: p\nbuilds: [{id: p, main: ., binary: p, goos: [linux], goarch: [amd64]}]\nsboms: [{artifacts: archive, cmd: syft, documents: [x]}]\n",
		"a tar.xz archive":                                "version: 2\nproject_name: p\nbuilds: [{id: p, main: ., binary: p, goos: [linux], goarch: [amd64]}]\narchives: [{formats: [tar.xz]}]\n",
	} {
		path := filepath.Join(dir, "c.yaml")
		if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := loadConfig(path); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestTemplates(t *testing.T) {
	fields := map[string]any{"Version": "0.1.9", "ShortCommit": "abc1234"}
	for in, want := range map[string]string{
		"{{ incpatch .Version }}-SNAPSHOT-{{ .ShortCommit }}": "0.1.10-SNAPSHOT-abc1234",
		"{{ incminor .Version }}":                             "0.2.0",
		"{{ incmajor .Version }}":                             "1.0.0",
		"{{ .Os }}_{{ .Arch }}{{ .Ext }}":                     "windows_arm64.exe",
	} {
		got, err := apply(in, fields, artifactFields("windows", "arm64", "poollint"))
		if err != nil || got != want {
			t.Errorf("%s: %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"{{ .Branch }}", "{{ time \"2006\" }}", "{{ incpatch .ShortCommit }}"} {
		if _, err := apply(bad, fields, nil); err == nil {
			t.Errorf("%s: rendered without error", bad)
		}
	}
}

func TestPURL(t *testing.T) {
	for _, c := range [][3]string{
		{"github.com/open-policy-agent/opa", "v1.22.3", "pkg:golang/github.com/open-policy-agent/opa@v1.22.3?type=module"},
		{"github.com/Masterminds/semver", "v3.0.0+incompatible", "pkg:golang/github.com/Masterminds/semver@v3.0.0%2Bincompatible?type=module"},
		{"stdlib", "v1.26.8", "pkg:golang/stdlib@v1.26.8"},
	} {
		if got := purl(c[0], c[1]); got != c[2] {
			t.Errorf("purl(%s, %s) = %s, want %s", c[0], c[1], got, c[2])
		}
	}
	if a, b := uuid5("x"), uuid5("y"); a == b || a != uuid5("x") || len(a) != 36 || a[14] != '5' {
		t.Errorf("uuid5: %s %s", a, b)
	}
}

func TestScratchVariant(t *testing.T) {
	src, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	out, passwd, _, err := scratchVariant(string(src))
	if err != nil {
		t.Fatal(err)
	}
	if from := regexp.MustCompile(`(?m)^FROM .*$`).FindAllString(out, -1); !slices.Equal(from, []string{"FROM scratch"}) {
		t.Errorf("scratch variant:\n%s", out)
	}
	if !strings.Contains(passwd, "nonroot:x:65532:65532:") {
		t.Errorf("passwd: %q", passwd)
	}
	for name, bad := range map[string]string{
		"root user":   "FROM a\nUSER 0:0\n",
		"no user":     "FROM a\nWORKDIR /src\n",
		"multi-stage": "FROM a AS b\nFROM c\nUSER 1:1\n",
	} {
		if _, _, _, err := scratchVariant(bad); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestDistIsNotCleanedByAccident(t *testing.T) {
	dist := t.TempDir()
	if err := os.WriteFile(filepath.Join(dist, "old"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r := &runner{dist: dist}
	if err := r.prepareDist(false); err == nil {
		t.Error("a non-empty dist was accepted without --clean")
	}
	if err := os.WriteFile(filepath.Join(dist, "go.mod"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := r.prepareDist(true); err == nil {
		t.Error("--clean removed a directory holding go.mod")
	}
	if _, err := os.Stat(filepath.Join(dist, "old")); err != nil {
		t.Errorf("the refused clean removed files: %v", err)
	}
}

// TestReadmePinnedToARelease: the README's install and CI examples name one
// version, the CHANGELOG's latest release (or, before the first, the one it
// plans), never a branch; the archive and SBOM names it shows are the ones
// .goreleaser.yaml produces.
func TestReadmePinnedToARelease(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	changelog, err := os.ReadFile("../../CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^## \[(\d+\.\d+\.\d+)\]`).FindSubmatch(changelog)
	if m == nil {
		m = regexp.MustCompile(`planned to ship as\s+\*\*v(\d+\.\d+\.\d+)\*\*`).FindSubmatch(changelog)
	}
	if m == nil {
		t.Fatal("CHANGELOG.md names no release, released or planned")
	}
	version := string(m[1])
	for _, branch := range regexp.MustCompile(`poollint@(main|master)\b|rev: (main|master)\b|poollint:latest\b`).FindAll(readme, -1) {
		t.Errorf("README pins a branch: %s", branch)
	}
	pins := regexp.MustCompile(`(?:poollint@|rev: |poollint:|/download/|/tag/)v(\d+\.\d+\.\d+)`).FindAllSubmatch(readme, -1)
	if len(pins) < 5 {
		t.Errorf("README pins only %d examples to a version", len(pins))
	}
	for _, p := range pins {
		if string(p[1]) != version {
			t.Errorf("README: %s, but the release is v%s", p[0], version)
		}
	}
	cfg, err := loadConfig(configPath)
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]any{"ProjectName": cfg.ProjectName, "Version": version}
	archive, err := apply(cfg.Archives[0].NameTemplate, fields, artifactFields("linux", "amd64", "poollint"))
	if err != nil {
		t.Fatal(err)
	}
	sbom, err := apply(cfg.SBOMs[0].Documents[0], fields, artifactFields("<os>", "<arch>", "poollint"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{archive + ".tar.gz", sbom, cfg.Checksum.NameTemplate} {
		if !bytes.Contains(readme, []byte(name)) {
			t.Errorf("README does not show %s, a name .goreleaser.yaml produces", name)
		}
	}
}

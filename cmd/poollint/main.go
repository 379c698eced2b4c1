// Command poollint checks Kubernetes node pool definitions (ARM/Bicep,
// Terraform, eksctl, Karpenter, Cluster API, ASO, CloudFormation) for
// mistakes before they reach the cloud.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/poollint/poollint/baseline"
	"github.com/poollint/poollint/config"
	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/report"
	"github.com/poollint/poollint/rules"
	"github.com/poollint/poollint/scan"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

func main() {
	setMemoryLimit()
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// run is main without os.Exit, for tests.
func run(args []string, stdout, stderr io.Writer) int {
	app := withUsage(withVersion(newApp(stdout, stderr)))
	args, err := prepareArgs(app, args)
	if err == nil {
		err = checkHook(args)
	}
	if err == nil {
		err = app.Run(intersperse(app, args))
	}
	for _, w := range []io.Writer{app.Writer, app.ErrWriter} {
		if sw, ok := w.(*safeWriter); ok {
			sw.flush()
		}
	}
	if err == nil {
		return exitOK
	}
	var ec cli.ExitCoder
	if errors.As(err, &ec) {
		if msg := ec.Error(); msg != "" {
			fmt.Fprintln(stderr, report.SafeLines("poollint: "+msg))
		}
		return exitCode(ec.ExitCode())
	}
	fmt.Fprintln(stderr, report.SafeLines("poollint: "+err.Error()))
	return exitError
}

// defaultTimeout is --timeout's default.
const defaultTimeout = 5 * time.Minute

var configFlag = &cli.StringFlag{Name: "config", Aliases: []string{"c"}, Usage: "configuration `FILE` (default: .poollint.yaml found walking up from the first path to the repository root)"}

func newApp(stdout, stderr io.Writer) *cli.App {
	scanFlags := []cli.Flag{
		&cli.StringSliceFlag{Name: "param-file", Usage: "ARM parameter file `[TEMPLATE=]FILE`; without TEMPLATE it applies to every template"},
		&cli.StringSliceFlag{Name: "var", Usage: "Terraform variable `NAME=VALUE`, as terraform plan -var"},
		&cli.StringSliceFlag{Name: "var-file", Usage: "Terraform variables `FILE`, as terraform plan -var-file"},
		&cli.BoolFlag{Name: "download-modules", Usage: "download Terraform registry modules that are not installed (network), into --module-cache"},
		&cli.StringFlag{Name: "module-cache", Usage: "`DIR` for --download-modules (default: the user cache directory's poollint/modules)"},
		&cli.Int64Flag{Name: "max-file-size", Value: scan.DefaultMaxFileSize, Usage: "skip files larger than this many bytes"},
		&cli.IntFlag{Name: "workers", Usage: "files parsed in parallel (default: number of CPUs)"},
		&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "also report notes (skipped files, expressions not evaluated)"},
		&cli.StringFlag{Name: "root", Usage: "the `DIR` files may be read from (default: the working directory, or each path outside it); links and references leading out of it are refused"},
		&cli.DurationFlag{Name: "timeout", Value: defaultTimeout, Usage: "stop the scan after this long, reporting what was not finished (0: no limit)"},
		&cli.StringFlag{Name: "stdin-filename", Usage: "with the path - (standard input): the file `NAME` it stands for, which decides its format and names it in reports (default " + defaultStdinName + ")"},
		&cli.DurationFlag{Name: "file-timeout", Value: scan.DefaultFileTimeout, Usage: "stop parsing one file after this long, reporting it"},
	}
	scanFlags = append(scanFlags, configFlag)
	policyFlag := &cli.StringSliceFlag{Name: "policy", Aliases: []string{"p"}, Usage: "also run the Rego policies in `DIR` (METADATA gives each rule's id, name, severity)"}
	presetFlag := &cli.StringSliceFlag{Name: "preset", Usage: "also run the rules of preset `NAME` (recommended: pool best practices, as warnings)"}
	app := &cli.App{
		Name:            "poollint",
		Usage:           "lint Kubernetes node pools in ARM, Bicep, Terraform and YAML before they deploy",
		Version:         version,
		Writer:          &safeWriter{w: stdout}, // help, and the library's usage errors (our reports write to stdout directly)
		ErrWriter:       &safeWriter{w: stderr}, // the library's own messages quote arguments
		HideHelpCommand: true,
		// "--var zones=[\"1\",\"2\"]" and paths with commas are one value each.
		DisableSliceFlagSeparator: true,
		ExitErrHandler:            func(*cli.Context, error) {}, // run() maps errors to exit codes
		Commands: []*cli.Command{
			{
				Name:      "scan",
				Usage:     "check node pools in files and directories",
				ArgsUsage: "[PATH...]",
				Flags: append([]cli.Flag{
					&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output format: " + strings.Join(report.Formats(), ", ")},
					&cli.StringSliceFlag{Name: "output", Aliases: []string{"o"}, Usage: "write a report: `FORMAT=FILE`, FORMAT (standard output) or FILE (in --format); repeat for several reports from one scan"},
					&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "exit 1 when a finding is at or above this severity: error, warning, note or none"},
					policyFlag,
					presetFlag,
					&cli.BoolFlag{Name: "parse-only", Hidden: true, Usage: "parse without running rules (for benchmarks)"},
					&cli.BoolFlag{Name: "hook", Hidden: true, Usage: "the pre-commit hook's: the flags must end with -- (see checkHook)"},
					&cli.StringFlag{Name: "changed-since", Usage: "scan only what changed since git `REF` and what it depends on (for pull requests)"},
					&cli.StringFlag{Name: "baseline", Usage: "report only findings not in the baseline `FILE` (matched by fingerprint, not line)"},
					&cli.StringFlag{Name: "write-baseline", Usage: "write the current findings to `FILE` as a baseline"},
					&cli.StringFlag{Name: "sarif-category", Usage: "SARIF automationDetails.id: the `CATEGORY` code scanning tells analyses of one commit apart by (default poollint/)"},
				}, scanFlags...),
				Action: func(c *cli.Context) error { return scanAction(c, stdout, stderr) },
			},
			{
				Name:      "model",
				Usage:     "print the parsed clusters and pools as JSON (the input rules and Rego policies see)",
				ArgsUsage: "[PATH...]",
				Flags: append([]cli.Flag{&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "json",
					Usage: "json (the model), or text (each pool's values that cannot be resolved, and why)"}}, scanFlags...),
				Action: func(c *cli.Context) error { return modelAction(c, stdout, stderr) },
			},
			{
				Name:      "rules",
				Usage:     "list the rules, or print one rule's documentation",
				ArgsUsage: "[ID|NAME]",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "docs", Usage: "write Markdown documentation for every rule into `DIR`"},
					policyFlag,
					presetFlag,
					configFlag,
				},
				Action: func(c *cli.Context) error { return rulesAction(c, stdout, stderr) },
			},
			{
				Name:      "init",
				Usage:     "write a commented default .poollint.yaml",
				ArgsUsage: "[DIR]",
				Action:    func(c *cli.Context) error { return initAction(c, stdout) },
			},
			{
				Name:  "policy",
				Usage: "work with Rego policies",
				Subcommands: []*cli.Command{{
					Name:      "test",
					Usage:     "run the OPA unit tests (*_test.rego) of policy directories",
					ArgsUsage: "DIR...",
					Action:    func(c *cli.Context) error { return policyTestAction(c, stdout) },
				}},
			},
		},
	}
	app.Commands = append(app.Commands, diffCommand(app.Commands[0], app.Commands[0].Action))
	return app
}

// loaded is the configuration of a run and what is known of where it
// came from.
type loaded struct {
	*config.Config
	ignored string // a .poollint.yaml above the repository root, not applied
}

// loadConfig reads --config, or the .poollint.yaml found walking up from
// the first path to the repository root; no file gives an empty
// configuration. A configuration above the repository root is not applied
// (say so on stderr); one named with --config is, wherever it is, except
// through a symbolic link of the repository leading out of it.
func loadConfig(c *cli.Context, stderr io.Writer, paths []string) (*loaded, error) {
	path := c.String("config")
	out := &loaded{Config: &config.Config{}}
	roots, err := scan.Roots(scan.Options{Paths: paths, Root: c.String("root")})
	if err != nil {
		return nil, cli.Exit(err.Error(), exitError)
	}
	if path != "" {
		if leadsOut(path, roots) {
			return nil, cli.Exit(fmt.Sprintf("--config %s: refused: a symbolic link in the scanned root leads out of it", path), exitError)
		}
		if !inRoots(realOr(path), roots) {
			fmt.Fprintln(stderr, report.SafeLine("poollint: applying "+path+" (--config), which is outside the scanned root"))
		}
	} else {
		start := "."
		if len(paths) > 0 {
			start = paths[0]
		}
		limit := c.String("root")
		if limit == "" {
			if first, err := scan.Roots(scan.Options{Paths: []string{start}}); err == nil && len(first) > 0 {
				limit = first[0]
			}
		}
		var ignored string
		path, ignored = config.Find(start, limit)
		if ignored != "" {
			out.ignored = scan.DisplayPath(ignored)
			fmt.Fprintln(stderr, report.SafeLine("poollint: not applying "+out.ignored+": it is above the repository root (name it with --config to apply it)"))
		}
		if path != "" {
			// Found inside the repository (or scan root): it may not be a
			// link to a file elsewhere, whose content an error could quote.
			area := config.RepoRoot(filepath.Dir(path))
			if area == "" {
				area = limit
			}
			if area != "" && !inRoots(realOr(path), append(roots, realOr(area))) {
				return nil, cli.Exit(fmt.Sprintf("%s: refused: it is a symbolic link leading out of the repository", scan.DisplayPath(path)), exitError)
			}
		}
	}
	if path == "" {
		return out, nil
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, cli.Exit(err.Error(), exitError)
	}
	out.Config = cfg
	return out, nil
}

// realOr is p absolute with symbolic links resolved, or as it is when that
// fails.
func realOr(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	return abs
}

// inRoots reports whether an absolute, resolved path is one of the roots
// or below one.
func inRoots(p string, roots []string) bool {
	for _, r := range roots {
		if rel, err := filepath.Rel(r, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// leadsOut reports whether a path named on the command line goes through
// a symbolic link that lies inside the roots and leads out of them. A file
// named on the command line may be anywhere; but when the name leads into
// the scanned repository, where it ends is the repository's choice (a pull
// request can replace infra/prod.tfvars with a link to the runner's
// ~/.docker/config.json), and that is refused like any link out.
func leadsOut(path string, roots []string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	vol := filepath.VolumeName(abs)
	cur := vol + string(filepath.Separator)
	for _, part := range strings.Split(strings.TrimPrefix(abs[len(vol):], string(filepath.Separator)), string(filepath.Separator)) {
		if part == "" {
			continue
		}
		next := filepath.Join(cur, part)
		info, err := os.Lstat(next)
		if err != nil {
			return false // missing: whoever reads it says so
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			cur = next
			continue
		}
		target, err := filepath.EvalSymlinks(next)
		if err != nil {
			return false
		}
		if inRoots(cur, roots) && !inRoots(target, roots) {
			return true
		}
		cur = target
	}
	return false
}

// engineOptions turns the configuration and --policy into engine options.
func engineOptions(c *cli.Context, cfg *config.Config) rules.Options {
	opts := rules.Options{
		PolicyDirs: c.StringSlice("policy"),
		Disable:    cfg.Rules.Disable,
		Only:       cfg.Rules.Only,
		Severity:   cfg.Rules.Severity,
		Params:     cfg.Rules.Params,
		Presets:    c.StringSlice("preset"),
	}
	if cfg.Preset != "" {
		opts.Presets = append(opts.Presets, cfg.Preset)
	}
	if q := rules.QuotaParam(cfg.Quota); q != "" {
		// quota: is PL403's quota parameter, written as a map.
		params := map[string]map[string]any{}
		for k, v := range opts.Params {
			params[k] = v
		}
		p := map[string]any{"quota": q}
		for k, v := range params["PL403"] {
			p[k] = v
		}
		params["PL403"] = p
		opts.Params = params
	}
	if c.String("docs") != "" {
		opts.Presets = rules.Presets() // document every rule
	}
	for _, p := range cfg.Policies {
		opts.PolicyDirs = append(opts.PolicyDirs, cfg.Resolve(p))
	}
	return opts
}

// scanOptions turns the flags and the configuration into scan options.
// Files named with --var-file and --param-file are read wherever they are,
// unless the name leads through a link of the scanned repository to a file
// outside it.
func scanOptions(c *cli.Context, cfg *config.Config) (scan.Options, error) {
	opts := scan.Options{
		Paths:       cliPaths(c),
		MaxFileSize: c.Int64("max-file-size"),
		Workers:     c.Int("workers"),
		Config:      cfg,
		Root:        c.String("root"),
		FileTimeout: c.Duration("file-timeout"),
	}
	if opts.FileTimeout == 0 {
		opts.FileTimeout = -1 // --file-timeout 0: no budget
	}
	roots, err := scan.Roots(opts)
	if err != nil {
		return opts, cli.Exit(err.Error(), exitError)
	}
	named := func(flag, spec, path string) error {
		if _, err := os.Stat(path); err != nil {
			return cli.Exit(fmt.Sprintf("--%s %s: %v", flag, spec, err), exitError)
		}
		if leadsOut(path, roots) {
			return cli.Exit(fmt.Sprintf("--%s %s: refused: a symbolic link in the scanned root leads out of it", flag, spec), exitError)
		}
		return nil
	}
	opts.Vars = c.StringSlice("var")
	if c.Bool("download-modules") {
		opts.ModuleCache = c.String("module-cache")
		if opts.ModuleCache == "" {
			dir, err := os.UserCacheDir()
			if err != nil {
				return opts, cli.Exit(fmt.Sprintf("--download-modules: %v; give --module-cache", err), exitError)
			}
			opts.ModuleCache = filepath.Join(dir, "poollint", "modules")
		}
	}
	for _, vf := range c.StringSlice("var-file") {
		if err := named("var-file", vf, vf); err != nil {
			return opts, err
		}
		opts.VarFiles = append(opts.VarFiles, scan.DisplayPath(vf))
	}
	for _, spec := range c.StringSlice("param-file") {
		pf := parsers.ParamFile{Path: spec}
		if tmpl, file, ok := strings.Cut(spec, "="); ok {
			pf = parsers.ParamFile{Template: tmpl, Path: file}
		}
		if err := named("param-file", spec, pf.Path); err != nil {
			return opts, err
		}
		pf.Path = scan.DisplayPath(pf.Path)
		opts.ParamFiles = append(opts.ParamFiles, pf)
	}
	for _, dir := range c.StringSlice("policy") {
		if leadsOut(dir, roots) {
			return opts, cli.Exit(fmt.Sprintf("--policy %s: refused: a symbolic link in the scanned root leads out of it", dir), exitError)
		}
	}
	return opts, nil
}

// scanContext is the scan's context: done after --timeout.
func scanContext(c *cli.Context) (context.Context, context.CancelFunc) {
	if d := c.Duration("timeout"); d > 0 {
		return context.WithTimeoutCause(context.Background(), d, scan.ErrTimeout)
	}
	return context.WithCancel(context.Background())
}

func scanAction(c *cli.Context, stdout, stderr io.Writer) error {
	outs, err := parseOutputs(c.String("format"), c.IsSet("format"), c.StringSlice("output"))
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	if ref := c.String("changed-since"); strings.HasPrefix(ref, "-") {
		return cli.Exit(fmt.Sprintf("--changed-since: %q is not a git ref (it starts with -)", ref), exitError)
	}
	var fromStdin *stdinFile
	if contains(c.Args().Slice(), "-") {
		if fromStdin, err = readStdin(c, c.Int64("max-file-size")); err != nil {
			return err
		}
		defer fromStdin.close()
	}
	cfg, err := loadConfig(c, stderr, cliPaths(c))
	if err != nil {
		return err
	}
	failOn := c.String("fail-on")
	if !c.IsSet("fail-on") && cfg.FailOn != "" {
		failOn = cfg.FailOn
	}
	var threshold rules.Severity
	if failOn != "none" {
		if threshold, err = rules.ParseSeverity(failOn); err != nil {
			return cli.Exit("--fail-on: "+err.Error(), exitError)
		}
	}
	opts, err := scanOptions(c, cfg.Config)
	if err != nil {
		return err
	}
	if fromStdin != nil {
		opts.Paths, opts.Root = []string{fromStdin.path}, fromStdin.dir
	}
	if ref := c.String("changed-since"); ref != "" {
		files, err := scan.ChangedSince(ref, opts.Paths)
		if err != nil {
			return cli.Exit("--changed-since: "+err.Error(), exitError)
		}
		if opts.Root == "" {
			// The roots of the paths given, not of the files changed.
			if roots, err := scan.Roots(opts); err == nil && len(roots) == 1 {
				opts.Root = roots[0]
			}
		}
		opts.Paths, opts.OnlyListed = files, true
	}
	// The rule engine (Rego compiled, queries prepared) is built while the
	// files are parsed: a pre-commit run on one file pays the longer of the
	// two, not their sum.
	type built struct {
		engine *rules.Engine
		err    error
	}
	engineCh := make(chan built, 1)
	if c.Bool("parse-only") {
		engineCh <- built{} // parsing alone (benchmarks): no engine at all
	} else {
		go func() {
			e, err := rules.NewEngineWith(context.Background(), engineOptions(c, cfg.Config))
			engineCh <- built{e, err}
		}()
	}
	ctx, cancel := scanContext(c)
	defer cancel()
	if isTerminal(os.Stderr) && stderr == os.Stderr {
		opts.Progress = progress(os.Stderr)
		defer fmt.Fprint(os.Stderr, "\r\x1b[K") // clear the progress line
	}
	res := scan.Load(ctx, opts)
	b := <-engineCh
	if b.err != nil {
		return cli.Exit(b.err.Error(), exitError)
	}
	engine := b.engine
	if !c.Bool("parse-only") {
		scan.Check(ctx, engine, opts, res)
		judgeChanges(ctx, c, engine, opts, res)
	}
	fromStdin.rename(res)
	named, shown := c.Args().Slice(), scan.DisplayPath
	if fromStdin != nil {
		named = []string{fromStdin.path}
		shown = func(string) string { return fromStdin.name }
	}
	notes := namedNotes(named, shown, res, cfg.Config)
	res.Diags = append(res.Diags, notes...)
	sort.SliceStable(res.Diags, func(i, j int) bool { return res.Diags[i].Pos.File < res.Diags[j].Pos.File })
	settings := runSettings(c, cfg, engine, failOn, res)

	// Files the command line names for reading or writing: a link of the
	// repository leading out is refused for them too.
	roots, _ := scan.Roots(opts)
	for _, flag := range []string{"baseline", "write-baseline"} {
		path := c.String(flag)
		if flag != "baseline" {
			path = filepath.Dir(path) // the file itself: CreateOutput refuses a link
		}
		if c.String(flag) != "" && leadsOut(path, roots) {
			return cli.Exit(fmt.Sprintf("--%s %s: refused: a symbolic link in the scanned root leads out of it", flag, c.String(flag)), exitError)
		}
	}
	for _, o := range outs {
		if o.path != "" && leadsOut(filepath.Dir(o.path), roots) {
			return cli.Exit(fmt.Sprintf("--output %s: refused: a symbolic link in the scanned root leads out of it", o), exitError)
		}
	}
	all := res.Findings
	var prev *baseline.Baseline
	if path := c.String("baseline"); path != "" {
		if prev, err = baseline.Load(path); err != nil {
			return cli.Exit(err.Error(), exitError)
		}
		settings.Baseline, settings.Baselined = scan.DisplayPath(path), prev.Hidden(all)
		res.Findings = prev.Filter(all)
		stale := prev.Stale(all)
		settings.BaselineStale = len(stale)
		res.Diags = append(res.Diags, staleEntries(settings.Baseline, stale)...)
		finding.SortDiagnostics(res.Diags)
	}
	if path := c.String("write-baseline"); path != "" {
		// Merged with --baseline's entries: what it hid stays accepted.
		if err := baseline.Merge(path, prev, all); err != nil {
			return cli.Exit(err.Error(), exitError)
		}
	}
	wd, _ := os.Getwd()
	in := &report.Input{
		Findings:      res.Findings,
		Diags:         res.Diags,
		Rules:         ruleInfos(engine),
		Files:         res.Files,
		Verbose:       c.Bool("verbose"),
		Version:       version,
		WorkDir:       wd,
		Settings:      settings,
		SARIFCategory: c.String("sarif-category"),
		Seen:          seen(res, notes),
	}
	if ref := c.String("changed-since"); ref != "" {
		base := "."
		if c.NArg() > 0 {
			base = c.Args().First()
		}
		if changed, err := scan.ChangedLines(ref, base); err == nil {
			in.Changed = changed
		}
	}
	color := stdout == os.Stdout && isTerminal(os.Stdout) && os.Getenv("NO_COLOR") == ""
	if err := writeOutputs(outs, in, stdout, color); err != nil {
		return err
	}
	if res.Incomplete() {
		return cli.Exit("", exitError)
	}
	if failOn != "none" && c.String("write-baseline") == "" {
		// Writing a baseline accepts the findings: it does not fail on them.
		for _, f := range res.Findings {
			if f.Suppression == nil && f.Severity >= threshold {
				return cli.Exit("", exitFindings)
			}
		}
	}
	return nil
}

// runSettings gathers what changed which findings the run reports or fails
// on, for the reports to show.
func runSettings(c *cli.Context, cfg *loaded, engine *rules.Engine, failOn string, res *scan.Result) *report.Settings {
	s := &report.Settings{ConfigIgnored: cfg.ignored, Excluded: res.Excluded, GitIgnored: res.GitIgnored}
	if cfg.Path != "" {
		s.Config = scan.DisplayPath(cfg.Path)
	}
	by := map[string]bool{}
	for _, d := range engine.Disabled() {
		s.Disabled = append(s.Disabled, d.Rule.ID+" "+d.Rule.Name)
		if !by[d.By] {
			by[d.By] = true
			s.DisabledBy = append(s.DisabledBy, d.By)
		}
	}
	for _, r := range engine.Rules() {
		if sev, ok := cfg.Rules.Severity[r.ID]; ok {
			s.Severity = append(s.Severity, r.ID+" "+strings.ToLower(sev))
		} else if sev, ok := cfg.Rules.Severity[r.Name]; ok {
			s.Severity = append(s.Severity, r.ID+" "+strings.ToLower(sev))
		}
	}
	if failOn != "error" {
		s.FailOn = failOn
	}
	for _, p := range c.StringSlice("policy") {
		s.Policies = append(s.Policies, scan.DisplayPath(p))
	}
	s.Presets = append(s.Presets, c.StringSlice("preset")...)
	if cfg.Preset != "" && !slices.Contains(s.Presets, cfg.Preset) {
		s.Presets = append(s.Presets, cfg.Preset)
	}
	for _, p := range cfg.Policies {
		s.Policies = append(s.Policies, scan.DisplayPath(cfg.Resolve(p)))
	}
	return s
}

func modelAction(c *cli.Context, stdout, stderr io.Writer) error {
	if f := c.String("format"); f != "json" && f != "text" {
		return cli.Exit(fmt.Sprintf("--format %s: unknown format for poollint model (want json or text)", f), exitError)
	}
	var fromStdin *stdinFile
	if contains(c.Args().Slice(), "-") {
		var err error
		if fromStdin, err = readStdin(c, c.Int64("max-file-size")); err != nil {
			return err
		}
		defer fromStdin.close()
	}
	cfg, err := loadConfig(c, stderr, cliPaths(c))
	if err != nil {
		return err
	}
	opts, err := scanOptions(c, cfg.Config)
	if err != nil {
		return err
	}
	if fromStdin != nil {
		opts.Paths, opts.Root = []string{fromStdin.path}, fromStdin.dir
	}
	ctx, cancel := scanContext(c)
	defer cancel()
	res := scan.Load(ctx, opts)
	fromStdin.rename(res)
	for _, d := range res.Diags {
		if d.Level == parsers.LevelError || c.Bool("verbose") {
			fmt.Fprintln(stderr, report.SafeLine(fmt.Sprintf("%s: %s: %s", d.Pos, d.Level, d.Message)))
		}
	}
	if c.String("format") == "text" {
		if err := writeModelText(stdout, res.Clusters); err != nil {
			return cli.Exit(err.Error(), exitError)
		}
		if res.Incomplete() {
			return cli.Exit("", exitError)
		}
		return nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]any{"clusters": nonNil(res.Clusters)}); err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	// As in the JSON report: "##[" in a value (a file name) is written
	// \u0023#[, the same JSON text, which no CI log takes for a command.
	doc := b.Bytes()
	if fromStdin != nil {
		// Field positions deep in the model name the temporary file too.
		doc = bytes.ReplaceAll(doc, []byte(strconv.Quote(fromStdin.shown)), []byte(strconv.Quote(fromStdin.name)))
	}
	if _, err := stdout.Write(bytes.ReplaceAll(doc, []byte("##["), []byte(`\u0023#[`))); err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	if res.Incomplete() {
		return cli.Exit("", exitError)
	}
	return nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// rulesAction lists the rules that run here: the built-in ones and the
// user policies (--policy and the configuration's), with the
// configuration's severities; the rules it turns off are listed as off.
func rulesAction(c *cli.Context, stdout, stderr io.Writer) error {
	cfg := &loaded{Config: &config.Config{}}
	if c.String("docs") == "" {
		var err error
		if cfg, err = loadConfig(c, stderr, nil); err != nil { // the working directory's
			return err
		}
	}
	engine, err := rules.NewEngineWith(context.Background(), engineOptions(c, cfg.Config))
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	if dir := c.String("docs"); dir != "" {
		if err := rules.WriteDocs(dir, engine.Rules()); err != nil {
			return cli.Exit(err.Error(), exitError)
		}
		return nil
	}
	if c.NArg() > 0 {
		r := findRule(engine, c.Args().First())
		if r == nil {
			return cli.Exit(fmt.Sprintf("no rule %q; `poollint rules` lists them", c.Args().First()), exitError)
		}
		fmt.Fprint(stdout, report.SafeLines(ruleDoc(r)))
		return nil
	}
	line := func(r *rules.Rule, severity, summary string) {
		fmt.Fprintln(stdout, report.SafeLine(fmt.Sprintf("%-7s %-28s %-8s %-20s %s", r.ID, r.Name, severity, strings.Join(r.Platforms, ","), summary)))
	}
	for _, r := range engine.Rules() {
		summary := r.Summary
		if engine.User(r) {
			summary += " (policy " + r.Source + ")"
		}
		line(r, r.Severity.String(), summary)
	}
	for _, d := range engine.Disabled() {
		line(d.Rule, "off", "turned off by "+d.By+" in "+scan.DisplayPath(cfg.Path))
	}
	for _, u := range engine.Unchosen() {
		line(u, "off", u.Summary+" (preset "+u.Preset+": --preset "+u.Preset+")")
	}
	return nil
}

func policyTestAction(c *cli.Context, stdout io.Writer) error {
	if c.NArg() == 0 {
		return cli.Exit("policy test needs at least one policy directory", exitError)
	}
	results, err := rules.TestPolicies(context.Background(), c.Args().Slice())
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	failed := 0
	for _, r := range results {
		status := "PASS"
		if !r.Passed {
			status, failed = "FAIL", failed+1
		}
		msg := fmt.Sprintf("%s %s (%s)", status, r.Name, r.File)
		if r.Err != nil {
			msg += fmt.Sprintf(": %v", r.Err)
		}
		fmt.Fprintln(stdout, report.SafeLines(msg))
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", len(results)-failed, failed)
	if failed > 0 || len(results) == 0 {
		return cli.Exit("", exitFindings)
	}
	return nil
}

func initAction(c *cli.Context, stdout io.Writer) error {
	dir := "."
	if c.NArg() > 0 {
		dir = c.Args().First()
	}
	path := filepath.Join(dir, config.FileName)
	// O_EXCL: neither an existing file nor a symbolic link is written through.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return cli.Exit(path+" exists already; remove it first to write the default", exitError)
	}
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	if _, err := f.WriteString(config.Default); err != nil {
		f.Close()
		return cli.Exit(err.Error(), exitError)
	}
	if err := f.Close(); err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	fmt.Fprintln(stdout, "wrote", path)
	return nil
}

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// progress prints "scanned N/M files" on a terminal, at most every 200 ms
// and only for scans long enough to need it.
func progress(w io.Writer) func(done, total int) {
	var mu sync.Mutex
	start, last := time.Now(), time.Time{}
	return func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if now := time.Now(); now.Sub(start) > time.Second && now.Sub(last) > 200*time.Millisecond {
			last = now
			fmt.Fprintf(w, "\rpoollint: looked at %d/%d files", done, total) // as the summary's "seen:" line counts them
		}
	}
}

// safeWriter writes each complete line through report.SafeLine, so that
// text the CLI library quotes (an argument in "flag provided but not
// defined") prints no workflow command.
type safeWriter struct {
	w       io.Writer
	partial []byte
}

func (s *safeWriter) Write(p []byte) (int, error) {
	s.partial = append(s.partial, p...)
	for {
		i := bytes.IndexByte(s.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		if _, err := io.WriteString(s.w, report.SafeLine(string(s.partial[:i]))+"\n"); err != nil {
			return 0, err
		}
		s.partial = s.partial[i+1:]
	}
}

// flush writes an unfinished last line.
func (s *safeWriter) flush() {
	if len(s.partial) > 0 {
		_, _ = io.WriteString(s.w, report.SafeLine(string(s.partial)))
		s.partial = nil
	}
}

// staleEntries are notes at the baseline file for its entries that no
// longer match a finding.
func staleEntries(file string, es []baseline.Entry) []finding.Diagnostic {
	var out []finding.Diagnostic
	for _, e := range es {
		out = append(out, finding.Notef(nodepool.Pos{File: file}, "baseline entry %s in %s no longer matches a finding (fixed, or not scanned): %s", e.RuleID, e.File, e.Message))
	}
	return out
}

// ruleInfos is the metadata of the engine's rules; none without an engine
// (--parse-only).
func ruleInfos(e *rules.Engine) []*finding.Rule {
	if e == nil {
		return nil
	}
	return rules.Infos(e.Rules())
}

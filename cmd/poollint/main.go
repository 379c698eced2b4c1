// Command poollint checks Kubernetes node pool definitions (ARM/Bicep,
// Terraform, eksctl, Karpenter, Cluster API, ASO, CloudFormation) for
// mistakes before they reach the cloud.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/poollint/poollint/baseline"
	"github.com/poollint/poollint/config"
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
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// run is main without os.Exit, for tests.
func run(args []string, stdout, stderr io.Writer) int {
	app := withVersion(newApp(stdout, stderr))
	err := app.Run(intersperse(app, args))
	if err == nil {
		return exitOK
	}
	var ec cli.ExitCoder
	if errors.As(err, &ec) {
		if msg := ec.Error(); msg != "" {
			fmt.Fprintln(stderr, "poollint:", msg)
		}
		return ec.ExitCode()
	}
	fmt.Fprintln(stderr, "poollint:", err)
	return exitError
}

func newApp(stdout, stderr io.Writer) *cli.App {
	scanFlags := []cli.Flag{
		&cli.StringSliceFlag{Name: "param-file", Usage: "ARM parameter file `[TEMPLATE=]FILE`; without TEMPLATE it applies to every template"},
		&cli.StringSliceFlag{Name: "var", Usage: "Terraform variable `NAME=VALUE`, as terraform plan -var"},
		&cli.StringSliceFlag{Name: "var-file", Usage: "Terraform variables `FILE`, as terraform plan -var-file"},
		&cli.Int64Flag{Name: "max-file-size", Value: scan.DefaultMaxFileSize, Usage: "skip files larger than this many bytes"},
		&cli.IntFlag{Name: "workers", Usage: "files parsed in parallel (default: number of CPUs)"},
		&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "also report notes (skipped files, expressions not evaluated)"},
	}
	scanFlags = append(scanFlags, &cli.StringFlag{Name: "config", Aliases: []string{"c"}, Usage: "configuration `FILE` (default: .poollint.yaml found walking up from the first path)"})
	policyFlag := &cli.StringSliceFlag{Name: "policy", Aliases: []string{"p"}, Usage: "also run the Rego policies in `DIR` (METADATA gives each rule's id, name, severity)"}
	return &cli.App{
		Name:            "poollint",
		Usage:           "lint Kubernetes node pools in ARM, Bicep, Terraform and YAML before they deploy",
		Version:         version,
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		ExitErrHandler:  func(*cli.Context, error) {}, // run() maps errors to exit codes
		Commands: []*cli.Command{
			{
				Name:      "scan",
				Usage:     "check node pools in files and directories",
				ArgsUsage: "[PATH...]",
				Flags: append([]cli.Flag{
					&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output format: " + strings.Join(report.Formats(), ", ")},
					&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the report to `FILE` instead of standard output"},
					&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "exit 1 when a finding is at or above this severity: error, warning, note or none"},
					policyFlag,
					&cli.BoolFlag{Name: "parse-only", Hidden: true, Usage: "parse without running rules (for benchmarks)"},
					&cli.StringFlag{Name: "changed-since", Usage: "scan only what changed since git `REF` and what it depends on (for pull requests)"},
					&cli.StringFlag{Name: "baseline", Usage: "report only findings not in the baseline `FILE` (matched by fingerprint, not line)"},
					&cli.StringFlag{Name: "write-baseline", Usage: "write the current findings to `FILE` as a baseline"},
				}, scanFlags...),
				Action: func(c *cli.Context) error { return scanAction(c, stdout) },
			},
			{
				Name:      "model",
				Usage:     "print the parsed clusters and pools as JSON (the input rules and Rego policies see)",
				ArgsUsage: "[PATH...]",
				Flags:     scanFlags,
				Action:    func(c *cli.Context) error { return modelAction(c, stdout, stderr) },
			},
			{
				Name:      "rules",
				Usage:     "list the rules, or print one rule's documentation",
				ArgsUsage: "[ID|NAME]",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "docs", Usage: "write Markdown documentation for every rule into `DIR`"},
					policyFlag,
				},
				Action: func(c *cli.Context) error { return rulesAction(c, stdout) },
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
}

// loadConfig reads --config, or the .poollint.yaml found walking up from
// the first path; no file gives an empty configuration.
func loadConfig(c *cli.Context) (*config.Config, error) {
	path := c.String("config")
	if path == "" {
		start := "."
		if c.NArg() > 0 {
			start = c.Args().First()
		}
		path = config.Find(start)
	}
	if path == "" {
		return &config.Config{}, nil
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, cli.Exit(err.Error(), exitError)
	}
	return cfg, nil
}

// engineOptions turns the configuration and --policy into engine options.
func engineOptions(c *cli.Context, cfg *config.Config) rules.Options {
	opts := rules.Options{
		PolicyDirs: c.StringSlice("policy"),
		Disable:    cfg.Rules.Disable,
		Only:       cfg.Rules.Only,
		Severity:   cfg.Rules.Severity,
		Params:     cfg.Rules.Params,
	}
	for _, p := range cfg.Policies {
		opts.PolicyDirs = append(opts.PolicyDirs, cfg.Resolve(p))
	}
	return opts
}

func scanOptions(c *cli.Context, cfg *config.Config) (scan.Options, error) {
	opts := scan.Options{
		Paths:       c.Args().Slice(),
		MaxFileSize: c.Int64("max-file-size"),
		Workers:     c.Int("workers"),
		Exclude:     cfg.Excluded,
	}
	for tmpl, files := range cfg.ParamFiles {
		for _, f := range files {
			opts.ParamFiles = append(opts.ParamFiles, parsers.ParamFile{Template: cfg.Resolve(tmpl), Path: scan.DisplayPath(cfg.Resolve(f))})
		}
	}
	for dir, files := range cfg.VarFiles {
		abs, err := filepath.Abs(cfg.Resolve(dir))
		if err != nil {
			continue
		}
		if opts.DirVarFiles == nil {
			opts.DirVarFiles = map[string][]string{}
		}
		for _, f := range files {
			opts.DirVarFiles[abs] = append(opts.DirVarFiles[abs], scan.DisplayPath(cfg.Resolve(f)))
		}
	}
	opts.Vars = c.StringSlice("var")
	for _, vf := range c.StringSlice("var-file") {
		if _, err := os.Stat(vf); err != nil {
			return opts, cli.Exit(fmt.Sprintf("--var-file %s: %v", vf, err), exitError)
		}
		opts.VarFiles = append(opts.VarFiles, scan.DisplayPath(vf))
	}
	for _, spec := range c.StringSlice("param-file") {
		pf := parsers.ParamFile{Path: spec}
		if tmpl, file, ok := strings.Cut(spec, "="); ok {
			pf = parsers.ParamFile{Template: tmpl, Path: file}
		}
		if _, err := os.Stat(pf.Path); err != nil {
			return opts, cli.Exit(fmt.Sprintf("--param-file %s: %v", spec, err), exitError)
		}
		pf.Path = scan.DisplayPath(pf.Path)
		opts.ParamFiles = append(opts.ParamFiles, pf)
	}
	return opts, nil
}

func scanAction(c *cli.Context, stdout io.Writer) error {
	reporter, err := report.Lookup(c.String("format"))
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	cfg, err := loadConfig(c)
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
	opts, err := scanOptions(c, cfg)
	if err != nil {
		return err
	}
	if ref := c.String("changed-since"); ref != "" {
		files, err := scan.ChangedSince(ref, opts.Paths)
		if err != nil {
			return cli.Exit("--changed-since: "+err.Error(), exitError)
		}
		opts.Paths, opts.OnlyListed = files, true
	}
	ctx := context.Background()
	engine, err := rules.NewEngineWith(ctx, engineOptions(c, cfg))
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	if isTerminal(os.Stderr) {
		opts.Progress = progress(os.Stderr)
		defer fmt.Fprint(os.Stderr, "\r\x1b[K") // clear the progress line
	}
	var res *scan.Result
	if c.Bool("parse-only") {
		res = scan.Load(ctx, opts)
	} else {
		res = scan.Run(ctx, engine, opts)
	}

	out := stdout
	if path := c.String("output"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return cli.Exit(err.Error(), exitError)
		}
		defer f.Close()
		out = f
	}
	if path := c.String("baseline"); path != "" {
		b, err := baseline.Load(path)
		if err != nil {
			return cli.Exit(err.Error(), exitError)
		}
		res.Findings = b.Filter(res.Findings)
	}
	if path := c.String("write-baseline"); path != "" {
		if err := baseline.Write(path, res.Findings); err != nil {
			return cli.Exit(err.Error(), exitError)
		}
	}
	wd, _ := os.Getwd()
	in := &report.Input{
		Findings: res.Findings,
		Diags:    res.Diags,
		Rules:    engine.Rules(),
		Files:    res.Files,
		Verbose:  c.Bool("verbose"),
		Version:  version,
		WorkDir:  wd,
		Color:    out == stdout && isTerminal(os.Stdout) && os.Getenv("NO_COLOR") == "",
	}
	if err := reporter(out, in); err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	if res.Incomplete() {
		return cli.Exit("", exitError)
	}
	if failOn != "none" {
		for _, f := range res.Findings {
			if f.Suppression == nil && f.Severity >= threshold {
				return cli.Exit("", exitFindings)
			}
		}
	}
	return nil
}

func modelAction(c *cli.Context, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(c)
	if err != nil {
		return err
	}
	opts, err := scanOptions(c, cfg)
	if err != nil {
		return err
	}
	res := scan.Load(context.Background(), opts)
	for _, d := range res.Diags {
		if d.Level == parsers.LevelError || c.Bool("verbose") {
			fmt.Fprintf(stderr, "%s: %s: %s\n", d.Pos, d.Level, d.Message)
		}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]any{"clusters": nonNil(res.Clusters)}); err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	if res.Incomplete() {
		return cli.Exit("", exitError)
	}
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func rulesAction(c *cli.Context, stdout io.Writer) error {
	engine, err := rules.NewEngineWith(context.Background(), rules.Options{PolicyDirs: c.StringSlice("policy")})
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
		r := engine.Rule(c.Args().First())
		if r == nil {
			return cli.Exit(fmt.Sprintf("no rule %q; `poollint rules` lists them", c.Args().First()), exitError)
		}
		fmt.Fprint(stdout, rules.Markdown(r))
		return nil
	}
	for _, r := range engine.Rules() {
		fmt.Fprintf(stdout, "%-7s %-28s %-8s %-20s %s\n", r.ID, r.Name, r.Severity, strings.Join(r.Platforms, ","), r.Summary)
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
		fmt.Fprintf(stdout, "%s %s (%s)", status, r.Name, r.File)
		if r.Err != nil {
			fmt.Fprintf(stdout, ": %v", r.Err)
		}
		fmt.Fprintln(stdout)
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
	if _, err := os.Stat(path); err == nil {
		return cli.Exit(path+" exists already; remove it first to write the default", exitError)
	}
	if err := os.WriteFile(path, []byte(config.Default), 0o644); err != nil {
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
			fmt.Fprintf(w, "\rpoollint: scanned %d/%d files", done, total)
		}
	}
}

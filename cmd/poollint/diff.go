package main

import (
	"context"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/poollint/poollint/change"
	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/rules"
	"github.com/poollint/poollint/scan"
)

// diffCommand is scan's twin for pull requests: the same flags and exit
// codes, plus --base, reporting what the change does to the node pools
// instead of every finding of the tree.
func diffCommand(scanCmd *cli.Command, action cli.ActionFunc) *cli.Command {
	var flags []cli.Flag
	for _, f := range scanCmd.Flags {
		if f.Names()[0] != "changed-since" {
			flags = append(flags, f)
		}
	}
	flags = append(flags, &cli.StringFlag{Name: "base", Required: true, Usage: "the git `REF` to compare with (a pull request's base: origin/main, a commit)"})
	return &cli.Command{
		Name:      "diff",
		Usage:     "report what a change since a git ref does to the node pools: rejected, replaced, capacity",
		ArgsUsage: "[PATH...]",
		Flags:     flags,
		Action:    action,
	}
}

// judgeChanges reads the model at the base ref (diff's --base, or scan's
// --changed-since) and adds the change rules' findings to res. diff keeps
// only those; scan keeps its own too. A base that cannot be read is an
// error diagnostic: the change was not judged.
func judgeChanges(ctx context.Context, c *cli.Context, engine *rules.Engine, opts scan.Options, res *scan.Result) {
	ref, onlyChanges := c.String("changed-since"), false
	if c.Command.Name == "diff" {
		ref, onlyChanges = c.String("base"), true
	}
	if ref == "" || c.Bool("parse-only") {
		return
	}
	if onlyChanges {
		res.Findings = nil
	}
	base, err := scan.LoadAt(ctx, ref, opts)
	if err != nil {
		res.Diags = append(res.Diags, parsers.Diagnostic{Level: parsers.LevelError, Message: fmt.Sprintf("cannot read the base %s: %v; the change was not judged", ref, err)})
		return
	}
	for _, d := range base.Diags {
		if d.Level == parsers.LevelError {
			d.Level = parsers.LevelNote // the base's own problems do not fail the head
			d.Message = "in the base " + ref + ": " + d.Message
			res.Diags = append(res.Diags, d)
		}
	}
	fs, errs := engine.CheckChanges(ctx, change.Compare(base.Clusters, res.Clusters))
	for _, e := range errs {
		res.Diags = append(res.Diags, parsers.Diagnostic{Level: parsers.LevelError, Message: e.Error()})
	}
	res.Findings = append(res.Findings, fs...)
	rules.SortFindings(res.Findings)
}

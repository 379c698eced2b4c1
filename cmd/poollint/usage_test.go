package main

import (
	"strings"
	"testing"
)

// TestUsage: -v is --verbose wherever it is given; help COMMAND works;
// misspelt commands and flags exit 2 with a suggestion, on standard error
// only; the exit codes are 0, 1 and 2.
func TestUsage(t *testing.T) {
	const bad = "../../fixtures/arm/headline.json"
	cases := []struct {
		name     string
		args     []string
		code     int
		out, err string // substrings; "" for empty output
	}{
		{"-v before the command is verbose and scans", []string{"-v", "scan", bad}, 1, "(PL001 basic-lb-multiple-pools)", ""},
		{"--verbose before the command", []string{"--verbose", "scan", "--format", "json", bad}, 1, `"ruleId": "PL001"`, ""},
		{"a value flag before the command", []string{"--format", "json", "scan", bad}, 1, `"ruleId": "PL001"`, ""},
		{"-V prints the version", []string{"-V"}, 0, "poollint ", ""},
		{"--version prints the version", []string{"--version"}, 0, "poollint ", ""},
		{"help COMMAND", []string{"help", "scan"}, 0, "poollint scan - check node pools", ""},
		{"help alone", []string{"help"}, 0, "COMMANDS:", ""},
		{"help for a subcommand", []string{"help", "policy", "test"}, 0, "poollint policy test - run the OPA unit tests", ""},
		{"help for an unknown command", []string{"help", "sacn"}, 2, "", `unknown command "sacn"; did you mean "scan"?`},
		{"a misspelt command", []string{"sacn", "."}, 2, "", `unknown command "sacn"; did you mean "scan"?`},
		{"a misspelt subcommand", []string{"policy", "tset", "."}, 2, "", `unknown command "policy tset"; did you mean "policy test"?`},
		{"an unknown command far from any", []string{"deploy"}, 2, "", `unknown command "deploy" (poollint help lists the commands)`},
		{"a misspelt flag", []string{"scan", "--formt", "json", bad}, 2, "", "flag provided but not defined: -formt; did you mean --format?"},
		{"no usage text in JSON output", []string{"scan", "--format", "json", "--nope", bad}, 2, "", "(poollint help scan lists the flags)"},
		{"a misspelt flag of poollint", []string{"--verison"}, 2, "", "did you mean --version?"},
		{"rule IDs in any case", []string{"rules", "pl001"}, 0, "# PL001 basic-lb-multiple-pools", ""},
		{"rule names in any case", []string{"rules", "Basic-LB-Multiple-Pools"}, 0, "# PL001 basic-lb-multiple-pools", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := poollint(t, c.args...)
			ok := code == c.code && strings.Contains(out, c.out) && strings.Contains(errOut, c.err)
			if c.out == "" && out != "" || c.err == "" && errOut != "" {
				ok = false
			}
			if !ok {
				t.Errorf("poollint %s: exit %d (want %d)\nstdout:\n%s\nstderr:\n%s", strings.Join(c.args, " "), code, c.code, out, errOut)
			}
		})
	}
	// The rule's documentation in a terminal has no generated-file comment.
	if _, out, _ := poollint(t, "rules", "PL001"); strings.Contains(out, "<!--") || strings.Contains(out, "do not edit") {
		t.Errorf("rules PL001:\n%s", out)
	}
}

func TestNearest(t *testing.T) {
	names := []string{"scan", "model", "rules", "init", "policy", "version"}
	for in, want := range map[string]string{"sacn": "scan", "modle": "model", "rule": "rules", "verison": "version", "x": "", "deploy": "", "SCAN": "scan"} {
		if got := nearest(in, names); got != want {
			t.Errorf("nearest(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestHookNeedsDashes: the pre-commit hooks run `poollint scan --hook ARGS
// FILES`; without a "--" ending ARGS, a staged file named --fail-on=none
// would be a flag, so poollint refuses.
func TestHookNeedsDashes(t *testing.T) {
	const bad = "../../fixtures/arm/headline.json"
	if code, _, errOut := poollint(t, "scan", "--hook", "--fail-on", "warning", bad, "--fail-on=none"); code != 2 || !strings.Contains(errOut, `args must end with "--"`) {
		t.Errorf("no --: exit %d %s", code, errOut)
	}
	if code, out, errOut := poollint(t, "scan", "--hook", "--fail-on", "warning", "--", bad, "--fail-on=none"); code != 2 || !strings.Contains(out, "(PL001 ") || !strings.Contains(out, "--fail-on=none: error: cannot scan") {
		t.Errorf("with --: exit %d\n%s%s", code, out, errOut)
	}
}

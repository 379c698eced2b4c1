package report

import (
	"bytes"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/poollint/poollint/finding"
	"github.com/poollint/poollint/nodepool"
)

const (
	srcRoot = "SRCROOT"
	infoURI = "https://github.com/poollint/poollint"
)

// SARIF writes a SARIF 2.1.0 log that GitHub code scanning accepts: the
// driver's rules with their docs and default levels, one result per finding
// with a relative artifact location, and read problems as tool execution
// notifications.
func SARIF(w io.Writer, in *Input) error {
	doc, err := sarifWithinLimits(in)
	if err != nil {
		return err
	}
	return writeInert(w, doc, `\u0023#[`)
}

// sarifDoc is the SARIF log of the given findings (in.Findings or the part
// of them kept within GitHub's limits); omitted says how many were left out.
func sarifDoc(in *Input, findings []finding.Finding, omitted int) ([]byte, error) {
	log, err := sarif.New(sarif.Version210)
	if err != nil {
		return nil, err
	}
	driver := sarif.NewVersionedDriver("poollint", in.Version).WithInformationURI(infoURI)
	run := sarif.NewRun(*sarif.NewTool(driver))
	if in.WorkDir != "" {
		run.WithOriginalUriBaseIds(map[string]*sarif.ArtifactLocation{
			srcRoot: sarif.NewArtifactLocation().WithUri(dirURI(in.WorkDir)),
		})
	}
	index := map[string]int{}
	for i, r := range in.Rules {
		index[r.ID] = i
		run.AddRule(r.ID).
			WithName(r.Name).
			WithShortDescription(sarif.NewMultiformatMessageString(r.Summary)).
			WithFullDescription(sarif.NewMultiformatMessageString(r.Doc)).
			WithHelp(sarif.NewMultiformatMessageString(joinParas(r.Doc, finding.FixText(r))).WithMarkdown(joinParas("**"+r.Summary+"**", r.Doc, finding.FixMarkdown(r)))).
			WithHelpURI(infoURI + "/blob/" + docsRef(in.Version) + "/docs/rules/" + r.ID + ".md").
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(level(r.Severity))).
			WithProperties(sarif.Properties{
				"tags":             tags(r.Platforms),
				"problem.severity": problemSeverity(r.Severity),
				"precision":        precision(r.Precision),
			})
	}
	for _, f := range findings {
		res := sarif.NewRuleResult(f.RuleID).
			WithLevel(level(f.Severity)).
			WithMessage(sarif.NewTextMessage(f.Message)).
			WithPartialFingerPrints(map[string]interface{}{"poollint/v2": f.Fingerprint()})
		if i, ok := index[f.RuleID]; ok {
			res.WithRuleIndex(i)
		}
		res.AddLocation(location(f.Pos))
		if f.Suppression != nil {
			// go-sarif writes unset guid and status as null, which the schema
			// rejects: give both (the guid is stable, from the fingerprint).
			res.AddSuppression(sarif.NewSuppression("inSource").
				WithJustifcation(f.Suppression.Reason).
				WithLocation(location(f.Suppression.Pos)).
				WithStatus("accepted").
				WithGuid(guid(f.Fingerprint())))
		}
		for _, rel := range f.Related {
			res.AddRelatedLocation(location(rel).WithMessage(sarif.NewTextMessage("module call")))
		}
		run.AddResult(res)
	}
	run.WithAutomationDetails(sarif.NewRunAutomationDetails().WithID(in.sarifCategory()))
	inv := sarif.NewInvocation().WithExecutionSuccess(countErrors(in) == 0)
	for _, d := range in.Diags { // notes too, whatever --verbose says
		n := sarif.NewNotification().WithLevel(diagLevel(d.Level)).WithTextMessage(d.Message)
		n.AddLocation(location(d.Pos))
		inv.AddTToolExecutionNotification(n)
	}
	if omitted > 0 {
		inv.AddTToolExecutionNotification(omittedNotification(omitted, len(findings)))
	}
	for _, line := range in.Seen.lines() {
		inv.AddTToolExecutionNotification(sarif.NewNotification().WithLevel("note").WithTextMessage("poollint " + line))
	}
	if props := in.settingsProperties(); len(props) > 0 {
		inv.Properties = props
	}
	if parts := in.Settings.parts(); len(parts) > 0 {
		// The settings as a note too, where viewers show notifications.
		inv.AddToolConfigurationNotification(sarif.NewNotification().WithLevel("note").
			WithTextMessage("poollint settings: " + strings.Join(parts, "; ")))
	}
	run.AddInvocations(inv)
	log.AddRun(run)
	var b bytes.Buffer
	if err := log.PrettyWrite(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func location(p nodepool.Pos) *sarif.Location {
	phys := sarif.NewPhysicalLocation().
		WithArtifactLocation(sarif.NewSimpleArtifactLocation(fileURI(p.File)).WithUriBaseId(srcRoot))
	if p.Line > 0 {
		region := sarif.NewRegion().WithStartLine(p.Line)
		if p.Col > 0 {
			region.WithStartColumn(p.Col)
		}
		phys.WithRegion(region)
	}
	return sarif.NewLocationWithPhysicalLocation(phys)
}

// fileURI turns a report path into a relative URI reference.
func fileURI(p string) string {
	u := url.URL{Path: filepath.ToSlash(p)}
	return u.EscapedPath()
}

func dirURI(dir string) string {
	s := filepath.ToSlash(dir)
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	if !strings.HasPrefix(s, "/") {
		s = "/" + s
	}
	return (&url.URL{Scheme: "file", Path: s}).String()
}

func level(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	}
	return "note"
}

func diagLevel(l finding.Level) string {
	if l == finding.LevelError {
		return "error"
	}
	return "note"
}

// problemSeverity is GitHub code scanning's severity for non-security rules.
func problemSeverity(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	}
	return "recommendation"
}

// tags are a rule's SARIF tags: kubernetes, node-pool and its platforms,
// each once.
func tags(platforms []string) []string {
	out := []string{"kubernetes", "node-pool"}
	for _, p := range platforms {
		if t := strings.ToLower(p); !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// guid formats 32 hex digits as an RFC 4122 name-based (version 5) UUID,
// as the SARIF schema requires.
func guid(hex32 string) string {
	h := []byte((hex32 + strings.Repeat("0", 32))[:32])
	h[12] = '5'                                                    // version
	h[16] = "89ab"[strings.IndexByte("0123456789abcdef", h[16])&3] // variant
	s := string(h)
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}

// settingsProperties are the run's settings (Input.Settings) and counts of
// findings not reported, as SARIF invocation properties.
func (in *Input) settingsProperties() sarif.Properties {
	props := sarif.Properties{}
	if _, suppressed := in.tally(); suppressed > 0 {
		props["suppressedFindings"] = suppressed
	}
	s := in.Settings
	if s == nil {
		return props
	}
	if s.Config != "" {
		props["config"] = s.Config
	}
	if s.ConfigIgnored != "" {
		props["configIgnored"] = s.ConfigIgnored
	}
	if len(s.Disabled) > 0 {
		props["disabledRules"] = s.Disabled
		props["disabledBy"] = s.DisabledBy
	}
	if len(s.Severity) > 0 {
		props["severityOverrides"] = s.Severity
	}
	if s.FailOn != "" {
		props["failOn"] = s.FailOn
	}
	if s.Excluded > 0 {
		props["excludedPaths"] = s.Excluded
	}
	if s.GitIgnored > 0 {
		props["gitIgnoredPaths"] = s.GitIgnored
	}
	if s.Baseline != "" {
		props["baseline"] = s.Baseline
		props["baselinedFindings"] = s.Baselined
		if s.BaselineStale > 0 {
			props["staleBaselineEntries"] = s.BaselineStale
		}
	}
	if len(s.Policies) > 0 {
		props["policies"] = s.Policies
	}
	if len(s.Presets) > 0 {
		props["presets"] = s.Presets
	}
	return props
}

// precision is a rule's SARIF precision ("high" when it does not say).
func precision(p string) string {
	if p == "" {
		return "high"
	}
	return p
}

// releaseRE is a release version as tags name it (v0.1.0, v1.2.3-rc.1).
var releaseRE = regexp.MustCompile(`^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`)

// pseudoRE is a Go pseudo-version (a commit, not a tag).
var pseudoRE = regexp.MustCompile(`\d{14}-[0-9a-f]{12}$`)

// docsRef is the git ref whose rule docs match this binary: its release
// tag, or main for a build that is not a release.
func docsRef(version string) string {
	if releaseRE.MatchString(version) && !pseudoRE.MatchString(version) {
		return version
	}
	return "main"
}

// joinParas joins the non-empty paragraphs with a blank line.
func joinParas(paras ...string) string {
	var keep []string
	for _, p := range paras {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, "\n\n")
}

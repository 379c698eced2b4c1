package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/poollint/poollint/nodepool"
)

// is reports whether a field is known and equals v ignoring case.
func is(f nodepool.Field[string], v string) bool {
	return f.Known && strings.EqualFold(f.Value, v)
}

func aks(c *nodepool.Cluster) bool { return c.Provider == nodepool.Azure }
func eks(c *nodepool.Cluster) bool { return c.Provider == nodepool.AWS }

// nodeGroup reports an EKS managed or eksctl node group (not a Karpenter
// NodePool), for rules of several platforms that treat them apart.
func nodeGroup(c *nodepool.Cluster, p *nodepool.Pool) bool {
	return PoolPlatform(c, p) == PlatformEKS
}

// aksPool reports an AKS agent pool (not a Karpenter NodePool), for rules
// of several platforms that treat them apart.
func aksPool(c *nodepool.Cluster, p *nodepool.Pool) bool {
	return PoolPlatform(c, p) == PlatformAKS
}

// at returns a field's position, or the pool's when the field has none
// (a platform default).
func at[T any](f nodepool.Field[T], p *nodepool.Pool) nodepool.Pos {
	if f.Pos.IsValid() && f.Origin != nodepool.OriginDefault {
		return f.Pos
	}
	return p.Pos
}

// poolRef names a pool in messages: pool "x" of cluster "y", NodePool "x"
// for Karpenter (whose cluster a manifest does not name), or pool "x" alone
// when its cluster is declared elsewhere under a name not known here.
func poolRef(c *nodepool.Cluster, p *nodepool.Pool) string {
	switch {
	case p.Karpenter != nil:
		return fmt.Sprintf("NodePool %q", p.DisplayName())
	case c.Partial && !c.Name.Known:
		return fmt.Sprintf("pool %q (of a cluster declared elsewhere)", p.DisplayName())
	}
	return fmt.Sprintf("pool %q of cluster %q", p.DisplayName(), c.DisplayName())
}

// version is a parsed Kubernetes version.
type version struct{ major, minor int }

var versionRE = regexp.MustCompile(`^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$`)

func parseVersion(s string) (version, bool) {
	m := versionRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return version{}, false
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	return version{major, minor}, true
}

// surge is a parsed maxSurge/maxUnavailable: an integer or a percentage.
type surge struct {
	n       int64
	percent bool
}

var surgeRE = regexp.MustCompile(`^(\d+)(%?)$`)

func parseSurge(s string) (surge, bool) {
	m := surgeRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return surge{}, false
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	return surge{n: n, percent: m[2] == "%"}, err == nil
}

// Kubernetes label syntax (k8s.io/apimachinery validation).
var (
	labelNameRE    = regexp.MustCompile(`^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`)
	dnsSubdomainRE = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
)

// labelKeyProblem describes what is wrong with a label (or taint) key, or
// returns "".
func labelKeyProblem(key string) string {
	prefix, name, hasPrefix := strings.Cut(key, "/")
	if !hasPrefix {
		name, prefix = key, ""
	}
	switch {
	case strings.Count(key, "/") > 1:
		return "has more than one '/'"
	case hasPrefix && (len(prefix) == 0 || len(prefix) > 253 || !dnsSubdomainRE.MatchString(prefix)):
		return "has a prefix that is not a lowercase DNS subdomain of at most 253 characters"
	case len(name) == 0 || len(name) > 63:
		return "has a name that is empty or longer than 63 characters"
	case !labelNameRE.MatchString(name):
		return "has a name that must start and end with an alphanumeric character and contain only alphanumerics, '-', '_' and '.'"
	}
	return ""
}

// labelValueProblem describes what is wrong with a label value, or "".
func labelValueProblem(v string) string {
	switch {
	case len(v) > 63:
		return "is longer than 63 characters"
	case v != "" && !labelNameRE.MatchString(v):
		return "must be empty or start and end with an alphanumeric character and contain only alphanumerics, '-', '_' and '.'"
	}
	return ""
}

func strconvF(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

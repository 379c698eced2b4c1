package yaml

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// The user data an EC2NodeClass passes to its nodes, as Karpenter reads it
// before it builds a launch template (karpenter-provider-aws v1.14.1,
// pkg/providers/amifamily/bootstrap): a class whose user data it cannot read
// launches no node ("invalid UserData", "parsing custom user data input").
//
//   - Bottlerocket (bottlerocket.go, bottlerocketsettings.go): the user data
//     is TOML, merged with Karpenter's settings; [settings] and
//     [settings.kubernetes] are tables and the Kubernetes settings Karpenter
//     knows have their types (max-pods an integer, node-labels a table of
//     strings, node-taints a table of string lists…).
//   - AL2 (eksbootstrap.go) and AL2023 (nodeadm.go, mime/mime.go): user data
//     that starts with MIME-Version: or Content-Type: is a MIME multi-part
//     archive (a multipart Content-Type with its boundary, parts that
//     read); other user data is a shell script or a NodeConfig, taken as is.
//   - Windows and Custom: the user data is wrapped or passed on unread.
//
// EC2 refuses a launch template whose user data is over 16384 bytes
// (pkg/providers/launchtemplate/metrics.go, UserDataSizeLimitExceeded): every
// family but Bottlerocket renders the class's user data whole, so user data
// over the limit alone is refused.
//
// The family is amiFamily, else the alias's. User data with a placeholder
// (${VAR}, $VAR, {{ … }}) is not read.

// ec2UserDataKinds are the types of the Kubernetes settings Karpenter reads
// from Bottlerocket user data (BottlerocketKubernetes).
var ec2UserDataKinds = map[string]string{
	"api-server": "a string", "cloud-provider": "a string", "cluster-certificate": "a string", "cluster-name": "a string",
	"cluster-dns-ip": "a string", "container-log-max-size": "a string", "cpu-manager-policy": "a string",
	"cpu-manager-reconcile-period": "a string", "memory-manager-policy": "a string", "topology-manager-scope": "a string",
	"topology-manager-policy": "a string", "image-gc-high-threshold-percent": "a string", "image-gc-low-threshold-percent": "a string",
	"shutdown-grace-period": "a string", "shutdown-grace-period-for-critical-pods": "a string", "cluster-domain": "a string",
	"container-log-monitor-interval": "a string", "hostname-override-source": "a string",
	"max-pods": "an integer", "eviction-max-pod-grace-period": "an integer", "registry-qps": "an integer", "registry-burst": "an integer",
	"event-qps": "an integer", "event-burst": "an integer", "kube-api-qps": "an integer", "kube-api-burst": "an integer",
	"container-log-max-files": "an integer", "ids-per-pod": "an integer", "pod-pids-limit": "an integer",
	"container-log-max-workers": "an integer", "log-level": "an integer",
	"server-tls-bootstrap": "a boolean", "cpu-cfs-quota-enforced": "a boolean", "seccomp-default": "a boolean",
	"device-ownership-from-security-context": "a boolean", "single-process-oom-kill": "a boolean",
	"node-labels": "a table of strings", "eviction-hard": "a table of strings", "eviction-soft": "a table of strings",
	"eviction-soft-grace-period": "a table of strings", "kube-reserved": "a table of strings", "system-reserved": "a table of strings",
	"allowed-unsafe-sysctls": "a list of strings", "cpu-manager-policy-options": "a list of strings",
	"node-taints": "a table of string lists",
}

// maxMIMEParts bounds the parts of a user data archive read; user data
// longer than maxUserData (four times EC2's 16 KB limit) is not read.
const (
	maxMIMEParts     = 256
	maxUserData      = 64 << 10
	ec2UserDataLimit = 16384
)

// ec2UserData checks spec.userData against what Karpenter needs of it for
// the class's AMI family.
func ec2UserData(v *vcheck, spec *node) {
	ud := spec.get("userData")
	s, ok := vstr(ud)
	if !ok || s == "" {
		return
	}
	family := ec2Family(spec)
	if family != "" && family != "Bottlerocket" && len(s) > ec2UserDataLimit {
		// Karpenter renders this user data whole into the launch
		// template's (Bottlerocket's is re-encoded, so it may shrink).
		v.reject(ud, "userData", "the user data is %d bytes; with what Karpenter adds it cannot fit EC2's %d-byte user data limit, and ec2:CreateLaunchTemplate refuses it (UserDataSizeLimitExceeded)", len(s), ec2UserDataLimit)
		return
	}
	if len(s) > maxUserData {
		return
	}
	switch family {
	case "Bottlerocket":
		if msg := bottlerocketUserData(s); msg != "" {
			v.reject(ud, "userData", "Karpenter cannot read this Bottlerocket user data: %s", msg)
		}
	case "AL2", "AL2023":
		t := strings.TrimSpace(s)
		if !strings.HasPrefix(t, "MIME-Version:") && !strings.HasPrefix(t, "Content-Type:") {
			return // a shell script or a NodeConfig: taken as is
		}
		if msg := mimeArchive(s); msg != "" {
			v.reject(ud, "userData", "Karpenter cannot read this user data as the MIME multi-part archive it starts as: %s", msg)
		}
	}
}

// ec2Family is the class's AMI family: amiFamily when it is set, else the
// family of its alias; "" when neither is known.
func ec2Family(spec *node) string {
	if f := spec.get("amiFamily"); f != nil {
		s, _ := vstr(f)
		return s
	}
	terms := itemsOf(spec.get("amiSelectorTerms"))
	if len(terms) != 1 {
		return ""
	}
	alias, ok := vstr(terms[0].get("alias"))
	if !ok {
		return ""
	}
	fam, _, _ := strings.Cut(alias, "@")
	return ec2AliasFamilies[fam]
}

// bottlerocketUserData says what is wrong with Bottlerocket user data, or
// "" when Karpenter can read it.
func bottlerocketUserData(s string) string {
	var doc map[string]any
	if _, err := toml.Decode(s, &doc); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return fmt.Sprintf("it is not TOML (line %d: %s)", pe.Position.Line, pe.Message)
		}
		return "it is not TOML: " + err.Error()
	}
	raw, ok := doc["settings"]
	if !ok {
		return ""
	}
	settings, ok := raw.(map[string]any)
	if !ok {
		return "settings is not a table"
	}
	raw, ok = settings["kubernetes"]
	if !ok {
		return ""
	}
	k8s, ok := raw.(map[string]any)
	if !ok {
		return "settings.kubernetes is not a table"
	}
	keys := make([]string, 0, len(k8s))
	for k := range k8s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		want, known := ec2UserDataKinds[k]
		if known && !tomlKind(k8s[k], want) {
			return fmt.Sprintf("settings.kubernetes.%s is not %s", k, want)
		}
	}
	return ""
}

// tomlKind reports whether a decoded TOML value has the kind named.
func tomlKind(v any, kind string) bool {
	switch kind {
	case "a string":
		_, ok := v.(string)
		return ok
	case "an integer":
		_, ok := v.(int64)
		return ok
	case "a boolean":
		_, ok := v.(bool)
		return ok
	case "a list of strings":
		return tomlStrings(v)
	case "a table of strings", "a table of string lists":
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		for _, e := range m {
			if kind == "a table of strings" && !tomlKind(e, "a string") || kind == "a table of string lists" && !tomlStrings(e) {
				return false
			}
		}
		return true
	}
	return true
}

func tomlStrings(v any) bool {
	list, ok := v.([]any)
	if !ok {
		return false
	}
	for _, e := range list {
		if _, ok := e.(string); !ok {
			return false
		}
	}
	return true
}

// mimeArchive says why s is not a MIME multi-part archive, or "" when it
// is one whose parts read.
func mimeArchive(s string) string {
	msg, err := mail.ReadMessage(bufio.NewReader(strings.NewReader(s)))
	if err != nil {
		return "its headers do not read (" + err.Error() + ")"
	}
	media, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return "it has no Content-Type that reads (" + err.Error() + ")"
	}
	if !strings.HasPrefix(media, "multipart/") {
		return fmt.Sprintf("its Content-Type is %s, not multipart", media)
	}
	if params["boundary"] == "" {
		return "its multipart Content-Type has no boundary"
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	for i := 0; i < maxMIMEParts; i++ {
		p, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			return ""
		}
		if err != nil {
			return "part " + fmt.Sprint(i+1) + " does not read (" + err.Error() + ")"
		}
		if _, err := io.Copy(io.Discard, p); err != nil {
			return "part " + fmt.Sprint(i+1) + " does not read (" + err.Error() + ")"
		}
	}
	return ""
}

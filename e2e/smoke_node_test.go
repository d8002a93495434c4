package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"agora/agoratest"
	"agora/oauth"
)

// The JavaScript clients: scripts/smoke/smoke.mjs drives megalodon (as Alice, and as
// Bob where a step needs two) and masto.js (as Bob) against a running agora, with
// the versions pinned in scripts/smoke/package-lock.json and installed in
// scripts/smoke/node_modules (npm ci --ignore-scripts --prefix scripts/smoke, which
// .ci/run does).

// nodeSmokeDir is where smoke.mjs and its node_modules live, from the e2e package.
var nodeSmokeDir = filepath.Join("..", "scripts", "smoke")

// nodePackages are the packages smoke.mjs imports, looked for in node_modules.
var nodePackages = []string{"megalodon", "masto"}

// pendingNodeSteps are as pendingSteps, for smoke.mjs.
var pendingNodeSteps = map[string]string{}

// nodeSmokeSteps are the steps smoke.mjs must report, in its order.
var nodeSmokeSteps = []string{
	"detector", "signin", "oauth", "follow", "post", "reply", "favourite", "boost", "bookmark",
	"timelines", "notifications", "search", "unfollow", "block", "edit", "poll", "schedule",
	"accounts", "misc", "masto-instance", "masto-signin", "masto-post", "masto-timelines",
	"masto-notifications", "masto-search", "masto-lists", "masto-statuses", "masto-grouped",
}

func TestSmokeNodeClients(t *testing.T) {
	node := requireNodeClients(t)
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			srv := agoratest.MustRunServer(t, b)
			for _, u := range []string{"alice", "bob"} {
				if _, err := srv.Service.CreateAccount(context.Background(), oauth.NewAccount{
					Username: u, Email: u + "@example.org", Password: "password-" + u,
				}); err != nil {
					t.Fatalf("create account %s: %v", u, err)
				}
			}
			out := runNodeSmoke(t, node, srv.URL)
			judgeSmoke(t, out, nodeSmokeSteps, pendingNodeSteps)
		})
	}
}

// requireNodeClients returns the path of node, skipping the test when node or the
// installed packages are missing, or failing it when AGORA_TEST_REQUIRE_SERVICES=1
// (CI, where .ci/run installs them).
func requireNodeClients(t *testing.T) string {
	t.Helper()
	var missing []string
	node, err := exec.LookPath("node")
	if err != nil {
		missing = append(missing, "node (not on PATH; Node 20 or later)")
	} else if v, err := exec.Command(node, "--version").Output(); err != nil {
		missing = append(missing, fmt.Sprintf("a working node (%s --version: %v)", node, err))
	} else if major, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(string(v)), "v"), "."); atoi(major) < 20 {
		missing = append(missing, fmt.Sprintf("Node 20 or later (%s is %s)", node, strings.TrimSpace(string(v))))
	}
	for _, p := range nodePackages {
		if _, err := os.Stat(filepath.Join(nodeSmokeDir, "node_modules", p, "package.json")); err != nil {
			missing = append(missing, p+" (in scripts/smoke/node_modules)")
		}
	}
	if len(missing) == 0 {
		return node
	}
	msg := fmt.Sprintf("missing %s; install the packages with: npm ci --ignore-scripts --prefix scripts/smoke", strings.Join(missing, " and "))
	if os.Getenv("AGORA_TEST_REQUIRE_SERVICES") == "1" {
		t.Fatalf("%s (AGORA_TEST_REQUIRE_SERVICES=1)", msg)
	}
	t.Skip(msg)
	return ""
}

// runNodeSmoke runs smoke.mjs with node against base and returns its output; its
// exit status is left to judgeSmoke, as runSmokeScript leaves it.
func runNodeSmoke(t *testing.T, node, base string) string {
	t.Helper()
	script, err := filepath.Abs(filepath.Join(nodeSmokeDir, "smoke.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, script)
	home := t.TempDir()
	cmd.Env = append(os.Environ(),
		"AGORA_URL="+base,
		"AGORA_ALICE=alice@example.org:password-alice",
		"AGORA_BOB=bob@example.org:password-bob",
		"HOME="+home, "TMPDIR="+home, "NO_COLOR=1",
	)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("smoke.mjs timed out:\n%s", out)
	}
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("run smoke.mjs: %v\n%s", err, out)
	}
	t.Logf("smoke.mjs:\n%s", out)
	return string(out)
}

// atoi is strconv.Atoi, 0 for what is not a number.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

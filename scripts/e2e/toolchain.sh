#!/usr/bin/env bash
# Builds the e2e toolchain from Go modules: the Pulumi CLI, a Node.js language host, the
# Kubernetes resource provider plugin, etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kubectl, kwok and a load-balancer stand-in, Pulumi's YAML language host, and
# kubernetes-sigs/agent-sandbox's controller (with its CRDs and ClusterRole copied from the same
# module into <key>/agent-sandbox/, next to bin/: tests apply them, the repository holds no copy).
#
# Binaries go to a cache outside the work tree:
#   ${OPENHANDS_E2E_CACHE:-$HOME/.cache/openhands-e2e}/<key>/bin
# where <key> hashes versions.env, every file under go/ (the wrapper modules) and the Go
# version, so a change to any pinned version or wrapper source gives a fresh directory.
# Binaries already present there are not rebuilt. Each binary is also kept under
# <cache>/objects/<name>-<hash of its own wrapper module, versions.env and Go version>, so
# a change to one wrapper module rebuilds only the binaries made from it. The Go build
# cache (GOCACHE) and module cache (GOMODCACHE) are the defaults.
#
# Usage:
#   toolchain.sh              build what is missing; last line: TOOLCHAIN_BIN=<dir>
#   toolchain.sh --print-bin  print <dir>; exit 0 if every binary is there, 1 otherwise
#                             (never builds)
#   toolchain.sh --list       print the binary names, one a line
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GO_DIR="$HERE/go"
# shellcheck source=versions.env
source "$HERE/versions.env"

BINARIES=(
  etcd
  kube-apiserver
  kube-controller-manager
  kube-scheduler
  kubectl
  kwok
  e2e-lb-stand-in
  e2e-kwok-stages
  pulumi
  pulumi-language-nodejs
  pulumi-resource-kubernetes
  pulumi-language-yaml
  agent-sandbox-controller
)

log() { printf '[toolchain] %s\n' "$*" >&2; }
die() { printf '[toolchain] ERROR: %s\n' "$*" >&2; exit 1; }

# Bump when a build recipe below changes in a way that changes the binaries.
RECIPE_VERSION=2

# module_of <binary>: the wrapper module (directory under go/) it is built from.
module_of() {
  case "$1" in
    etcd) echo etcd ;;
    kube-apiserver | kube-controller-manager | kube-scheduler | kubectl) echo kubernetes ;;
    kwok | e2e-lb-stand-in | e2e-kwok-stages) echo kwok ;;
    pulumi | pulumi-language-nodejs) echo pulumi ;;
    pulumi-resource-kubernetes) echo pulumi-resource-kubernetes ;;
    pulumi-language-yaml) echo pulumi-language-yaml ;;
    agent-sandbox-controller) echo agent-sandbox ;;
    *) die "unknown binary $1" ;;
  esac
}

# hash_inputs <dir under go/ or "."...>: a short hash of versions.env, the recipe version,
# the Go toolchain and every Go source/go.mod/go.sum file in the given wrapper modules.
hash_inputs() {
  (
    cd "$HERE"
    echo "recipe $RECIPE_VERSION"
    go env GOVERSION GOOS GOARCH
    { echo versions.env; for m in "$@"; do
        find "go/$m" -type f \( -name '*.go' -o -name go.mod -o -name go.sum \)
      done | LC_ALL=C sort -u; } |
      while read -r f; do printf '%s ' "$f"; sha256sum <"$f"; done
  ) | sha256sum | cut -c1-16
}

command -v go >/dev/null || die "go is not on PATH"
CACHE_ROOT="${OPENHANDS_E2E_CACHE:-$HOME/.cache/openhands-e2e}"
KEY=$(hash_inputs .)
OBJ_DIR="$CACHE_ROOT/objects"
BIN_DIR="$CACHE_ROOT/$KEY/bin"
# agent-sandbox's manifests from the module the controller is built from: crds/*.yaml and
# rbac.generated.yaml (the controller's ClusterRole).
AGENT_SANDBOX_DIR="$CACHE_ROOT/$KEY/agent-sandbox"

all_present() {
  local b
  for b in "${BINARIES[@]}"; do
    [[ -x "$BIN_DIR/$b" ]] || return 1
  done
  [[ -f "$AGENT_SANDBOX_DIR/crds/agents.x-k8s.io_sandboxes.yaml" && -f "$AGENT_SANDBOX_DIR/rbac.generated.yaml" ]]
}

case "${1:-}" in
  --print-bin)
    echo "$BIN_DIR"
    all_present
    exit $?
    ;;
  --list)
    printf '%s\n' "${BINARIES[@]}"
    exit 0
    ;;
  "") ;;
  *) die "unknown argument: $1 (use --print-bin or --list)" ;;
esac

# Cross-check that the wrapper modules pin what versions.env says.
check_pin() { # <go.mod> <module> <version>
  grep -Eq "^[[:space:]]*(require[[:space:]]+)?$2 $3( |$)" "$GO_DIR/$1" ||
    die "$1 does not require $2 $3 (versions.env and the wrapper go.mod disagree)"
}
check_pin kubernetes/go.mod k8s.io/kubernetes "$KUBERNETES_VERSION"
check_pin etcd/go.mod go.etcd.io/etcd/server/v3 "$ETCD_VERSION"
check_pin kwok/go.mod sigs.k8s.io/kwok "$KWOK_VERSION"
check_pin pulumi/go.mod github.com/pulumi/pulumi/pkg/v3 "$PULUMI_VERSION"
check_pin pulumi/go.mod github.com/pulumi/pulumi/sdk/v3 "$PULUMI_VERSION"
check_pin pulumi-resource-kubernetes/go.mod github.com/pulumi/pulumi-kubernetes/provider/v4 \
  "$PULUMI_KUBERNETES_PROVIDER_MODULE_VERSION"
check_pin pulumi-language-yaml/go.mod github.com/pulumi/pulumi-yaml "$PULUMI_YAML_VERSION"
# agent-sandbox's version lives only in its wrapper's go.mod: adding it to versions.env would
# change every binary's object hash and relink the whole toolchain for one new binary.
AGENT_SANDBOX_VERSION=$(awk '$1 == "require" && $2 == "sigs.k8s.io/agent-sandbox" { print $3 }' "$GO_DIR/agent-sandbox/go.mod")
[[ "$AGENT_SANDBOX_VERSION" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
  die "agent-sandbox/go.mod must require sigs.k8s.io/agent-sandbox at a release version on a 'require' line"

mkdir -p "$BIN_DIR" "$OBJ_DIR"
# Record what this directory holds, for humans.
cp "$HERE/versions.env" "$CACHE_ROOT/$KEY/versions.env"

# The committed go.mod/go.sum files are authoritative: never let the build rewrite them.
export GOFLAGS="${GOFLAGS:-} -mod=readonly -trimpath -buildvcs=false"
export CGO_ENABLED=0
# Two cores here: one package graph at a time, two compile jobs in it.
JOBS="${OPENHANDS_E2E_GO_JOBS:-2}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/openhands-e2e-toolchain.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

k8s_minor=${KUBERNETES_VERSION#v1.}
k8s_minor=${k8s_minor%%.*}
K8S_LDFLAGS=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  K8S_LDFLAGS+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$k8s_minor"
  K8S_LDFLAGS+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
PULUMI_LDFLAGS="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION"
PROVIDER_LDFLAGS="-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$PULUMI_KUBERNETES_PLUGIN_VERSION"
KWOK_LDFLAGS="-X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}"
YAML_LDFLAGS="-X github.com/pulumi/pulumi-yaml/pkg/version.Version=${PULUMI_YAML_VERSION#v}"
AGENT_SANDBOX_LDFLAGS="-X sigs.k8s.io/agent-sandbox/internal/version.gitVersion=$AGENT_SANDBOX_VERSION"

# go_build <name> <module dir> <package> <extra ldflags>
go_build() {
  local name=$1 dir=$2 pkg=$3 ldflags=$4
  (cd "$dir" && go build -p "$JOBS" -ldflags "-s -w -buildid= $ldflags" -o "$WORK/$name" "$pkg")
}

# The provider's own main embeds files made by a generate step that the published module
# lacks; our main embeds the module's schema.json and terraform-mapping.json, copied into
# a scratch copy of the wrapper module.
build_provider() {
  local src="$GO_DIR/pulumi-resource-kubernetes" scratch="$WORK/provider-src" moddir
  rm -rf "$scratch" && mkdir -p "$scratch"
  cp "$src"/go.mod "$src"/go.sum "$src"/*.go "$scratch/"
  # `go list -m` reports a module's directory only once it is in the module cache; on a new
  # machine nothing has downloaded it yet, so fetch exactly the version go.sum pins first.
  (cd "$scratch" && go mod download github.com/pulumi/pulumi-kubernetes/provider/v4) ||
    { log "downloading the provider module failed"; return 1; }
  moddir=$(cd "$scratch" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi-kubernetes/provider/v4)
  [[ -n "$moddir" && -f "$moddir/cmd/pulumi-resource-kubernetes/schema.json" ]] ||
    { log "schema.json not found in the provider module ($moddir)"; return 1; }
  cp "$moddir/cmd/pulumi-resource-kubernetes/schema.json" \
    "$moddir/cmd/pulumi-resource-kubernetes/terraform-mapping.json" "$scratch/"
  chmod u+w "$scratch"/*.json
  go_build pulumi-resource-kubernetes "$scratch" . "$PROVIDER_LDFLAGS"
}

build_one() {
  case "$1" in
    etcd) go_build etcd "$GO_DIR/etcd" . "" ;;
    kube-apiserver | kube-controller-manager | kube-scheduler | kubectl)
      go_build "$1" "$GO_DIR/kubernetes" "k8s.io/kubernetes/cmd/$1" "$K8S_LDFLAGS" ;;
    kwok) go_build kwok "$GO_DIR/kwok" sigs.k8s.io/kwok/cmd/kwok "$KWOK_LDFLAGS" ;;
    e2e-lb-stand-in) go_build e2e-lb-stand-in "$GO_DIR/kwok" ./cmd/e2e-lb-stand-in "" ;;
    pulumi) go_build pulumi "$GO_DIR/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$PULUMI_LDFLAGS" ;;
    pulumi-language-nodejs)
      go_build pulumi-language-nodejs "$GO_DIR/pulumi" ./cmd/pulumi-language-nodejs "$PULUMI_LDFLAGS" ;;
    e2e-kwok-stages) go_build e2e-kwok-stages "$GO_DIR/kwok" ./cmd/e2e-kwok-stages "" ;;
    pulumi-resource-kubernetes) build_provider ;;
    pulumi-language-yaml) go_build pulumi-language-yaml "$GO_DIR/pulumi-language-yaml" . "$YAML_LDFLAGS" ;;
    agent-sandbox-controller)
      go_build agent-sandbox-controller "$GO_DIR/agent-sandbox" \
        sigs.k8s.io/agent-sandbox/cmd/agent-sandbox-controller "$AGENT_SANDBOX_LDFLAGS" ;;
    *) die "no build recipe for $1" ;;
  esac
}

log "cache dir: $BIN_DIR"
total_start=$SECONDS
built=0
reused=0
declare -A MOD_HASH=()
for b in "${BINARIES[@]}"; do
  if [[ -x "$BIN_DIR/$b" ]]; then
    log "$b: cached"
    continue
  fi
  mod=$(module_of "$b")
  [[ -n "${MOD_HASH[$mod]:-}" ]] || MOD_HASH[$mod]=$(hash_inputs "$mod")
  obj="$OBJ_DIR/$b-${MOD_HASH[$mod]}"
  if [[ -x "$obj" ]]; then
    ln -f "$obj" "$BIN_DIR/$b" 2>/dev/null || cp -f "$obj" "$BIN_DIR/$b"
    reused=$((reused + 1))
    log "$b: reused $obj"
    continue
  fi
  log "$b: building..."
  start=$SECONDS
  if ! build_one "$b" >"$WORK/$b.log" 2>&1; then
    cat "$WORK/$b.log" >&2
    die "building $b failed after $((SECONDS - start))s (output above)"
  fi
  [[ -s "$WORK/$b.log" ]] && cat "$WORK/$b.log" >&2
  mv -f "$WORK/$b" "$obj.tmp.$$" && mv -f "$obj.tmp.$$" "$obj"
  ln -f "$obj" "$BIN_DIR/$b" 2>/dev/null || cp -f "$obj" "$BIN_DIR/$b"
  built=$((built + 1))
  log "$b: built in $((SECONDS - start))s"
done
# agent-sandbox's CRDs and the controller's ClusterRole, copied (read-only in the module cache)
# from exactly the module version go.sum pins.
copy_agent_sandbox_manifests() {
  local moddir
  [[ -f "$AGENT_SANDBOX_DIR/crds/agents.x-k8s.io_sandboxes.yaml" && -f "$AGENT_SANDBOX_DIR/rbac.generated.yaml" ]] &&
    return 0
  (cd "$GO_DIR/agent-sandbox" && go mod download sigs.k8s.io/agent-sandbox) ||
    die "downloading sigs.k8s.io/agent-sandbox $AGENT_SANDBOX_VERSION failed"
  moddir=$(cd "$GO_DIR/agent-sandbox" && go list -m -f '{{.Dir}}' sigs.k8s.io/agent-sandbox)
  [[ -n "$moddir" && -d "$moddir/k8s/crds" && -f "$moddir/k8s/rbac.generated.yaml" ]] ||
    die "k8s/crds or k8s/rbac.generated.yaml not found in the agent-sandbox module ($moddir)"
  rm -rf "$AGENT_SANDBOX_DIR.tmp.$$" && mkdir -p "$AGENT_SANDBOX_DIR.tmp.$$/crds"
  cp "$moddir"/k8s/crds/*.yaml "$AGENT_SANDBOX_DIR.tmp.$$/crds/"
  cp "$moddir/k8s/rbac.generated.yaml" "$AGENT_SANDBOX_DIR.tmp.$$/"
  echo "$AGENT_SANDBOX_VERSION" >"$AGENT_SANDBOX_DIR.tmp.$$/VERSION"
  chmod -R u+w "$AGENT_SANDBOX_DIR.tmp.$$"
  rm -rf "$AGENT_SANDBOX_DIR" && mv "$AGENT_SANDBOX_DIR.tmp.$$" "$AGENT_SANDBOX_DIR"
  log "agent-sandbox manifests ($AGENT_SANDBOX_VERSION): $AGENT_SANDBOX_DIR"
}
copy_agent_sandbox_manifests

log "done: $built built, $reused reused, $((${#BINARIES[@]} - built - reused)) cached, $((SECONDS - total_start))s total"
echo "TOOLCHAIN_BIN=$BIN_DIR"

#!/usr/bin/env bash
# A local Kubernetes control plane for the e2e tests, built by toolchain.sh:
# etcd, kube-apiserver (RBAC, PodSecurity), kube-controller-manager (all default
# controllers, so PV/PVC binding, Deployments and EndpointSlices work), kube-scheduler,
# kwok simulating one Ready node whose pods become Running/Ready, and a load-balancer
# stand-in that gives LoadBalancer Services the ingress IP 127.0.0.1. On request (the
# `agent-sandbox` command), kubernetes-sigs/agent-sandbox's controller too, out of cluster.
#
# Every component listens on 127.0.0.1 only. Nothing here dials any other address:
#   - the fake node's InternalIP is 127.0.0.2 (loopback);
#   - pod IPs come from 198.18.0.0/16 (RFC 2544 benchmarking range). They cannot be
#     loopback because the API server rejects loopback addresses in EndpointSlices and
#     Endpoints, and the Services' endpoints must be filled. No process dials pod IPs:
#     there is no kubelet, kube-proxy, CNI or DNS; kwok only writes them into pod status;
#   - Service ClusterIPs (10.96.0.0/16) are only allocated, never dialled;
#   - the load-balancer stand-in writes 127.0.0.1 into Service status and never dials it.
# Tests must not use port-forward, exec, logs or the API server's proxy subresources, and
# must not install admission webhooks or aggregated APIs (the API server would dial them).
#
# Usage: cluster.sh up|down|env|status|agent-sandbox
#   up      build/reuse the toolchain, start everything, wait for /readyz and a Ready node
#   agent-sandbox
#           on a running cluster: apply agent-sandbox's CRDs (server-side) and its
#           controller's ClusterRole (both copied by toolchain.sh from the module the
#           controller is built from), bind that role to a client certificate of its own,
#           and start the controller with leader election and metrics off and its health
#           probes on 127.0.0.1; waits for its /readyz. Only suites that need it pay for it.
#   down    stop the processes from this cluster's pid files and delete its directory
#   env     print `export ...` lines: KUBECONFIG, PATH with the toolchain first,
#           OPENHANDS_E2E_DIR/BIN, and PULUMI_SKIP_UPDATE_CHECK /
#           PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION (keep the CLI off the network)
#   status  show the components and the node
#
# Environment:
#   OPENHANDS_E2E_DIR        cluster directory (default: ${TMPDIR:-/tmp}/openhands-e2e-cluster);
#                            holds certs, kubeconfigs, etcd data, <component>.log and
#                            <component>.pid
#   OPENHANDS_E2E_PORT_BASE  first of 8 consecutive loopback ports used (default 28400)
#   OPENHANDS_E2E_CACHE      toolchain cache (see toolchain.sh)
#   OPENHANDS_E2E_BIN        use the binaries in this directory instead of toolchain.sh's
#   OPENHANDS_E2E_UP_TIMEOUT seconds to wait for readiness (default 180)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DIR="${OPENHANDS_E2E_DIR:-${TMPDIR:-/tmp}/openhands-e2e-cluster}"
PORT_BASE="${OPENHANDS_E2E_PORT_BASE:-28400}"
UP_TIMEOUT="${OPENHANDS_E2E_UP_TIMEOUT:-180}"

ETCD_CLIENT_PORT=$((PORT_BASE + 0))
ETCD_PEER_PORT=$((PORT_BASE + 1))
APISERVER_PORT=$((PORT_BASE + 2))
KCM_PORT=$((PORT_BASE + 3))
SCHEDULER_PORT=$((PORT_BASE + 4))
KWOK_PORT=$((PORT_BASE + 5))
KWOK_NODE_PORT=$((PORT_BASE + 6)) # only advertised in node status; nothing listens on it
AGENT_SANDBOX_PROBE_PORT=$((PORT_BASE + 7)) # the controller's /healthz and /readyz (agent-sandbox only)

NODE_NAME="e2e-node-0"
NODE_IP="127.0.0.2"
POD_CIDR="198.18.0.0/16"
SERVICE_CIDR="10.96.0.0/16"
LB_INGRESS_IP="127.0.0.1"

# Start order; `down` stops them in reverse.
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok e2e-lb-stand-in)
# Started only on request, after `up`; `down` stops them first.
OPTIONAL_COMPONENTS=(agent-sandbox-controller)

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { printf '[cluster] ERROR: %s\n' "$*" >&2; exit 1; }

# The toolchain's bin directory (OPENHANDS_E2E_BIN overrides it, e.g. for a prebuilt set);
# fails if a binary is missing.
bin_dir() {
  if [[ -n "${OPENHANDS_E2E_BIN:-}" ]]; then
    echo "$OPENHANDS_E2E_BIN"
    [[ -x "$OPENHANDS_E2E_BIN/kube-apiserver" ]]
    return
  fi
  "$HERE/toolchain.sh" --print-bin
}

# pid_alive <component>: the recorded process is running (not a zombie) and is one of ours, so
# a recycled pid is never signalled. Ours: its command line names the cluster directory, or it
# is this shell's own child. The second is what `up` sees of a component between fork and exec
# (and during exec), when the command line is this script's or empty; a check in that window
# once took a kwok that was starting for one that had exited, and CI failed.
pid_alive() {
  local f="$DIR/$1.pid" pid stat cmdline
  [[ -f "$f" ]] || return 1
  pid=$(<"$f")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  read -r stat 2>/dev/null <"/proc/$pid/stat" || return 1
  stat=${stat##*) } # the fields after "pid (comm) ": the state, then the parent's pid
  [[ "${stat%% *}" != Z ]] || return 1
  stat=${stat#* }
  [[ "${stat%% *}" == "$$" ]] && return 0
  # Read first, then match: with pipefail, `tr ... | grep -q` fails when grep exits on its match
  # before tr has written everything (SIGPIPE), which once reported a running kwok as exited.
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ "$cmdline" == *"$DIR"* ]]
}

stop_component() {
  local c=$1 f="$DIR/$1.pid" pid i
  [[ -f "$f" ]] || return 0
  pid=$(<"$f")
  if pid_alive "$c"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      pid_alive "$c" || break
      sleep 0.1
    done
    if pid_alive "$c"; then
      log "$c (pid $pid) did not stop on TERM; killing"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
    fi
  fi
  rm -f "$f"
}

cmd_down() {
  local i c
  if [[ ! -d "$DIR" ]]; then
    log "nothing to stop ($DIR does not exist)"
    return 0
  fi
  for c in "${OPTIONAL_COMPONENTS[@]}"; do
    stop_component "$c"
  done
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do
    stop_component "${COMPONENTS[$i]}"
  done
  rm -rf "$DIR"
  log "stopped; removed $DIR"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- certificates -----------------------------------------------------------------------

# client_cert <name> <CN> [O]: key and certificate signed by the cluster CA.
client_cert() {
  local name=$1 cn=$2 org=${3:-} subj
  subj="/CN=$cn"
  [[ -n "$org" ]] && subj="/O=$org$subj"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$DIR/pki/$name.key" \
    -subj "$subj" -out "$DIR/pki/$name.csr" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' \
    >"$DIR/pki/$name.ext"
  openssl x509 -req -in "$DIR/pki/$name.csr" -CA "$DIR/pki/ca.crt" -CAkey "$DIR/pki/ca.key" \
    -CAcreateserial -days 30 -sha256 -extfile "$DIR/pki/$name.ext" -out "$DIR/pki/$name.crt" 2>/dev/null
}

make_pki() {
  mkdir -p "$DIR/pki"
  openssl req -x509 -new -newkey rsa:2048 -nodes -keyout "$DIR/pki/ca.key" -days 30 -sha256 \
    -subj "/CN=openhands-e2e-ca" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" -out "$DIR/pki/ca.crt" 2>/dev/null
  # API server serving certificate.
  openssl req -new -newkey rsa:2048 -nodes -keyout "$DIR/pki/apiserver.key" \
    -subj "/CN=kube-apiserver" -out "$DIR/pki/apiserver.csr" 2>/dev/null
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=serverAuth"
    echo "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:${SERVICE_CIDR%.*/*}.1"
  } >"$DIR/pki/apiserver.ext"
  openssl x509 -req -in "$DIR/pki/apiserver.csr" -CA "$DIR/pki/ca.crt" -CAkey "$DIR/pki/ca.key" \
    -CAcreateserial -days 30 -sha256 -extfile "$DIR/pki/apiserver.ext" \
    -out "$DIR/pki/apiserver.crt" 2>/dev/null
  # Service-account token signing key pair.
  openssl genrsa -out "$DIR/pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$DIR/pki/sa.key" -pubout -out "$DIR/pki/sa.pub" 2>/dev/null
  # Client identities. The controller manager and scheduler get their RBAC-bootstrapped
  # users; kwok, the load-balancer stand-in and the admin are cluster admins.
  client_cert admin kubernetes-admin system:masters
  client_cert controller-manager system:kube-controller-manager
  client_cert scheduler system:kube-scheduler
  client_cert kwok kwok-controller system:masters
  client_cert lb-stand-in e2e-lb-stand-in system:masters
  chmod 600 "$DIR"/pki/*.key
}

# kubeconfig <file> <client cert name>
kubeconfig() {
  local out=$1 name=$2
  cat >"$out" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: openhands-e2e
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority-data: $(base64 -w0 <"$DIR/pki/ca.crt")
users:
- name: $name
  user:
    client-certificate-data: $(base64 -w0 <"$DIR/pki/$name.crt")
    client-key-data: $(base64 -w0 <"$DIR/pki/$name.key")
contexts:
- name: openhands-e2e
  context:
    cluster: openhands-e2e
    user: $name
current-context: openhands-e2e
EOF
  chmod 600 "$out"
}

# --- processes --------------------------------------------------------------------------

# start <component> <binary> args...: run detached in its own session, log to
# <dir>/<component>.log, record the pid in <dir>/<component>.pid.
start() {
  local c=$1 bin=$2
  shift 2
  log "starting $c"
  setsid "$BIN/$bin" "$@" </dev/null >"$DIR/$c.log" 2>&1 &
  echo $! >"$DIR/$c.pid"
}

# wait_for <description> <command...>: retry until it succeeds or UP_TIMEOUT passes;
# fail early if a started component died.
wait_for() {
  local what=$1 deadline=$((SECONDS + UP_TIMEOUT)) c
  shift
  until "$@" >/dev/null 2>&1; do
    for c in "${COMPONENTS[@]}"; do
      if [[ -f "$DIR/$c.pid" ]] && ! pid_alive "$c"; then
        tail -n 30 "$DIR/$c.log" >&2 || true
        die "$c exited while waiting for $what (log: $DIR/$c.log)"
      fi
    done
    ((SECONDS < deadline)) || die "timed out after ${UP_TIMEOUT}s waiting for $what"
    sleep 0.5
  done
  log "ready: $what"
}

kctl() { "$BIN/kubectl" --kubeconfig "$DIR/kubeconfig" "$@"; }

node_ready() {
  [[ "$(kctl get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" == True ]]
}

node_has_disk() {
  [[ -n "$(kctl get node "$NODE_NAME" -o jsonpath='{.status.allocatable.ephemeral-storage}')" ]]
}

default_sa_exists() { kctl -n default get serviceaccount default; }

healthz() { curl -fsS --max-time 2 -k "https://127.0.0.1:$1/healthz"; }

cmd_up() {
  command -v openssl >/dev/null || die "openssl is required (apt-get install openssl)"
  command -v curl >/dev/null || die "curl is required (apt-get install curl)"
  if [[ -d "$DIR" ]]; then
    local c
    for c in "${COMPONENTS[@]}"; do
      pid_alive "$c" && die "a cluster is already running in $DIR (run '$0 down' first)"
    done
    log "removing stale $DIR"
    rm -rf "$DIR"
  fi
  local p
  for p in $ETCD_CLIENT_PORT $ETCD_PEER_PORT $APISERVER_PORT $KCM_PORT $SCHEDULER_PORT $KWOK_PORT; do
    port_in_use "$p" && die "127.0.0.1:$p is in use (set OPENHANDS_E2E_PORT_BASE to another range)"
  done

  if ! BIN=$(bin_dir); then
    log "toolchain not built yet; building it (30-60 minutes cold on 2 cores)"
    "$HERE/toolchain.sh" >&2
    BIN=$(bin_dir) || die "toolchain.sh did not produce every binary"
  fi

  mkdir -p "$DIR"
  chmod 700 "$DIR"
  DIR=$(cd "$DIR" && pwd)
  local started=$SECONDS
  # If anything below fails, tear down what was started.
  trap 'rc=$?; if ((rc != 0)); then log "up failed; logs are in $DIR (kept until down)"; for c in "${COMPONENTS[@]}"; do stop_component "$c"; done; fi' EXIT

  make_pki
  kubeconfig "$DIR/kubeconfig" admin
  kubeconfig "$DIR/controller-manager.kubeconfig" controller-manager
  kubeconfig "$DIR/scheduler.kubeconfig" scheduler
  kubeconfig "$DIR/kwok.kubeconfig" kwok
  kubeconfig "$DIR/lb-stand-in.kubeconfig" lb-stand-in

  start etcd etcd \
    --name e2e \
    --data-dir "$DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "e2e=http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster-state new \
    --unsafe-no-fsync \
    --log-level warn
  wait_for etcd curl -fsS --max-time 2 "http://127.0.0.1:$ETCD_CLIENT_PORT/health"

  # The "kubernetes" Service's endpoint would be the loopback advertise address, which
  # endpoint validation rejects, so the endpoint reconciler is off.
  start kube-apiserver kube-apiserver \
    --etcd-servers "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --bind-address 127.0.0.1 \
    --advertise-address 127.0.0.1 \
    --secure-port "$APISERVER_PORT" \
    --tls-cert-file "$DIR/pki/apiserver.crt" \
    --tls-private-key-file "$DIR/pki/apiserver.key" \
    --client-ca-file "$DIR/pki/ca.crt" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$DIR/pki/sa.pub" \
    --service-account-signing-key-file "$DIR/pki/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --authorization-mode Node,RBAC \
    --enable-admission-plugins NodeRestriction \
    --allow-privileged=true \
    --endpoint-reconciler-type none \
    --profiling=false \
    --v 1
  wait_for "kube-apiserver /readyz" kctl get --raw /readyz

  start kube-controller-manager kube-controller-manager \
    --kubeconfig "$DIR/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$DIR/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$DIR/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 \
    --secure-port "$KCM_PORT" \
    --controllers '*' \
    --use-service-account-credentials=true \
    --service-account-private-key-file "$DIR/pki/sa.key" \
    --root-ca-file "$DIR/pki/ca.crt" \
    --cluster-signing-cert-file "$DIR/pki/ca.crt" \
    --cluster-signing-key-file "$DIR/pki/ca.key" \
    --leader-elect=false \
    --profiling=false \
    --v 1

  start kube-scheduler kube-scheduler \
    --kubeconfig "$DIR/scheduler.kubeconfig" \
    --authentication-kubeconfig "$DIR/scheduler.kubeconfig" \
    --authorization-kubeconfig "$DIR/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 \
    --secure-port "$SCHEDULER_PORT" \
    --leader-elect=false \
    --profiling=false \
    --v 1

  "$BIN/e2e-kwok-stages" >"$DIR/kwok-stages.yaml"
  start kwok kwok \
    --kubeconfig "$DIR/kwok.kubeconfig" \
    --config "$DIR/kwok-stages.yaml" \
    --manage-all-nodes=true \
    --node-ip "$NODE_IP" \
    --node-name "$NODE_NAME" \
    --node-port "$KWOK_NODE_PORT" \
    --cidr "$POD_CIDR" \
    --server-address "127.0.0.1:$KWOK_PORT" \
    --node-lease-duration-seconds 40

  start e2e-lb-stand-in e2e-lb-stand-in \
    --kubeconfig "$DIR/lb-stand-in.kubeconfig" \
    --ingress-ip "$LB_INGRESS_IP"

  wait_for "kube-controller-manager /healthz" healthz "$KCM_PORT"
  wait_for "kube-scheduler /healthz" healthz "$SCHEDULER_PORT"

  kctl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $NODE_NAME
  labels:
    kubernetes.io/hostname: $NODE_NAME
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
  annotations:
    node.alpha.kubernetes.io/ttl: "0"
    kwok.x-k8s.io/node: fake
spec:
  podCIDR: $POD_CIDR
  podCIDRs: [$POD_CIDR]
EOF
  wait_for "node $NODE_NAME Ready" node_ready
  # kwok's default node stage reports cpu, memory and pods only; a real node also reports
  # its disk, and a pod with ephemeral-storage requests would otherwise never be scheduled.
  local resources='{"cpu":"1k","memory":"1Ti","pods":"1M","ephemeral-storage":"1Ti"}'
  kctl patch node "$NODE_NAME" --subresource=status --type=merge \
    -p "{\"status\":{\"capacity\":$resources,\"allocatable\":$resources}}" >/dev/null
  wait_for "node $NODE_NAME reports ephemeral-storage" node_has_disk
  wait_for "default service account" default_sa_exists

  trap - EXIT
  log "cluster up in $((SECONDS - started))s; dir $DIR"
  cmd_env
}

# The agent-sandbox controller, out of cluster, with an identity of its own bound to the
# ClusterRole its module ships (k8s/rbac.generated.yaml), so the e2e shows that role suffices.
cmd_agent_sandbox() {
  local manifests
  [[ -d "$DIR" && -f "$DIR/kubeconfig" ]] || die "no cluster in $DIR (run '$0 up' first)"
  BIN=$(bin_dir) || die "the toolchain is incomplete (run toolchain.sh)"
  manifests="$BIN/../agent-sandbox"
  [[ -x "$BIN/agent-sandbox-controller" && -f "$manifests/crds/agents.x-k8s.io_sandboxes.yaml" ]] ||
    die "agent-sandbox-controller or its CRDs are missing next to $BIN (run toolchain.sh)"
  pid_alive agent-sandbox-controller && die "agent-sandbox-controller is already running in $DIR"
  port_in_use "$AGENT_SANDBOX_PROBE_PORT" &&
    die "127.0.0.1:$AGENT_SANDBOX_PROBE_PORT is in use (set OPENHANDS_E2E_PORT_BASE to another range)"
  kctl get --raw /readyz >/dev/null 2>&1 || die "the API server in $DIR is not ready"

  # The Sandbox CRD is about 200 KB: too large for client-side apply's last-applied annotation.
  kctl apply --server-side --field-manager=openhands-e2e -f "$manifests/crds/" >/dev/null
  kctl wait --for=condition=Established --timeout="${UP_TIMEOUT}s" crd/sandboxes.agents.x-k8s.io >/dev/null ||
    die "CRD sandboxes.agents.x-k8s.io was not Established within ${UP_TIMEOUT}s"
  kctl apply --server-side --field-manager=openhands-e2e -f "$manifests/rbac.generated.yaml" >/dev/null
  kctl apply --server-side --field-manager=openhands-e2e -f - >/dev/null <<EOF
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: agent-sandbox-controller
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: agent-sandbox-controller
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: User
  name: agent-sandbox-controller
EOF
  [[ -f "$DIR/pki/agent-sandbox-controller.crt" ]] || client_cert agent-sandbox-controller agent-sandbox-controller
  chmod 600 "$DIR"/pki/*.key
  kubeconfig "$DIR/agent-sandbox-controller.kubeconfig" agent-sandbox-controller

  # Only the Sandbox controller (no --extensions: no claims, templates or warm pools).
  start agent-sandbox-controller agent-sandbox-controller \
    --kubeconfig "$DIR/agent-sandbox-controller.kubeconfig" \
    --leader-elect=false \
    --metrics-bind-address 0 \
    --health-probe-bind-address "127.0.0.1:$AGENT_SANDBOX_PROBE_PORT"
  COMPONENTS=(agent-sandbox-controller) # what wait_for watches for an early exit
  wait_for "agent-sandbox-controller /readyz" \
    curl -fsS --max-time 2 "http://127.0.0.1:$AGENT_SANDBOX_PROBE_PORT/readyz"
  log "agent-sandbox-controller running (log: $DIR/agent-sandbox-controller.log)"
}

cmd_env() {
  local bin
  bin=$(bin_dir) || true
  echo "export OPENHANDS_E2E_DIR=$DIR"
  echo "export KUBECONFIG=$DIR/kubeconfig"
  echo "export OPENHANDS_E2E_BIN=$bin"
  echo "export PATH=$bin:\$PATH"
  # Keep the Pulumi CLI off the network: no update check, no plugin downloads (the engine
  # would otherwise try to fetch plugins named by installed npm packages, e.g. gcp).
  echo "export PULUMI_SKIP_UPDATE_CHECK=true"
  echo "export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true"
}

cmd_status() {
  local c rc=0
  if [[ ! -d "$DIR" ]]; then
    echo "no cluster at $DIR"
    return 1
  fi
  # Every component, and the optional ones that were started (they left a pid file).
  for c in "${COMPONENTS[@]}" "${OPTIONAL_COMPONENTS[@]}"; do
    [[ " ${OPTIONAL_COMPONENTS[*]} " == *" $c "* && ! -f "$DIR/$c.pid" ]] && continue
    if pid_alive "$c"; then
      printf '%-24s running (pid %s)\n' "$c" "$(<"$DIR/$c.pid")"
    else
      printf '%-24s NOT running\n' "$c"
      rc=1
    fi
  done
  BIN=$(bin_dir) || true
  if kctl get --raw /readyz >/dev/null 2>&1; then
    echo "kube-apiserver /readyz: ok (https://127.0.0.1:$APISERVER_PORT)"
    kctl get nodes -o wide || rc=1
  else
    echo "kube-apiserver /readyz: not ready"
    rc=1
  fi
  return $rc
}

# Sourced (as tests/e2e/cluster-processes.e2e.ts does, to drive its process handling with
# stand-in binaries), it only defines the functions above.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  case "${1:-}" in
    up) cmd_up ;;
    down) cmd_down ;;
    env) cmd_env ;;
    status) cmd_status ;;
    agent-sandbox) cmd_agent_sandbox ;;
    *)
      echo "usage: $0 up|down|env|status|agent-sandbox" >&2
      exit 2
      ;;
  esac
fi

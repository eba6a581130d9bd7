#!/usr/bin/env bash
# Checks that a running e2e cluster (cluster.sh up) behaves the way the e2e tests rely on,
# using only the API server:
#   - PodSecurity `warn` labels produce admission warnings;
#   - a PVC with storageClassName "" and volumeName binds to a pre-bound hostPath PV;
#   - a Deployment's pods get scheduled on the kwok node and become Running/Ready;
#   - a NodePort Service gets EndpointSlices; a LoadBalancer Service gets ingress 127.0.0.1;
#   - the Pulumi CLI, language host and Kubernetes provider run a TypeScript program
#     (`pulumi up` then `pulumi destroy`) against the cluster.
# The Pulumi part needs the repository's node_modules (npm ci); skip it with --no-pulumi.
#
# Usage: selftest.sh [--no-pulumi]      (prints "N passed, N failed"; exit 1 on failure)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
RUN_PULUMI=1
[[ "${1:-}" == "--no-pulumi" ]] && RUN_PULUMI=0

eval "$("$HERE/cluster.sh" env)"
"$HERE/cluster.sh" status >/dev/null || { echo "cluster is not up: run $HERE/cluster.sh up" >&2; exit 1; }

NS="e2e-selftest-$$"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/openhands-e2e-selftest.XXXXXX")
passed=0
failed=0
cleanup() {
  kubectl delete namespace "$NS" "$NS-pulumi" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  kubectl delete pv "$NS-pv" --wait=false >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

check() { # <name> <command...>
  local name=$1
  shift
  if "$@" >"$WORK/check.log" 2>&1; then
    echo "ok   - $name"
    passed=$((passed + 1))
  else
    echo "FAIL - $name"
    sed 's/^/       /' "$WORK/check.log" | tail -n 20
    failed=$((failed + 1))
  fi
}

# eventually <seconds> <command...>: retry until the command succeeds.
eventually() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

jp() { kubectl -n "$NS" get "$1" -o "jsonpath=$2"; }

apply_fixtures() {
  kubectl apply -f - <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: $NS
  labels:
    pod-security.kubernetes.io/warn: restricted
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: $NS-pv
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ""
  hostPath: {path: /tmp/$NS-pv}
  claimRef: {namespace: $NS, name: data}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: $NS}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  volumeName: $NS-pv
  resources: {requests: {storage: 1Gi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: $NS}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: example.invalid/web:1
        ports: [{containerPort: 8080}]
        volumeMounts: [{name: data, mountPath: /data}]
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: data}
---
apiVersion: v1
kind: Service
metadata: {name: web-np, namespace: $NS}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web-lb, namespace: $NS}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
EOF
}

pss_warning() { grep -q 'would violate PodSecurity "restricted' "$WORK/apply.log"; }
pvc_bound() { [[ "$(jp pvc/data '{.status.phase}')" == Bound ]]; }
deploy_ready() { [[ "$(jp deploy/web '{.status.readyReplicas}')" == 2 ]]; }
pods_on_node() {
  local out
  out=$(jp pods '{range .items[*]}{.spec.nodeName} {.status.phase} {.status.podIP}{"\n"}{end}')
  echo "$out"
  [[ $(grep -c '^e2e-node-0 Running [0-9.]*$' <<<"$out") == 2 ]]
}
endpoints_filled() {
  local ips
  ips=$(kubectl -n "$NS" get endpointslices -l kubernetes.io/service-name=web-np \
    -o 'jsonpath={range .items[*].endpoints[*]}{.addresses[0]} {.conditions.ready}{"\n"}{end}')
  echo "$ips"
  [[ $(grep -c ' true$' <<<"$ips") == 2 ]]
}
lb_ingress() { [[ "$(jp svc/web-lb '{.status.loadBalancer.ingress[0].ip}')" == 127.0.0.1 ]]; }

echo "# Kubernetes API checks (namespace $NS)"
apply_fixtures >"$WORK/apply.log" 2>&1 || { cat "$WORK/apply.log" >&2; exit 1; }
check "PodSecurity warn label gives an admission warning" pss_warning
check "pre-bound PVC becomes Bound" eventually 60 pvc_bound
check "Deployment has 2 ready replicas" eventually 60 deploy_ready
check "pods Running on the kwok node with IPs" eventually 30 pods_on_node
check "NodePort Service has 2 ready endpoints" eventually 30 endpoints_filled
check "LoadBalancer Service ingress is 127.0.0.1" eventually 30 lb_ingress

pulumi_smoke() {
  local proj="$WORK/pulumi-project"
  [[ -d "$REPO/node_modules/@pulumi/kubernetes" ]] || { echo "no $REPO/node_modules: run npm ci"; return 1; }
  mkdir -p "$proj" "$WORK/pulumi-state" "$WORK/pulumi-home"
  ln -s "$REPO/node_modules" "$proj/node_modules"
  cat >"$proj/Pulumi.yaml" <<'EOF'
name: e2e-selftest
runtime:
  name: nodejs
  options:
    typescript: true
EOF
  echo '{"name": "e2e-selftest", "private": true}' >"$proj/package.json"
  cat >"$proj/tsconfig.json" <<'EOF'
{"compilerOptions": {"strict": true, "target": "es2020", "module": "commonjs", "skipLibCheck": true}, "files": ["index.ts"]}
EOF
  cat >"$proj/index.ts" <<EOF
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

const cfg = new pulumi.Config();
const ns = new k8s.core.v1.Namespace("ns", { metadata: { name: "$NS-pulumi" } });
const cm = new k8s.core.v1.ConfigMap("cm", {
    metadata: { namespace: ns.metadata.name, name: "settings" },
    data: { greeting: cfg.require("greeting") },
});
const labels = { app: "web" };
const dep = new k8s.apps.v1.Deployment("web", {
    metadata: { namespace: ns.metadata.name },
    spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: "web", image: "example.invalid/web:1" }] } },
    },
});
const svc = new k8s.core.v1.Service("web", {
    metadata: { namespace: ns.metadata.name },
    spec: { type: "LoadBalancer", selector: labels, ports: [{ port: 80 }] },
}, { dependsOn: [dep] });
export const configMap = cm.metadata.name;
export const ingressIp = svc.status.loadBalancer.ingress[0].ip;
EOF
  (
    cd "$proj"
    export PULUMI_BACKEND_URL="file://$WORK/pulumi-state" PULUMI_CONFIG_PASSPHRASE=selftest
    export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
    export PULUMI_HOME="$WORK/pulumi-home"
    pulumi version
    pulumi stack init selftest --non-interactive
    pulumi config set greeting hello
    pulumi up --yes --non-interactive --skip-preview
    [[ "$(pulumi stack output ingressIp)" == 127.0.0.1 ]] || { echo "ingressIp is not 127.0.0.1"; exit 1; }
    [[ "$(kubectl -n "$NS-pulumi" get configmap settings -o 'jsonpath={.data.greeting}')" == hello ]] ||
      { echo "ConfigMap not in the cluster"; exit 1; }
    pulumi destroy --yes --non-interactive --skip-preview
    for _ in $(seq 120); do
      kubectl get namespace "$NS-pulumi" >/dev/null 2>&1 || exit 0
      sleep 0.5
    done
    echo "namespace $NS-pulumi still exists after destroy"
    exit 1
  )
}

if ((RUN_PULUMI)); then
  echo "# Pulumi checks"
  check "pulumi up/destroy of a TypeScript program against the cluster" \
    timeout 600 bash -c "set -euo pipefail; $(declare -f pulumi_smoke); NS='$NS' WORK='$WORK' REPO='$REPO' pulumi_smoke"
fi

echo "$passed passed, $failed failed"
((failed == 0))

/**
 * kubernetes-sigs/agent-sandbox's controller, as objects the component can install itself at a
 * pinned release: its namespace, ServiceAccount, ClusterRole and binding, and Deployment. Pure
 * builders (nothing is registered here); the Sandbox CRD itself is applied from
 * {@link DEFAULT_AGENT_SANDBOX_CRD_SOURCES} (or the user's `openhands:agentSandboxCrds`), since the
 * repository holds no copy of it.
 *
 * Everything here was read in the Go module `sigs.k8s.io/agent-sandbox@v1.0.3`:
 *  - `k8s/controller.yaml` (namespace, ServiceAccount, binding and Deployment names, the
 *    `app: agent-sandbox-controller` label, ports 8080 `metrics` and 8081 `healthz`,
 *    `--leader-elect=true`), `helm/templates/deployment.yaml` (the probes on `/healthz` and
 *    `/readyz` of port `healthz`);
 *  - `k8s/rbac.generated.yaml` (the ClusterRole, generated from the `+kubebuilder:rbac` markers of
 *    `controllers/sandbox_controller.go`);
 *  - `cmd/agent-sandbox-controller/main.go` and `manageroptions.go` (the flags, and leader election
 *    on a Lease named `a3317529.agent-sandbox.x-k8s.io`, released on a clean shutdown);
 *  - `Dockerfile` (the image is `gcr.io/distroless/static-debian13:nonroot`: uid 65532);
 *  - `README.md` (the release assets `sandbox.yaml`, `extensions.yaml` and
 *    `sandbox-with-extensions.yaml`) and `helm/values.yaml` (the image repository).
 */
import type * as pulumi from "@pulumi/pulumi";
import { pullPolicy } from "../builders/inputs";
import { PART_OF_LABEL, restrictedNamespaceLabels } from "../labels";
import type * as k8s from "@pulumi/kubernetes";
import { Platform } from "../enums";

/** The agent-sandbox release the component installs. */
export const AGENT_SANDBOX_VERSION = "v1.0.3";

/** The controller's namespace, as upstream names it (`k8s/controller.yaml`). */
export const AGENT_SANDBOX_NAMESPACE = "agent-sandbox-system";

/**
 * The name upstream gives the controller's ServiceAccount, ClusterRole, ClusterRoleBinding,
 * Deployment and the pods' `app` label. Ours use the same names, so that an installation that is
 * already there and ours cannot both exist unnoticed: creating a second one fails on the name.
 */
export const AGENT_SANDBOX_CONTROLLER_NAME = "agent-sandbox-controller";
/** The controller's ServiceAccount (in {@link AGENT_SANDBOX_NAMESPACE}). */
export const AGENT_SANDBOX_SERVICE_ACCOUNT = AGENT_SANDBOX_CONTROLLER_NAME;
/** The controller's ClusterRole, upstream's name (`k8s/rbac.generated.yaml`). */
export const AGENT_SANDBOX_CLUSTER_ROLE = AGENT_SANDBOX_CONTROLLER_NAME;
/** The binding of that ClusterRole to the ServiceAccount, upstream's name. */
export const AGENT_SANDBOX_CLUSTER_ROLE_BINDING = AGENT_SANDBOX_CONTROLLER_NAME;
/** The controller's Deployment (in {@link AGENT_SANDBOX_NAMESPACE}). */
export const AGENT_SANDBOX_DEPLOYMENT = AGENT_SANDBOX_CONTROLLER_NAME;

/** The Sandbox CRD's name: its presence is how upstream's README tells that agent-sandbox is installed. */
export const AGENT_SANDBOX_CRD_NAME = "sandboxes.agents.x-k8s.io";

/**
 * The Lease the controller elects its leader on (`manageroptions.go`), in the namespace it runs
 * in. A Lease of this name held by someone else means another controller is running.
 */
export const AGENT_SANDBOX_LEADER_ELECTION_ID = "a3317529.agent-sandbox.x-k8s.io";

/** The controller's health and readiness port (`--health-probe-bind-address`, upstream's default `:8081`). */
export const AGENT_SANDBOX_PROBE_PORT = 8081;

/**
 * The controller image of the pinned release, as the release tooling publishes it (the image
 * upstream's `helm/values.yaml` and release manifests name, tagged with the release).
 */
export const DEFAULT_AGENT_SANDBOX_CONTROLLER_IMAGE =
    `registry.k8s.io/agent-sandbox/agent-sandbox-controller:${AGENT_SANDBOX_VERSION}`;

/**
 * The uid of the controller image's user: its base is `gcr.io/distroless/static-debian13:nonroot`,
 * whose `nonroot` user is 65532 (`Dockerfile` of the module).
 */
export const AGENT_SANDBOX_CONTROLLER_UID = 65532;

/**
 * Every CRD file of the module's `k8s/crds/`, exactly as named there. The first is the core
 * Sandbox; the three `extensions.` ones are only read by the controller's `--extensions` mode
 * (claims, templates, warm pools), which the component does not turn on.
 */
export const AGENT_SANDBOX_CRD_FILES: readonly string[] = [
    "agents.x-k8s.io_sandboxes.yaml",
    "extensions.agents.x-k8s.io_sandboxclaims.yaml",
    "extensions.agents.x-k8s.io_sandboxtemplates.yaml",
    "extensions.agents.x-k8s.io_sandboxwarmpools.yaml",
];

/** The raw URL of one of {@link AGENT_SANDBOX_CRD_FILES} at the pinned tag. */
export function agentSandboxCrdUrl(file: string, version: string = AGENT_SANDBOX_VERSION): string {
    return `https://raw.githubusercontent.com/kubernetes-sigs/agent-sandbox/${version}/k8s/crds/${file}`;
}

/**
 * The CRDs the controller needs, at the pinned tag: the Sandbox CRD only. Without `--extensions`,
 * `main.go` adds only the core API to its scheme and starts only the Sandbox controller, which
 * watches Sandboxes, pods and Services and reads claims (`controllers/sandbox_controller.go`,
 * `SetupWithManager`); the extension types are referred to only as label and owner names. The
 * release's core asset `sandbox.yaml` likewise carries this CRD alone.
 */
export const DEFAULT_AGENT_SANDBOX_CRD_SOURCES: readonly string[] = [agentSandboxCrdUrl(AGENT_SANDBOX_CRD_FILES[0])];

/** The config key that holds the CRD sources, named in {@link agentSandboxCrdSourcesProblem}'s messages. */
export const AGENT_SANDBOX_CRDS_KEY = "openhands:agentSandboxCrds";

/**
 * Why a list of CRD sources is unusable, or undefined when it is fine: it must not be empty, and
 * each entry must be an `https://` URL or a path (absolute or relative) of a `.yaml`/`.yml` file.
 */
export function agentSandboxCrdSourcesProblem(sources: readonly string[], key: string = AGENT_SANDBOX_CRDS_KEY): string | undefined {
    const accepted = "accepted: https:// URLs or paths of .yaml/.yml files, e.g. " +
        `'${DEFAULT_AGENT_SANDBOX_CRD_SOURCES[0]}' or './crds/agents.x-k8s.io_sandboxes.yaml'`;
    if (sources.length === 0) {
        return `${key}: the list is empty, so the Sandbox CRD would not be installed; ${accepted}`;
    }
    const wrong = sources.filter((source) => !isCrdSource(source));
    if (wrong.length === 0) return undefined;
    return `${key}: ${wrong.map((w) => JSON.stringify(w)).join(", ")} ` +
        `${wrong.length === 1 ? "is" : "are"} neither an https:// URL nor a .yaml/.yml file path; ${accepted}`;
}

function isCrdSource(source: string): boolean {
    if (source.trim() !== source || source === "") return false;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
        try {
            const url = new URL(source);
            return url.protocol === "https:" && url.hostname !== "" && url.username === "" && url.password === "";
        } catch {
            return false;
        }
    }
    // A path: no scheme, no `~` (nothing expands it), no control characters, and a file name
    // (not a directory) ending in .yaml/.yml.
    if (source.startsWith("~") || [...source].some((c) => c.charCodeAt(0) < 0x20)) return false;
    return /(^|\/)[^/]+\.ya?ml$/i.test(source);
}

/** Labels of every object built here: upstream's `app` label and the stack's own. */
function labels(): Record<string, string> {
    return { app: AGENT_SANDBOX_CONTROLLER_NAME, ...PART_OF_LABEL };
}

/** The Pod Security labels of the controller's namespace: `restricted`, enforced, warned and audited (the controller passes restricted-v2 on OpenShift). */
export function agentSandboxNamespaceLabels(platform?: Platform): Record<string, string> {
    return restrictedNamespaceLabels(platform);
}

/** The controller's namespace, `agent-sandbox-system`, enforcing Pod Security `restricted`. */
export function agentSandboxNamespaceManifest(platform?: Platform): k8s.types.input.core.v1.Namespace {
    return { metadata: { name: AGENT_SANDBOX_NAMESPACE, labels: { ...labels(), ...agentSandboxNamespaceLabels(platform) } } };
}

/** The controller's ServiceAccount. Its token is mounted by the Deployment, which needs the API. */
export function agentSandboxServiceAccountManifest(): k8s.types.input.core.v1.ServiceAccount {
    return { metadata: { name: AGENT_SANDBOX_SERVICE_ACCOUNT, namespace: AGENT_SANDBOX_NAMESPACE, labels: labels() } };
}

/** The verbs the controller has on what it makes for a Sandbox, and on Sandboxes themselves. */
const OWNED_VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"];

/**
 * The controller's ClusterRole: exactly the five rules of the module's `k8s/rbac.generated.yaml`
 * at v1.0.3, in its order. Nothing is added: the generated role already covers leader election
 * (`leases`, which `main.go` uses with `--leader-elect`, in the namespace the controller runs in)
 * and events (core and `events.k8s.io`, for its event recorders), and the controller reads
 * nothing else (no namespaces, nodes, secrets or endpoints).
 */
export function agentSandboxClusterRoleRules(): k8s.types.input.rbac.v1.PolicyRule[] {
    return [
        // Each Sandbox's pod, headless Service and volume claims, which it creates and owns.
        { apiGroups: [""], resources: ["persistentvolumeclaims", "pods", "services"], verbs: [...OWNED_VERBS] },
        { apiGroups: ["", "events.k8s.io"], resources: ["events"], verbs: ["create", "patch"] },
        { apiGroups: ["agents.x-k8s.io"], resources: ["sandboxes"], verbs: [...OWNED_VERBS] },
        { apiGroups: ["agents.x-k8s.io"], resources: ["sandboxes/finalizers", "sandboxes/status"], verbs: ["get", "patch", "update"] },
        // Leader election (Lease `a3317529.agent-sandbox.x-k8s.io`).
        { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create", "get", "list", "patch", "update", "watch"] },
    ];
}

/** The controller's ClusterRole (upstream's name, {@link AGENT_SANDBOX_CLUSTER_ROLE}). */
export function agentSandboxClusterRoleManifest(): k8s.types.input.rbac.v1.ClusterRole {
    return { metadata: { name: AGENT_SANDBOX_CLUSTER_ROLE, labels: labels() }, rules: agentSandboxClusterRoleRules() };
}

/** Binds the ClusterRole to the controller's ServiceAccount. */
export function agentSandboxClusterRoleBindingManifest(): k8s.types.input.rbac.v1.ClusterRoleBinding {
    return {
        metadata: { name: AGENT_SANDBOX_CLUSTER_ROLE_BINDING, labels: labels() },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: AGENT_SANDBOX_CLUSTER_ROLE },
        subjects: [{ kind: "ServiceAccount", name: AGENT_SANDBOX_SERVICE_ACCOUNT, namespace: AGENT_SANDBOX_NAMESPACE }],
    };
}

/**
 * The controller's requests and limits when none are given. Upstream sets none; its Helm chart
 * suggests 10m/64Mi and 500m/128Mi. The memory here is larger, because the controller caches
 * every pod and Service of the cluster (not only the sandboxes'), and that grows with the cluster.
 */
export const DEFAULT_AGENT_SANDBOX_RESOURCES = {
    requests: { cpu: "50m", memory: "128Mi" },
    limits: { cpu: "500m", memory: "512Mi" },
} as const;

/**
 * The controller's arguments: leader election on (upstream's default and its manifest's flag,
 * so a rolling update never has two active controllers) with its Lease in the controller's own
 * namespace, probes on {@link AGENT_SANDBOX_PROBE_PORT}, and metrics off (`0`): upstream serves
 * them unauthenticated over plain HTTP on every address, and nothing here scrapes them.
 */
export function agentSandboxControllerArgs(): string[] {
    return [
        "--leader-elect=true",
        `--leader-election-namespace=${AGENT_SANDBOX_NAMESPACE}`,
        `--health-probe-bind-address=:${AGENT_SANDBOX_PROBE_PORT}`,
        "--metrics-bind-address=0",
    ];
}

/**
 * The controller's Deployment: one replica of `image` with upstream's arguments (see
 * {@link agentSandboxControllerArgs}), probes on `/healthz` and `/readyz`, and a security context
 * that passes Pod Security `restricted` and OpenShift's restricted-v2 SCC: non-root, seccomp
 * `RuntimeDefault`, every capability dropped, no privilege escalation, a read-only root file
 * system. The uid is set (to the image's 65532) on GKE only: OpenShift assigns one from the
 * namespace's range itself and refuses a pod that asks for another. The ServiceAccount token is
 * mounted, as the controller talks to the API.
 */
export function agentSandboxDeploymentManifest(
    image: pulumi.Input<string>,
    platform: Platform,
    resources: k8s.types.input.core.v1.ResourceRequirements = DEFAULT_AGENT_SANDBOX_RESOURCES,
): k8s.types.input.apps.v1.Deployment {
    const selector = { app: AGENT_SANDBOX_CONTROLLER_NAME };
    const uid = platform === Platform.Gke
        ? { runAsUser: AGENT_SANDBOX_CONTROLLER_UID, runAsGroup: AGENT_SANDBOX_CONTROLLER_UID }
        : {};
    const probe = (path: string, initialDelaySeconds: number, periodSeconds: number): k8s.types.input.core.v1.Probe =>
        ({ httpGet: { path, port: "healthz" }, initialDelaySeconds, periodSeconds });
    return {
        metadata: { name: AGENT_SANDBOX_DEPLOYMENT, namespace: AGENT_SANDBOX_NAMESPACE, labels: labels() },
        spec: {
            replicas: 1,
            selector: { matchLabels: selector },
            template: {
                metadata: { labels: labels() },
                spec: {
                    serviceAccountName: AGENT_SANDBOX_SERVICE_ACCOUNT,
                    automountServiceAccountToken: true,
                    enableServiceLinks: false,
                    securityContext: {
                        runAsNonRoot: true,
                        ...uid,
                        seccompProfile: { type: "RuntimeDefault" },
                    },
                    containers: [{
                        name: AGENT_SANDBOX_CONTROLLER_NAME,
                        image,
                        imagePullPolicy: pullPolicy(image),
                        args: agentSandboxControllerArgs(),
                        ports: [{ name: "healthz", containerPort: AGENT_SANDBOX_PROBE_PORT, protocol: "TCP" }],
                        livenessProbe: probe("/healthz", 15, 20),
                        readinessProbe: probe("/readyz", 5, 10),
                        resources,
                        securityContext: {
                            runAsNonRoot: true,
                            allowPrivilegeEscalation: false,
                            readOnlyRootFilesystem: true,
                            capabilities: { drop: ["ALL"] },
                            seccompProfile: { type: "RuntimeDefault" },
                        },
                    }],
                },
            },
        },
    };
}

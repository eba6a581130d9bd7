/**
 * agent-sandbox's controller as the component would install it (components/sandboxes/agent-sandbox.ts):
 * the Deployment's pod passes Pod Security `restricted`, the ClusterRole grants exactly what the
 * controller needs, the CRD sources point at the pinned tag, and the sources check's errors.
 *
 * Nothing here needs the network or Go. When the module `sigs.k8s.io/agent-sandbox@v1.0.3` is in
 * the local Go module cache (or the e2e toolchain's copy of its manifests is there), two more
 * tests compare the ClusterRole and the CRD file list with the module's own files; otherwise
 * they are skipped.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { evaluatePodSecurity } from "../components/checks/pod-security";
import {
    AGENT_SANDBOX_CLUSTER_ROLE, AGENT_SANDBOX_CLUSTER_ROLE_BINDING, AGENT_SANDBOX_CONTROLLER_UID, AGENT_SANDBOX_CRD_FILES,
    AGENT_SANDBOX_CRD_NAME, AGENT_SANDBOX_DEPLOYMENT, AGENT_SANDBOX_NAMESPACE, AGENT_SANDBOX_PROBE_PORT,
    AGENT_SANDBOX_SERVICE_ACCOUNT, AGENT_SANDBOX_VERSION, agentSandboxClusterRoleBindingManifest, agentSandboxClusterRoleManifest,
    agentSandboxCrdSourcesProblem, agentSandboxDeploymentManifest, agentSandboxNamespaceManifest, agentSandboxServiceAccountManifest,
    DEFAULT_AGENT_SANDBOX_CONTROLLER_IMAGE, DEFAULT_AGENT_SANDBOX_CRD_SOURCES, DEFAULT_AGENT_SANDBOX_RESOURCES,
} from "../components/sandboxes/agent-sandbox";

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

/** Whether `rules` let their holder do `verb` on `resource` of `group` (no wildcards are written here). */
function allows(rules: readonly Rule[], group: string, resource: string, verb: string): boolean {
    return rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));
}

/** The module's directory when it is on this machine (no download), else undefined. */
function moduleDir(): string | undefined {
    const roots = [process.env.GOMODCACHE, process.env.GOPATH && path.join(process.env.GOPATH, "pkg", "mod"), path.join(os.homedir(), "go", "pkg", "mod")];
    for (const root of roots) {
        if (!root) continue;
        const dir = path.join(root, "sigs.k8s.io", `agent-sandbox@${AGENT_SANDBOX_VERSION}`);
        if (fs.existsSync(path.join(dir, "k8s", "rbac.generated.yaml"))) return dir;
    }
    return undefined;
}

const deployment = (platform: "gke" | "openshift") => agentSandboxDeploymentManifest(DEFAULT_AGENT_SANDBOX_CONTROLLER_IMAGE, platform) as any;
const podOf = (platform: "gke" | "openshift") => deployment(platform).spec.template.spec;
const rules = () => agentSandboxClusterRoleManifest().rules as Rule[];

describe("agent-sandbox controller (pinned release)", () => {
    describe("Deployment", () => {
        for (const platform of ["gke", "openshift"] as const) {
            it(`passes Pod Security restricted on ${platform}`, () => {
                assert.deepStrictEqual(evaluatePodSecurity(podOf(platform)), { level: "restricted", baselineViolations: [], restrictedViolations: [] });
            });
        }

        it("sets the image's uid 65532 on GKE only: OpenShift's restricted-v2 assigns one from the namespace's range", () => {
            assert.strictEqual(AGENT_SANDBOX_CONTROLLER_UID, 65532);
            assert.strictEqual(podOf("gke").securityContext.runAsUser, 65532);
            assert.strictEqual(podOf("gke").securityContext.runAsGroup, 65532);
            for (const where of [podOf("openshift").securityContext, podOf("openshift").containers[0].securityContext]) {
                assert.strictEqual(where.runAsUser, undefined);
                assert.strictEqual(where.runAsGroup, undefined);
            }
        });

        it("hardens pod and container: non-root, RuntimeDefault seccomp, no capability, no escalation, read-only root", () => {
            for (const platform of ["gke", "openshift"] as const) {
                const pod = podOf(platform);
                assert.strictEqual(pod.securityContext.runAsNonRoot, true);
                assert.deepStrictEqual(pod.securityContext.seccompProfile, { type: "RuntimeDefault" });
                assert.strictEqual(pod.containers.length, 1);
                assert.deepStrictEqual(pod.containers[0].securityContext, {
                    runAsNonRoot: true,
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ["ALL"] },
                    seccompProfile: { type: "RuntimeDefault" },
                });
                assert.strictEqual(pod.volumes, undefined, "nothing to write to");
            }
        });

        it("runs one replica of the pinned image as its ServiceAccount, with the API token it needs", () => {
            const d = deployment("gke");
            assert.strictEqual(d.metadata.name, AGENT_SANDBOX_DEPLOYMENT);
            assert.strictEqual(d.metadata.namespace, AGENT_SANDBOX_NAMESPACE);
            assert.strictEqual(d.spec.replicas, 1);
            assert.strictEqual(DEFAULT_AGENT_SANDBOX_CONTROLLER_IMAGE, "registry.k8s.io/agent-sandbox/agent-sandbox-controller:v1.0.3");
            const pod = d.spec.template.spec;
            assert.strictEqual(pod.containers[0].image, DEFAULT_AGENT_SANDBOX_CONTROLLER_IMAGE);
            assert.strictEqual(pod.serviceAccountName, (agentSandboxServiceAccountManifest() as any).metadata.name);
            assert.strictEqual(pod.automountServiceAccountToken, true);
            // The selector picks the template's pods.
            for (const [key, value] of Object.entries(d.spec.selector.matchLabels)) assert.strictEqual(d.spec.template.metadata.labels[key], value);
        });

        it("passes upstream's flags: leader election on, probes on :8081, metrics off", () => {
            const args: string[] = podOf("gke").containers[0].args;
            assert.ok(args.includes("--leader-elect=true"));
            assert.ok(args.includes(`--leader-election-namespace=${AGENT_SANDBOX_NAMESPACE}`));
            assert.ok(args.includes(`--health-probe-bind-address=:${AGENT_SANDBOX_PROBE_PORT}`));
            assert.ok(args.includes("--metrics-bind-address=0"));
            assert.ok(!args.some((a) => a.startsWith("--extensions")), "the extensions controllers stay off");
        });

        it("probes /healthz and /readyz on the port it declares", () => {
            const container = podOf("gke").containers[0];
            assert.deepStrictEqual(container.ports, [{ name: "healthz", containerPort: 8081, protocol: "TCP" }]);
            assert.deepStrictEqual(container.livenessProbe.httpGet, { path: "/healthz", port: "healthz" });
            assert.deepStrictEqual(container.readinessProbe.httpGet, { path: "/readyz", port: "healthz" });
        });

        it("has requests and limits, the defaults or the caller's", () => {
            assert.deepStrictEqual(podOf("gke").containers[0].resources, DEFAULT_AGENT_SANDBOX_RESOURCES);
            for (const kind of ["requests", "limits"] as const) {
                for (const resource of ["cpu", "memory"] as const) assert.ok(DEFAULT_AGENT_SANDBOX_RESOURCES[kind][resource]);
            }
            const custom = { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } };
            const pod = (agentSandboxDeploymentManifest("example.com/controller:v1", "openshift", custom) as any).spec.template.spec;
            assert.deepStrictEqual(pod.containers[0].resources, custom);
            assert.strictEqual(pod.containers[0].image, "example.com/controller:v1");
        });
    });

    describe("namespace", () => {
        it("is agent-sandbox-system and enforces, warns and audits Pod Security restricted", () => {
            const ns = agentSandboxNamespaceManifest() as any;
            assert.strictEqual(ns.metadata.name, "agent-sandbox-system");
            for (const mode of ["enforce", "warn", "audit"]) {
                assert.strictEqual(ns.metadata.labels[`pod-security.kubernetes.io/${mode}`], "restricted");
                assert.strictEqual(ns.metadata.labels[`pod-security.kubernetes.io/${mode}-version`], "latest");
            }
            assert.strictEqual(ns.metadata.labels["security.openshift.io/scc.podSecurityLabelSync"], undefined);
        });

        it("on OpenShift, keeps the label syncer from rewriting those levels", () => {
            const ns = agentSandboxNamespaceManifest("openshift") as any;
            assert.strictEqual(ns.metadata.labels["security.openshift.io/scc.podSecurityLabelSync"], "false");
            assert.strictEqual(ns.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        });
    });

    describe("RBAC", () => {
        it("uses upstream's names, so an existing installation and ours collide instead of coexisting", () => {
            assert.deepStrictEqual(
                [AGENT_SANDBOX_NAMESPACE, AGENT_SANDBOX_SERVICE_ACCOUNT, AGENT_SANDBOX_CLUSTER_ROLE, AGENT_SANDBOX_CLUSTER_ROLE_BINDING, AGENT_SANDBOX_DEPLOYMENT],
                ["agent-sandbox-system", "agent-sandbox-controller", "agent-sandbox-controller", "agent-sandbox-controller", "agent-sandbox-controller"]);
            assert.strictEqual((agentSandboxClusterRoleManifest() as any).metadata.name, "agent-sandbox-controller");
            assert.strictEqual((agentSandboxClusterRoleBindingManifest() as any).metadata.name, "agent-sandbox-controller");
            assert.strictEqual(AGENT_SANDBOX_CRD_NAME, "sandboxes.agents.x-k8s.io");
        });

        it("has exactly the five rules of v1.0.3's k8s/rbac.generated.yaml", () => {
            const all = ["create", "delete", "get", "list", "patch", "update", "watch"];
            assert.deepStrictEqual(rules(), [
                { apiGroups: [""], resources: ["persistentvolumeclaims", "pods", "services"], verbs: all },
                { apiGroups: ["", "events.k8s.io"], resources: ["events"], verbs: ["create", "patch"] },
                { apiGroups: ["agents.x-k8s.io"], resources: ["sandboxes"], verbs: all },
                { apiGroups: ["agents.x-k8s.io"], resources: ["sandboxes/finalizers", "sandboxes/status"], verbs: ["get", "patch", "update"] },
                { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create", "get", "list", "patch", "update", "watch"] },
            ]);
        });

        it("lets the controller reconcile Sandboxes into pods, Services and claims, elect a leader and record events", () => {
            const r = rules();
            for (const verb of ["get", "list", "watch", "create", "update", "patch", "delete"]) {
                assert.ok(allows(r, "agents.x-k8s.io", "sandboxes", verb), `sandboxes ${verb}`);
                for (const resource of ["pods", "services", "persistentvolumeclaims"]) assert.ok(allows(r, "", resource, verb), `${resource} ${verb}`);
            }
            for (const sub of ["sandboxes/status", "sandboxes/finalizers"]) assert.ok(allows(r, "agents.x-k8s.io", sub, "update"), sub);
            for (const verb of ["get", "create", "update"]) assert.ok(allows(r, "coordination.k8s.io", "leases", verb), `leases ${verb}`);
            for (const group of ["", "events.k8s.io"]) assert.ok(allows(r, group, "events", "create"), `events in '${group}'`);
        });

        it("grants nothing else: no wildcards, no secrets, nodes, namespaces, exec or RBAC", () => {
            const r = rules();
            assert.ok(r.every((rule) => ![...rule.apiGroups, ...rule.resources, ...rule.verbs].includes("*")));
            for (const [group, resource] of [["", "secrets"], ["", "nodes"], ["", "namespaces"], ["", "pods/exec"], ["", "configmaps"],
                ["rbac.authorization.k8s.io", "clusterroles"], ["apps", "deployments"]]) {
                for (const verb of ["get", "list", "create"]) assert.ok(!allows(r, group, resource, verb), `${resource} ${verb}`);
            }
        });

        it("binds the ClusterRole to the controller's ServiceAccount in its namespace", () => {
            const binding = agentSandboxClusterRoleBindingManifest();
            assert.deepStrictEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: AGENT_SANDBOX_CLUSTER_ROLE });
            assert.deepStrictEqual(binding.subjects, [{ kind: "ServiceAccount", name: AGENT_SANDBOX_SERVICE_ACCOUNT, namespace: AGENT_SANDBOX_NAMESPACE }]);
            assert.strictEqual((agentSandboxServiceAccountManifest() as any).metadata.namespace, AGENT_SANDBOX_NAMESPACE);
        });

        it("equals the module's k8s/rbac.generated.yaml (when the module is in the local Go cache)", function () {
            const dir = moduleDir();
            if (dir === undefined) this.skip();
            const upstream = yaml.load(fs.readFileSync(path.join(dir, "k8s", "rbac.generated.yaml"), "utf8")) as { metadata: { name: string }; rules: Rule[] };
            assert.strictEqual(upstream.metadata.name, AGENT_SANDBOX_CLUSTER_ROLE);
            assert.deepStrictEqual(rules(), upstream.rules);
        });
    });

    describe("CRD sources", () => {
        it("default to the Sandbox CRD alone, at the pinned tag", () => {
            assert.deepStrictEqual(DEFAULT_AGENT_SANDBOX_CRD_SOURCES,
                ["https://raw.githubusercontent.com/kubernetes-sigs/agent-sandbox/v1.0.3/k8s/crds/agents.x-k8s.io_sandboxes.yaml"]);
            assert.strictEqual(agentSandboxCrdSourcesProblem(DEFAULT_AGENT_SANDBOX_CRD_SOURCES), undefined);
        });

        it("name the module's four CRD files, the extensions' ones unused", () => {
            assert.deepStrictEqual([...AGENT_SANDBOX_CRD_FILES], [
                "agents.x-k8s.io_sandboxes.yaml",
                "extensions.agents.x-k8s.io_sandboxclaims.yaml",
                "extensions.agents.x-k8s.io_sandboxtemplates.yaml",
                "extensions.agents.x-k8s.io_sandboxwarmpools.yaml",
            ]);
        });

        it("match the module's k8s/crds/ (when the module is in the local Go cache)", function () {
            const dir = moduleDir();
            if (dir === undefined) this.skip();
            assert.deepStrictEqual(fs.readdirSync(path.join(dir, "k8s", "crds")).sort(), [...AGENT_SANDBOX_CRD_FILES].sort());
        });
    });

    describe("CRD sources check (openhands:agentSandboxCrds)", () => {
        it("accepts https URLs and absolute or relative .yaml/.yml paths", () => {
            for (const sources of [
                ["https://example.com/crds/sandboxes.yaml"],
                ["/etc/openhands/crds/agents.x-k8s.io_sandboxes.yaml", "./crds/b.yml", "../c.YAML", "crds/d.yaml", "e.yaml"],
                ["https://mirror.example/agent-sandbox/v1.0.3/crds", "crds/x.yaml"],
            ]) {
                assert.strictEqual(agentSandboxCrdSourcesProblem(sources), undefined, JSON.stringify(sources));
            }
        });

        it("refuses an empty list, naming the key", () => {
            const problem = String(agentSandboxCrdSourcesProblem([]));
            assert.ok(problem.startsWith("openhands:agentSandboxCrds: the list is empty"), problem);
            assert.ok(problem.includes("accepted: https:// URLs or paths of .yaml/.yml files"), problem);
        });

        it("refuses entries that are neither https URLs nor .yaml/.yml paths, naming each", () => {
            for (const bad of ["http://example.com/crd.yaml", "file:///tmp/crd.yaml", "ftp://example.com/crd.yaml", "https://",
                "crds/", "crds", "crd.json", "", " crd.yaml", "crd.yaml ", "~/crds/crd.yaml", "https://user:secret@example.com/crd.yaml"]) {
                const problem = agentSandboxCrdSourcesProblem([DEFAULT_AGENT_SANDBOX_CRD_SOURCES[0], bad]);
                assert.ok(problem !== undefined, `accepted ${JSON.stringify(bad)}`);
                assert.ok(problem.startsWith(`openhands:agentSandboxCrds: ${JSON.stringify(bad)} is neither an https:// URL nor a .yaml/.yml file path`), problem);
            }
            const two = agentSandboxCrdSourcesProblem(["a.json", "b.txt"]);
            assert.ok(two?.startsWith('openhands:agentSandboxCrds: "a.json", "b.txt" are neither'), two);
        });
    });
});

/**
 * Secure defaults and their opt-outs: pod security, least privilege, exposure,
 * secrets and GKE hardening.
 */
import * as assert from "assert";
import { settingsFor } from "./support/settings";
import { podSpec } from "../components/builders/workload";
import { evaluatePodSecurity, failedChecks, strictestPassingLevel } from "../components/checks/pod-security";
import { GUIDE_VALUES } from "../components/settings/catalog";
import { GUIDE_CONFIG, refusedRun, runGuideStack, runStack, type StackRun, podSpecOf, GKE_EXISTING_CLUSTER, GKE_PROJECT } from "./support/stack";
import { TYPE } from "./support/types";

const T = TYPE;

/** The guide's OpenShift pod, as its YAML writes it. */
const GUIDE_POD: any = {
    containers: [
        { name: "openhands-app-2024", image: "ghcr.io/all-hands-ai/openhands:main", ports: [{ containerPort: 3000 }] },
        { name: "openhands-sandbox-2024", image: "ghcr.io/all-hands-ai/sandbox:main", ports: [{ containerPort: 51963 }] },
    ],
    volumes: [
        { name: "workspace-volume", persistentVolumeClaim: { claimName: "workspace-pvc" } },
        { name: "docker-sock", persistentVolumeClaim: { claimName: "docker-pvc" } },
    ],
};


describe("security", () => {
    describe("pod security evaluator", () => {
        it("finds the guide's own warnings in its pod: every restricted check, for both containers", () => {
            const report = evaluatePodSecurity(GUIDE_POD);
            assert.strictEqual(report.level, "baseline");
            for (const check of ["allowPrivilegeEscalation", "drop ALL", "runAsNonRoot", "seccompProfile"]) {
                for (const container of ["openhands-app-2024", "openhands-sandbox-2024"]) {
                    assert.ok(report.restrictedViolations.some((v) => v.includes(container) && v.includes(check)), `${container} ${check}`);
                }
            }
        });

        it("ranks privileged containers and hostPath volumes below baseline", () => {
            assert.strictEqual(evaluatePodSecurity({ containers: [{ name: "d", securityContext: { privileged: true } }] }).level, "privileged");
            assert.strictEqual(evaluatePodSecurity({ containers: [{ name: "a" }], volumes: [{ name: "s", hostPath: { path: "/x" } }] }).level, "privileged");
            assert.strictEqual(strictestPassingLevel([GUIDE_POD, { containers: [{ name: "d", securityContext: { privileged: true } }] }]), "privileged");
        });

        it("passes restricted for a fully locked-down container", () => {
            const spec: any = {
                securityContext: { seccompProfile: { type: "RuntimeDefault" } },
                containers: [{ name: "x", securityContext: { runAsNonRoot: true, runAsUser: 42420, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }],
                volumes: [{ name: "v", emptyDir: {} }],
            };
            assert.deepStrictEqual(evaluatePodSecurity(spec), { level: "restricted", baselineViolations: [], restrictedViolations: [] });
        });

        it("fails fewer restricted controls in our OpenShift pod than the guide's four", () => {
            const guide = failedChecks(evaluatePodSecurity(GUIDE_POD).restrictedViolations);
            assert.deepStrictEqual(guide.sort(), ["allowPrivilegeEscalation", "capabilities", "runAsNonRoot", "seccompProfile"]);
            const ours = evaluatePodSecurity(podSpec(settingsFor({ platform: "openshift", ...GUIDE_VALUES, persistentState: false })));
            assert.strictEqual(ours.level, "baseline");
            assert.deepStrictEqual(failedChecks(ours.restrictedViolations).sort(), ["capabilities", "runAsNonRoot"]);
        });

        it("passes restricted for the app container when it runs as a non-root user", () => {
            const spec = podSpec(settingsFor({ platform: "openshift", openhandsVersion: "0.59", appRunAsUser: 42420, sandboxSidecar: false, dockerEngine: "dind" }));
            const report = evaluatePodSecurity(spec);
            assert.deepStrictEqual(report.restrictedViolations.filter((v) => v.includes("openhands-app-2024")), []);
        });
    });

    describe("pod security in the stacks", () => {
        let openshift: StackRun;
        // The guide's shape: the node's Docker socket through hostPath volumes.
        before(async () => { openshift = await runGuideStack("openshift"); });

        it("locks down every container that needs no privilege", () => {
            const spec = podSpecOf(openshift);
            assert.deepStrictEqual(spec.securityContext, { seccompProfile: { type: "RuntimeDefault" } });
            for (const container of spec.containers) {
                assert.strictEqual(container.securityContext.allowPrivilegeEscalation, false, container.name);
                assert.deepStrictEqual(container.securityContext.capabilities.drop, ["ALL"], container.name);
                assert.ok(!container.securityContext.privileged, container.name);
            }
        });

        it("labels the namespace honestly: enforce=privileged, since the OpenShift pod's claims are hostPath volumes in all but name", () => {
            const labels = openshift.one(T.namespace).inputs.metadata.labels;
            assert.strictEqual(labels["pod-security.kubernetes.io/enforce"], "privileged");
            assert.strictEqual(labels["pod-security.kubernetes.io/warn"], "restricted");
            assert.strictEqual(labels["pod-security.kubernetes.io/audit"], "restricted");
            assert.strictEqual(labels["security.openshift.io/scc.podSecurityLabelSync"], "false", "OpenShift must not overwrite them");
        });

        it("enforces privileged where a privileged Docker daemon joins the pod, and says why", async () => {
            const dind = await runStack("openshift");
            assert.strictEqual(dind.one(T.namespace).inputs.metadata.labels["pod-security.kubernetes.io/enforce"], "privileged");
            const daemon = podSpecOf(dind).initContainers.find((c: any) => c.name === "docker-daemon");
            assert.strictEqual(daemon.securityContext.privileged, true, "the one exception, named in the README");
        });

        it("refuses an enforce level that the stack's own pods would fail, naming what fails", async () => {
            const refused = await refusedRun("openshift", { ...GUIDE_CONFIG, "openhands:podSecurityLevel": "restricted" });
            assert.match(refused.message, /openhands:podSecurityLevel: 'restricted' would reject this stack's own pods/);
            assert.match(refused.message, /runAsNonRoot/);
            assert.match(refused.message, /hostPathVolumes \(volume workspace-volume, volume docker-sock, volume openhands-state\)/);
            assert.match(refused.message, /accepted: 'privileged' or less strict/);
        });

        it("never deploys a non-root app beside the node's Docker socket, which it could not use (issue 25)", async () => {
            const refused = await refusedRun("openshift", { ...GUIDE_CONFIG, "openhands:appRunAsUser": "42420", "openhands:sandboxSidecar": "false",
                "openhands:persistentState": "false" });
            assert.match(refused.message, /openhands:appRunAsUser: a non-root app cannot use the node's Docker socket/);
        });

        it("takes an explicit, looser enforce level and warn level", async () => {
            const run = await runStack("openshift", { "openhands:podSecurityLevel": "privileged", "openhands:podSecurityWarnLevel": "baseline" });
            const labels = run.one(T.namespace).inputs.metadata.labels;
            assert.strictEqual(labels["pod-security.kubernetes.io/enforce"], "privileged");
            assert.strictEqual(labels["pod-security.kubernetes.io/warn"], "baseline");
        });

        it("grants an OpenShift SCC to the app's ServiceAccount when asked", async () => {
            const run = await runStack("openshift", { "openhands:openshiftScc": "privileged" });
            const binding = run.one(T.roleBinding).inputs;
            assert.deepStrictEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:openshift:scc:privileged" });
            assert.deepStrictEqual(binding.subjects, [{ kind: "ServiceAccount", name: "openhands-app-2024", namespace: "openhands" }]);
        });
    });

    describe("least privilege", () => {
        it("runs the OpenShift app as a dedicated ServiceAccount with no API token and no RBAC", async () => {
            const run = await runGuideStack("openshift");
            const account = run.one(T.serviceAccount).inputs;
            assert.strictEqual(account.metadata.name, "openhands-app-2024");
            assert.strictEqual(account.automountServiceAccountToken, false);
            assert.strictEqual(podSpecOf(run).automountServiceAccountToken, false);
            assert.strictEqual(run.all(T.role).length + run.all(T.clusterRole).length + run.all(T.roleBinding).length, 0);
        });

        it("keeps the guide's ClusterRole on gke but binds it in the app's namespace only, to the app's own account", async () => {
            const gke = await runStack("gke", GKE_EXISTING_CLUSTER);
            assert.strictEqual(gke.one(T.clusterRole).inputs.metadata.name, "privileged-role");
            assert.strictEqual(gke.all(T.binding).length, 0, "no ClusterRoleBinding");
            const binding = gke.one(T.roleBinding).inputs;
            assert.deepStrictEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "privileged-role" });
            assert.deepStrictEqual(binding.subjects, [{ kind: "ServiceAccount", name: "openhands-app-2024", namespace: "default" }]);
        });

        it("mounts an API token into the app container alone, never into the Docker daemon or the sshd", async () => {
            const gke = await runStack("gke", GKE_EXISTING_CLUSTER);
            assert.strictEqual(gke.one(T.serviceAccount).inputs.automountServiceAccountToken, false);
            const spec = podSpecOf(gke);
            assert.strictEqual(spec.automountServiceAccountToken, false);
            const tokenVolume = spec.volumes.find((v: any) => v.projected);
            assert.deepStrictEqual(tokenVolume.projected.sources[0], { serviceAccountToken: { path: "token", expirationSeconds: 3607 } });
            for (const c of [...spec.initContainers, ...spec.containers]) {
                const mounted = (c.volumeMounts ?? []).some((m: any) => m.name === tokenVolume.name);
                assert.strictEqual(mounted, c.name === "openhands-app-2024", c.name);
            }
            const none = await runStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:rbacScope": "none" });
            assert.strictEqual(none.all(T.role).length + none.all(T.clusterRole).length, 0);
            assert.strictEqual(podSpecOf(none).automountServiceAccountToken, false);
        });
    });

    describe("exposure", () => {
        it("admits traffic to the pod only on the proxy's port 8080 (a 0.x app's 3000) through a NetworkPolicy", async () => {
            const run = await runStack("gke", GKE_EXISTING_CLUSTER);
            const policy = run.one(T.networkPolicy).inputs.spec;
            assert.deepStrictEqual(policy.podSelector, { matchLabels: { app: "openhands-app-2024" } });
            assert.deepStrictEqual(policy.policyTypes, ["Ingress", "Egress"]);
            assert.deepStrictEqual(policy.ingress, [{ ports: [{ protocol: "TCP", port: 8080 }] }]);
            const guide = await runGuideStack("gke", GKE_EXISTING_CLUSTER);
            assert.deepStrictEqual(guide.one(T.networkPolicy).inputs.spec.ingress, [{ ports: [{ protocol: "TCP", port: 3000 }] }]);
        });

        it("lets the pod (and its dind sandboxes) reach DNS and the internet, not the metadata server or the cluster's ranges", async () => {
            const run = await runStack("gke", GKE_EXISTING_CLUSTER);
            const [dns, out] = run.one(T.networkPolicy).inputs.spec.egress;
            assert.deepStrictEqual(dns, { ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] });
            assert.deepStrictEqual(out.to, [
                { ipBlock: { cidr: "0.0.0.0/0", except: ["169.254.169.254/32", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"] } },
                { ipBlock: { cidr: "::/0", except: ["fc00::/7"] } },
            ]);
        });

        it("denies only the metadata server with the node's Docker socket, whose sandboxes the app reaches on the node's address", async () => {
            const out = (await runGuideStack("openshift")).one(T.networkPolicy).inputs.spec.egress[1];
            assert.deepStrictEqual(out.to, [{ ipBlock: { cidr: "0.0.0.0/0", except: ["169.254.169.254/32"] } }, { ipBlock: { cidr: "::/0" } }]);
        });

        it("takes the denied ranges from openhands:egressDeniedCidrs", async () => {
            const run = await runStack("openshift", { "openhands:egressDeniedCidrs": "[\"169.254.169.254/32\",\"10.0.0.0/8\"]" });
            assert.deepStrictEqual(run.one(T.networkPolicy).inputs.spec.egress[1].to[0].ipBlock.except, ["169.254.169.254/32", "10.0.0.0/8"]);
        });

        it("restricts the load balancer and the policy to openhands:loadBalancerSourceRanges", async () => {
            const run = await runStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:loadBalancerSourceRanges": "[\"203.0.113.0/24\",\"198.51.100.7/32\"]" });
            const svc = run.one(T.service).inputs.spec;
            assert.deepStrictEqual(svc.loadBalancerSourceRanges, ["203.0.113.0/24", "198.51.100.7/32"]);
            assert.strictEqual(svc.externalTrafficPolicy, "Local", "client addresses reach the policy unchanged");
            assert.deepStrictEqual(run.one(T.networkPolicy).inputs.spec.ingress[0].from,
                [{ ipBlock: { cidr: "203.0.113.0/24" } }, { ipBlock: { cidr: "198.51.100.7/32" } }]);
        });

        it("opens 51963 in the policy only together with the LoadBalancer port (exposeSsh)", async () => {
            const run = await runGuideStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:exposeSsh": "true" });
            assert.deepStrictEqual(run.one(T.networkPolicy).inputs.spec.ingress[0].ports,
                [{ protocol: "TCP", port: 3000 }, { protocol: "TCP", port: 51963 }]);
        });

        it("makes no NetworkPolicy with openhands:networkPolicy false", async () => {
            const run = await runStack("openshift", { "openhands:networkPolicy": "false" });
            assert.strictEqual(run.all(T.networkPolicy).length, 0);
        });

        it("adds an edge-TLS OpenShift Route to the Service with openhands:route", async () => {
            const run = await runStack("openshift", { "openhands:route": "true", "openhands:routeHost": "openhands.apps.example.com" });
            const route = run.one(T.route).inputs;
            assert.strictEqual(route.spec.host, "openhands.apps.example.com");
            assert.deepStrictEqual(route.spec.to, { kind: "Service", name: "openhands-app-2024", weight: 100 });
            assert.deepStrictEqual(route.spec.tls, { termination: "edge", insecureEdgeTerminationPolicy: "Redirect" });
        });
    });

    describe("secrets", () => {
        const KEY = JSON.stringify({ type: "service_account", private_key: "KEY-MATERIAL-0123" });
        let run: StackRun;
        before(async () => {
            run = await runStack("gke", { ...GKE_PROJECT, "openhands:googleCredentials": KEY, "openhands:llmApiKey": "sk-LLM-SECRET" },
                ["openhands:googleCredentials", "openhands:llmApiKey"]);
        });

        it("sends both keys to the cluster only as secrets", () => {
            const secrets = run.all("kubernetes:core/v1:Secret");
            assert.deepStrictEqual(secrets.map((s) => s.inputs.metadata.name).sort(), ["google-cloud-key", "openhands-llm"]);
            for (const secret of secrets) {
                assert.ok(secret.secretPaths.some((p) => p.startsWith("stringData")), secret.name);
            }
        });

        it("keeps them out of every non-secret input and every stack output", () => {
            for (const r of run.resources.filter((x) => x.type !== "kubernetes:core/v1:Secret")) {
                const text = JSON.stringify(r.inputs);
                assert.ok(!text.includes("KEY-MATERIAL") && !text.includes("sk-LLM-SECRET"), r.name);
            }
            const plainOutputs = Object.entries(run.outputs).filter(([k]) => !run.secretOutputs.includes(k));
            assert.ok(!JSON.stringify(plainOutputs).includes("KEY-MATERIAL"));
            assert.ok(run.secretOutputs.includes("kubeconfig"));
        });
    });

    describe("GKE hardening", () => {
        let run: StackRun;
        before(async () => { run = await runStack("gke", GKE_PROJECT); });

        it("turns on Workload Identity, shielded nodes and Dataplane V2", () => {
            const cluster = run.one(T.cluster).inputs;
            assert.deepStrictEqual(cluster.workloadIdentityConfig, { workloadPool: "demo-project.svc.id.goog" });
            assert.strictEqual(cluster.enableShieldedNodes, true);
            assert.strictEqual(cluster.datapathProvider, "ADVANCED_DATAPATH");
        });

        it("runs nodes as a dedicated service account with minimal scopes and the GKE metadata server", () => {
            const node = run.one(T.nodePool).inputs.nodeConfig;
            assert.ok(node.serviceAccount, "a service account of their own");
            assert.ok(!node.oauthScopes.includes("https://www.googleapis.com/auth/cloud-platform"));
            assert.deepStrictEqual(node.shieldedInstanceConfig, { enableSecureBoot: true, enableIntegrityMonitoring: true });
            assert.deepStrictEqual(node.workloadMetadataConfig, { mode: "GKE_METADATA" });
            const roles = run.all("gcp:projects/iAMMember:IAMMember").map((m) => m.inputs.role).sort();
            assert.ok(roles.includes("roles/logging.logWriter") && !roles.some((r) => /owner|editor/.test(r)), roles.join());
        });

        it("binds the app to a Google service account through Workload Identity with openhands:gcpServiceAccount", async () => {
            const wi = await runStack("gke", { ...GKE_PROJECT, "openhands:gcpServiceAccount": "agent@demo-project.iam.gserviceaccount.com" });
            assert.strictEqual(wi.one(T.serviceAccount).inputs.metadata.annotations["iam.gke.io/gcp-service-account"],
                "agent@demo-project.iam.gserviceaccount.com");
            const member = wi.one(T.iamMember).inputs;
            assert.strictEqual(member.role, "roles/iam.workloadIdentityUser");
            assert.strictEqual(member.member, "serviceAccount:demo-project.svc.id.goog[default/openhands-app-2024]");
            assert.strictEqual(member.serviceAccountId, "projects/-/serviceAccounts/agent@demo-project.iam.gserviceaccount.com");
        });
    });

});

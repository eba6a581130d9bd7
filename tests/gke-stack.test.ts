/**
 * The `gke` stack file under mocks: the GKE cluster, the provider every
 * Kubernetes object goes through, and every value the guide's GKE part sets.
 */
import * as assert from "assert";
import { GUIDE_CONFIG, refusedRun, runGuideStack, runStack, type StackRun, appOf, GKE_EXISTING_CLUSTER, GKE_PROJECT } from "./support/stack";
import { TYPE } from "./support/types";

const T = TYPE;

/** A syntactically valid service-account key (no real credential). */
const KEY_JSON = JSON.stringify({ type: "service_account", project_id: "demo-project", client_email: "x@demo-project.iam.gserviceaccount.com" });


describe("gke stack (Pulumi.gke.yaml)", () => {
    let run: StackRun;
    before(async () => { run = await runGuideStack("gke", GKE_PROJECT); });

    describe("cluster", () => {
        it("creates a GKE cluster without its default node pool, in the configured zone", () => {
            const cluster = run.one(T.cluster).inputs;
            assert.strictEqual(cluster.removeDefaultNodePool, true);
            assert.strictEqual(cluster.initialNodeCount, 1);
            assert.strictEqual(cluster.project, "demo-project");
            assert.strictEqual(cluster.location, "europe-west4-a");
            assert.deepStrictEqual(cluster.releaseChannel, { channel: "REGULAR" });
        });

        it("protects the cluster and everything of it, so no config change (createCluster false) deletes it (issue 25)", () => {
            const ofCluster = run.resources.filter((r) => r.type.startsWith("gcp:") || r.type === T.provider);
            assert.ok(ofCluster.length >= 4, ofCluster.map((r) => r.type).join(", "));
            assert.deepStrictEqual(ofCluster.filter((r) => !r.protect).map((r) => `${r.type} ${r.name}`), []);
            // The component's own objects keep their own rules: only the data is protected.
            assert.strictEqual(run.one(T.deployment).protect, false);
            assert.deepStrictEqual([run.one(T.pvc, "openhands-workspace").protect, run.one(T.pvc, "openhands-workspace").retainOnDelete], [true, true]);
        });

        it("adds one node pool of one e2-standard-4 node by default (the guide's single worker)", () => {
            const pool = run.one(T.nodePool).inputs;
            assert.strictEqual(pool.nodeCount, 1);
            assert.strictEqual(pool.nodeConfig.machineType, "e2-standard-4");
            assert.strictEqual(pool.location, "europe-west4-a");
        });

        it("builds the Kubernetes provider from the cluster's endpoint and CA with gke-gcloud-auth-plugin", () => {
            const kubeconfig = JSON.parse(run.one(T.provider).inputs.kubeconfig);
            assert.strictEqual(kubeconfig.clusters[0].cluster.server, "https://127.0.0.20");
            assert.strictEqual(kubeconfig.clusters[0].cluster["certificate-authority-data"], "LS0tLS1CRUdJTi1DRVJUSUZJQ0FURS0tLS0t");
            assert.strictEqual(kubeconfig.users[0].user.exec.command, "gke-gcloud-auth-plugin");
        });

        it("sends every Kubernetes object through that provider", () => {
            const provider = run.one(T.provider);
            const objects = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
            assert.ok(objects.length >= 5);
            for (const r of objects) {
                assert.ok(r.provider?.startsWith(`${provider.urn}::`), `${r.type} ${r.name} uses ${r.provider}`);
            }
        });

        it("reads the cluster's shape from config", async () => {
            const custom = await runGuideStack("gke", {
                ...GKE_PROJECT, "openhands:gkeLocation": "us-central1", "openhands:gkeNodeCount": "3",
                "openhands:gkeMachineType": "n2-standard-8", "openhands:gkeReleaseChannel": "STABLE",
                "openhands:gkeKubernetesVersion": "1.33", "openhands:gkeClusterName": "agents",
            });
            const cluster = custom.one(T.cluster).inputs;
            assert.strictEqual(cluster.location, "us-central1");
            assert.strictEqual(cluster.name, "agents");
            assert.strictEqual(cluster.minMasterVersion, "1.33");
            assert.deepStrictEqual(cluster.releaseChannel, { channel: "STABLE" });
            assert.strictEqual(custom.one(T.nodePool).inputs.nodeCount, 3);
            assert.strictEqual(custom.one(T.nodePool).inputs.nodeConfig.machineType, "n2-standard-8");
        });

        it("exports the cluster name and the kubeconfig as a secret", () => {
            assert.strictEqual(run.outputs.clusterName, "openhands-gke-cluster-1234567");
            assert.ok(run.secretOutputs.includes("kubeconfig"));
            assert.ok(!run.secretOutputs.includes("clusterName"));
        });

        describe("changes nothing else: every Kubernetes object is the same with openhands:createCluster false", () => {
            // What lets the tests of the workload (release contract, runtime options, security) run
            // the gke stack against an existing cluster, at half the cost of a run that makes one.
            const objectsOf = (r: StackRun) => r.resources.filter((x) => x.type.startsWith("kubernetes:"))
                .map(({ type, name, inputs, secretPaths, parentType }) => ({ type, name, inputs, secretPaths, parentType }))
                .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
            /** The stack's outputs but the two that only a made cluster has. */
            const withoutCluster = (outputs: Record<string, unknown>) =>
                Object.fromEntries(Object.entries(outputs).filter(([key]) => key !== "clusterName" && key !== "kubeconfig"));
            const OPTIONS = {
                "openhands:googleCredentials": KEY_JSON, "openhands:llmApiKey": "sk-test", "openhands:llmModel": "anthropic/claude-sonnet-4",
                "openhands:loadBalancerSourceRanges": "[\"203.0.113.0/24\"]", "openhands:persistentWorkspace": "true", "openhands:rbacScope": "cluster",
            };
            const SECRET_KEYS = ["openhands:googleCredentials", "openhands:llmApiKey"];
            const cases: Array<[string, (where: Record<string, string>) => Promise<StackRun>]> = [
                ["the stack file as it is deployed", (where) => runStack("gke", where)],
                ["the guide's values", (where) => runGuideStack("gke", where)],
                ["keys, LLM settings, source ranges, a persistent workspace, cluster RBAC", (where) => runStack("gke", { ...where, ...OPTIONS }, SECRET_KEYS)],
            ];
            for (const [what, runWith] of cases) {
                it(what, async () => {
                    const [made, existing] = [await runWith(GKE_PROJECT), await runWith(GKE_EXISTING_CLUSTER)];
                    assert.strictEqual(made.all(T.cluster).length, 1);
                    assert.strictEqual(existing.all(T.cluster).length, 0);
                    assert.ok(objectsOf(made).length >= 5, `${objectsOf(made).length} objects`);
                    assert.deepStrictEqual(objectsOf(existing), objectsOf(made));
                    assert.deepStrictEqual(withoutCluster(existing.outputs), withoutCluster(made.outputs));
                });
            }
        });

        it("deploys into the current kubeconfig's cluster when openhands:createCluster is false", async () => {
            const existing = await runGuideStack("gke", GKE_EXISTING_CLUSTER);
            assert.strictEqual(existing.all(T.cluster).length, 0);
            assert.strictEqual(existing.all(T.provider).length, 0);
            assert.strictEqual(existing.all(T.deployment).length, 1);
            assert.strictEqual(existing.outputs.kubeconfig, undefined);
        });
    });

    describe("RBAC", () => {
        const GUIDE_RULES = [
            { apiGroups: [""], resources: ["pods"], verbs: ["create", "get", "list", "watch", "delete"] },
            { apiGroups: ["apps"], resources: ["deployments"], verbs: ["create", "get", "list", "watch", "delete"] },
            { apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] },
            { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
        ];
        let cluster: StackRun;
        before(async () => { cluster = await runGuideStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:rbacScope": "cluster" }); });

        it("with rbacScope cluster, creates ClusterRole privileged-role with exactly the guide's four rules", () => {
            assert.deepStrictEqual(cluster.one(T.clusterRole).inputs.metadata.name, "privileged-role");
            assert.deepStrictEqual(cluster.one(T.clusterRole).inputs.rules, GUIDE_RULES);
        });

        it("binds it to a dedicated ServiceAccount that the Deployment runs as, not to default/default (defect 8)", () => {
            const binding = cluster.one(T.binding).inputs;
            assert.strictEqual(binding.metadata.name, "privileged-role-binding");
            assert.deepStrictEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "privileged-role" });
            const account = cluster.one(T.serviceAccount).inputs.metadata;
            assert.deepStrictEqual(binding.subjects, [{ kind: "ServiceAccount", name: account.name, namespace: "default" }]);
            assert.notStrictEqual(account.name, "default");
            assert.strictEqual(cluster.one(T.deployment).inputs.spec.template.spec.serviceAccountName, account.name);
        });

        it("by default has the guide's ClusterRole with its four rules, bound in the app's namespace only", () => {
            const role = run.one(T.clusterRole).inputs;
            assert.strictEqual(role.metadata.name, "privileged-role");
            assert.deepStrictEqual(role.rules, GUIDE_RULES);
            assert.strictEqual(run.all(T.binding).length, 0, "no ClusterRoleBinding");
            const binding = run.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").inputs;
            assert.strictEqual(binding.metadata.namespace, "default");
            assert.deepStrictEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "privileged-role" });
            assert.deepStrictEqual(binding.subjects, [{ kind: "ServiceAccount", name: "openhands-app-2024", namespace: "default" }]);
        });

        it("binds an existing ServiceAccount named by openhands:serviceAccount and creates none", async () => {
            const named = await runGuideStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:serviceAccount": "openhands-agent", "openhands:rbacScope": "cluster" });
            assert.strictEqual(named.all(T.serviceAccount).length, 0);
            assert.deepStrictEqual(named.one(T.binding).inputs.subjects, [{ kind: "ServiceAccount", name: "openhands-agent", namespace: "default" }]);
            assert.strictEqual(named.one(T.deployment).inputs.spec.template.spec.serviceAccountName, "openhands-agent");
        });

        it("runs as the namespace's default ServiceAccount only without API rights (the guide's default/default binding is refused)", async () => {
            const plain = await runGuideStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:serviceAccount": "default", "openhands:rbacScope": "none" });
            assert.strictEqual(plain.all(T.binding).length, 0);
            assert.strictEqual(plain.all("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").length, 0);
            assert.strictEqual(plain.one(T.deployment).inputs.spec.template.spec.serviceAccountName, "default");
        });
    });

    describe("workload", () => {
        it("uses the namespace default and does not try to create it", () => {
            assert.strictEqual(run.all(T.namespace).length, 0);
            assert.strictEqual(run.one(T.deployment).inputs.metadata.namespace, "default");
            assert.strictEqual(run.outputs.namespace, "default");
        });

        it("creates Deployment openhands-app-2024 with one replica selecting app=openhands-app-2024", () => {
            const deployment = run.one(T.deployment);
            assert.strictEqual(deployment.type, "kubernetes:apps/v1:Deployment", "apps/v1 (defect 4)");
            const spec = deployment.inputs.spec;
            assert.strictEqual(deployment.inputs.metadata.name, "openhands-app-2024");
            assert.strictEqual(spec.replicas, 1);
            assert.deepStrictEqual(spec.selector.matchLabels, { app: "openhands-app-2024" });
            assert.deepStrictEqual(spec.template.metadata.labels, { app: "openhands-app-2024" });
            assert.strictEqual(run.outputs.workload, "Deployment/openhands-app-2024");
        });

        it("runs the app with the guide's GKE env and port", () => {
            const app = appOf(run);
            assert.strictEqual(app.image, "ghcr.io/all-hands-ai/openhands:main");
            const env = Object.fromEntries(app.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
            assert.strictEqual(env.SANDBOX_USER_ID, "1000");
            assert.strictEqual(env.WORKSPACE_MOUNT_PATH, "/tmp/workspace_base");
            assert.deepStrictEqual(app.ports.map((p: any) => p.containerPort), [3000]);
            assert.deepStrictEqual(app.volumeMounts[0], { name: "workspace-volume", mountPath: "/tmp/workspace_base" });
            assert.ok(!JSON.stringify(env).includes("10.164.0.4"), "no typed-in node IP (defect 5)");
        });

        it("runs the sandbox container with the guide's port and sshd command", () => {
            const sandbox = run.one(T.deployment).inputs.spec.template.spec.containers[1];
            assert.strictEqual(sandbox.name, "openhands-sandbox-2024");
            assert.strictEqual(sandbox.image, "ghcr.io/all-hands-ai/sandbox:main");
            assert.deepStrictEqual(sandbox.ports.map((p: any) => p.containerPort), [51963]);
            assert.deepStrictEqual(sandbox.command, ["/usr/sbin/sshd", "-D", "-p", "51963", "-o", "PermitRootLogin=yes"]);
        });

        it("keeps the file store on a claim of the cluster's default StorageClass", () => {
            const claim = run.one("kubernetes:core/v1:PersistentVolumeClaim", "openhands-state").inputs;
            assert.strictEqual(claim.spec.storageClassName, undefined, "the default StorageClass provisions it");
            assert.deepStrictEqual(claim.spec.resources.requests, { storage: "10Gi" });
            assert.strictEqual(claim.metadata.annotations["pulumi.com/skipAwait"], "true", "WaitForFirstConsumer binds late");
            assert.deepStrictEqual(appOf(run).volumeMounts.find((m: any) => m.name === "openhands-state"),
                { name: "openhands-state", mountPath: "/.openhands" });
            assert.strictEqual(run.all(T.pv).length, 0);
        });
    });

    describe("Docker engine: dind by default (GKE nodes have no Docker socket, defect 6)", () => {
        const specOf = (r: StackRun) => r.one(T.deployment).inputs.spec.template.spec;

        it("runs a pinned, privileged Docker daemon as a native sidecar that starts before the app", () => {
            const [dind] = specOf(run).initContainers;
            assert.strictEqual(dind.name, "docker-daemon");
            assert.match(dind.image, /^docker:\d+\.\d+\.\d+-dind$/);
            assert.strictEqual(dind.restartPolicy, "Always", "a native sidecar: the app waits for its start-up probe");
            assert.deepStrictEqual(dind.securityContext, { privileged: true });
            assert.deepStrictEqual(dind.startupProbe.exec.command, ["docker", "info"]);
            assert.deepStrictEqual(dind.args, ["--host=unix:///var/run/docker.sock"], "no TCP listener");
        });

        it("shares the daemon's socket directory with the app, which then needs no privilege (defect 9)", () => {
            const spec = specOf(run);
            const app = appOf(run);
            assert.ok(!app.securityContext.privileged);
            assert.deepStrictEqual(app.volumeMounts[1], { name: "docker-run", mountPath: "/var/run" });
            assert.deepStrictEqual(spec.initContainers[0].volumeMounts[0], { name: "docker-run", mountPath: "/var/run" });
            assert.ok(spec.volumes.some((v: any) => v.name === "docker-run" && v.emptyDir));
            assert.deepStrictEqual(spec.volumes.find((v: any) => v.name === "docker-data"),
                { name: "docker-data", emptyDir: { sizeLimit: "20Gi" } });
            assert.ok(!spec.volumes.some((v: any) => v.hostPath), "no hostPath at all");
        });

        it("lets sandboxes bind the workspace: the daemon sees it at the app's path", () => {
            assert.ok(specOf(run).initContainers[0].volumeMounts.some(
                (m: any) => m.name === "workspace-volume" && m.mountPath === "/tmp/workspace_base"));
        });

        it("reaches the sandboxes' published ports at http://localhost", () => {
            const env = appOf(run).env;
            assert.strictEqual(env.find((e: any) => e.name === "SANDBOX_LOCAL_RUNTIME_URL").value, "http://localhost");
            assert.ok(!env.some((e: any) => e.name === "HOST_IP"));
        });
    });

    describe("Docker engine: hostSocket (the guide's GKE Deployment)", () => {
        it("is refused: the node's Docker would keep the sandboxes' work in a node directory, not on the workspace claim (issue 25)", async () => {
            const refused = await refusedRun("gke", { ...GKE_EXISTING_CLUSTER, ...GUIDE_CONFIG, "openhands:dockerEngine": "hostSocket" });
            assert.match(refused.message, /openhands:dockerEngine: 'hostSocket' on gke would run the sandboxes in the node's Docker/);
            assert.match(refused.message, /accepted: 'dind'/);
        });
    });

    describe("more workload options", () => {
        it("scales to openhands:replicas", async () => {
            const scaled = await runGuideStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:replicas": "0" });
            assert.strictEqual(scaled.one(T.deployment).inputs.spec.replicas, 0);
        });
    });

    describe("Google credentials", () => {
        it("makes no Secret, mount or env without openhands:googleCredentials", () => {
            assert.strictEqual(run.all(T.secret).length, 0);
            assert.ok(!appOf(run).env.some((e: any) => e.name === "GOOGLE_APPLICATION_CREDENTIALS"));
            assert.ok(!run.one(T.deployment).inputs.spec.template.spec.volumes.some((v: any) => v.name === "google-credentials"));
        });

        describe("with a key", () => {
            let withKey: StackRun;
            before(async () => {
                withKey = await runGuideStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:googleCredentials": KEY_JSON }, ["openhands:googleCredentials"]);
            });

            it("stores it in Secret google-cloud-key under the one key key.json", () => {
                const secret = withKey.one(T.secret).inputs;
                assert.strictEqual(secret.metadata.name, "google-cloud-key");
                assert.strictEqual(secret.metadata.namespace, "default");
                assert.deepStrictEqual(Object.keys(secret.stringData), ["key.json"]);
                assert.deepStrictEqual(JSON.parse(secret.stringData["key.json"]), JSON.parse(KEY_JSON));
            });

            it("mounts key.json as a file at the guide's path with subPath (defect 3)", () => {
                const app = appOf(withKey);
                assert.deepStrictEqual(app.volumeMounts.find((m: any) => m.name === "google-credentials"), {
                    name: "google-credentials", mountPath: "/tmp/workspace_base/google-cloud-key.json",
                    subPath: "key.json", readOnly: true,
                });
                assert.deepStrictEqual(withKey.one(T.deployment).inputs.spec.template.spec.volumes.find(
                    (v: any) => v.name === "google-credentials"), { name: "google-credentials", secret: { secretName: "google-cloud-key" } });
            });

            it("points GOOGLE_APPLICATION_CREDENTIALS at the mounted file", () => {
                assert.strictEqual(appOf(withKey).env.find((e: any) => e.name === "GOOGLE_APPLICATION_CREDENTIALS").value,
                    "/tmp/workspace_base/google-cloud-key.json");
            });
        });
    });

    describe("service", () => {
        it("exposes the app as LoadBalancer openhands-app-2024-svc: http 80->3000", () => {
            const svc = run.one(T.service).inputs;
            assert.strictEqual(svc.metadata.name, "openhands-app-2024-svc");
            assert.strictEqual(svc.spec.type, "LoadBalancer");
            assert.deepStrictEqual(svc.spec.selector, { app: "openhands-app-2024" });
            assert.deepStrictEqual(svc.spec.ports, [{ name: "http", port: 80, targetPort: 3000, protocol: "TCP" }]);
        });

        it("adds the guide's ssh 51963 -> 51963 port only with openhands:exposeSsh", async () => {
            const ssh = await runGuideStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:exposeSsh": "true" });
            assert.deepStrictEqual(ssh.one(T.service).inputs.spec.ports, [
                { name: "http", port: 80, targetPort: 3000, protocol: "TCP" },
                { name: "ssh", port: 51963, targetPort: 51963, protocol: "TCP" },
            ]);
        });

        it("exports the load balancer's address and the UI URL", () => {
            assert.strictEqual(run.outputs.loadBalancerAddress, "127.0.0.10");
            assert.strictEqual(run.outputs.uiAccess, "http://127.0.0.10:80/");
            assert.strictEqual(run.outputs.serviceName, "openhands-app-2024-svc");
        });
    });
});

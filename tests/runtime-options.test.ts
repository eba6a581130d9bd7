/**
 * The options that make the deployment run OpenHands on today's clusters:
 * probes, resources, LLM settings, images, the sidecars, state and operations.
 */
import * as assert from "assert";
import { GUIDE_CONFIG, LLM_SETTINGS, refusedRun, runGuideStack, runStack, type StackRun, podSpecOf, appOf, envOf, GKE_EXISTING_CLUSTER } from "./support/stack";
import { TYPE } from "./support/types";

const T = TYPE;

describe("runtime options", () => {
    let openshift: StackRun;
    let gke: StackRun;
    before(async () => {
        openshift = await runStack("openshift");
        gke = await runStack("gke", GKE_EXISTING_CLUSTER);
    });

    describe("health and resources", () => {
        it("probes readiness on /health and liveness on /alive (port 3000), with a start-up window for a slow first start", () => {
            for (const run of [openshift, gke]) {
                const app = appOf(run);
                for (const probe of [app.startupProbe, app.readinessProbe]) {
                    assert.deepStrictEqual(probe.httpGet, { path: "/health", port: 3000 });
                }
                assert.deepStrictEqual(app.livenessProbe.httpGet, { path: "/alive", port: 3000 });
                assert.ok(app.startupProbe.periodSeconds * app.startupProbe.failureThreshold >= 300, "at least 5 minutes");
                assert.ok(app.livenessProbe.failureThreshold >= 3);
            }
        });

        it("gives every container requests and limits that fit a 4-vCPU, 16 GB node", () => {
            const spec = podSpecOf(gke);
            const containers = [...spec.initContainers, ...spec.containers];
            assert.strictEqual(containers.length, 3);
            let memoryRequests = 0;
            for (const c of containers) {
                assert.ok(c.resources.requests.cpu && c.resources.requests.memory, c.name);
                assert.ok(c.resources.limits.cpu && c.resources.limits.memory, c.name);
                memoryRequests += Number.parseInt(c.resources.requests.memory, 10) * (c.resources.requests.memory.endsWith("Gi") ? 1024 : 1);
            }
            assert.ok(memoryRequests < 16 * 1024 * 0.5, `requests ${memoryRequests} MiB leave room on the node`);
        });

        it("gives every container ephemeral-storage requests and limits whose sum covers the pod's emptyDirs", () => {
            const spec = podSpecOf(gke);
            const toMi = (q: string) => q.endsWith("Gi") ? Number(q.slice(0, -2)) * 1024 : Number(q.slice(0, -2));
            const containers = [...spec.initContainers, ...spec.containers];
            for (const c of containers) {
                assert.ok(c.resources.requests["ephemeral-storage"] && c.resources.limits["ephemeral-storage"], c.name);
            }
            const emptyDirs = spec.volumes.filter((v: any) => v.emptyDir).map((v: any) => v.emptyDir.sizeLimit as string);
            assert.ok(emptyDirs.every((limit: string | undefined) => limit !== undefined), "every emptyDir has a size limit");
            const limits = containers.reduce((sum: number, c: any) => sum + toMi(c.resources.limits["ephemeral-storage"]), 0);
            const scratch = emptyDirs.reduce((sum: number, q: string) => sum + toMi(q), 0);
            assert.ok(limits > scratch, `limits ${limits} Mi must exceed the emptyDirs' ${scratch} Mi, or the kubelet evicts the pod`);
            assert.strictEqual(spec.initContainers[0].resources.limits["ephemeral-storage"], `${1024 + 20 * 1024 + 16}Mi`, "dind: its own 1Gi, its data, its socket dir");
            assert.strictEqual(appOf(gke).resources.limits["ephemeral-storage"], `${4 * 1024}Mi`, "app: its own 4Gi (the workspace is a claim)");
        });

        it("covers an emptyDir workspace (persistentWorkspace false) with the app's ephemeral-storage limit", async () => {
            const run = await runStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:persistentWorkspace": "false" });
            assert.deepStrictEqual(podSpecOf(run).volumes[0], { name: "workspace-volume", emptyDir: { sizeLimit: "10Gi" } });
            assert.strictEqual(appOf(run).resources.limits["ephemeral-storage"], `${4 * 1024 + 10 * 1024}Mi`, "app: its own 4Gi and the workspace");
        });

        it("takes per-container overrides from openhands:resources and keeps the other defaults", async () => {
            const run = await runStack("openshift", { "openhands:resources": JSON.stringify({ app: { memoryLimit: "8Gi", cpuRequest: "1" } }) });
            const resources = appOf(run).resources;
            assert.deepStrictEqual(resources.limits.memory, "8Gi");
            assert.deepStrictEqual(resources.requests.cpu, "1");
            assert.deepStrictEqual(resources.requests.memory, "1Gi");
        });
    });

    describe("LLM settings", () => {
        it("leave the model to the UI when unset, as the guide does", () => {
            for (const name of ["LLM_MODEL", "LLM_API_KEY", "LLM_BASE_URL"]) assert.strictEqual(envOf(openshift)[name], undefined);
            assert.strictEqual(openshift.all(T.secret).length, 0);
        });

        it("seed settings.json from a Secret, in 1.8's nested schema, with no LLM_* variable anywhere", async () => {
            const run = await runStack("gke", { ...GKE_EXISTING_CLUSTER, ...LLM_SETTINGS, "openhands:openhandsVersion": "1.8.0" }, ["openhands:llmApiKey"]);
            const secret = run.one(T.secret, "openhands-llm");
            assert.deepStrictEqual(JSON.parse(secret.inputs.stringData["settings.json"]), {
                agent_settings: { llm: { model: "openai/gpt-5", api_key: "sk-never-in-env", base_url: "https://llm.example/v1" } },
            });
            assert.ok(secret.secretPaths.some((p) => "stringData.settings.json".startsWith(p)), "sent as a secret");
            const spec = podSpecOf(run);
            const seed = spec.initContainers.find((c: any) => c.name === "prepare-state");
            assert.deepStrictEqual(seed.volumeMounts, [
                { name: "openhands-state", mountPath: "/.openhands" }, { name: "settings-seed", mountPath: "/seed", readOnly: true },
            ]);
            assert.deepStrictEqual(spec.volumes.find((v: any) => v.name === "settings-seed"),
                { name: "settings-seed", secret: { secretName: "openhands-llm", defaultMode: 0o400 } });
            assert.strictEqual(seed.securityContext.runAsUser, 42420, "as the app's user: the claim is made group-writable by fsGroup");
            for (const c of [...spec.initContainers, ...spec.containers]) {
                assert.ok(!(c.env ?? []).some((e: any) => e.name.startsWith("LLM_")), `${c.name} has no LLM_* variable`);
            }
            assert.ok(!JSON.stringify(spec).includes("sk-never-in-env"), "the key is not in the pod spec");
        });

        it("seed the flat schema for a release before 1.7", async () => {
            const run = await runStack("gke", { ...GKE_EXISTING_CLUSTER, ...LLM_SETTINGS, "openhands:openhandsVersion": "1.6.0" }, ["openhands:llmApiKey"]);
            assert.deepStrictEqual(JSON.parse(run.one(T.secret, "openhands-llm").inputs.stringData["settings.json"]), {
                llm_model: "openai/gpt-5", llm_api_key: "sk-never-in-env", llm_base_url: "https://llm.example/v1",
            });
        });

        it("never repeat a key in a refusal, however it was stored", async () => {
            const refused = await refusedRun("openshift", { "openhands:llmApiKey": "sk-plain", "openhands:nodePort": "80" });
            assert.match(refused.message, /openhands:nodePort/);
            assert.ok(!refused.message.includes("sk-plain"));
        });
    });

    describe("images and the SSH sidecar", () => {
        it("sets SANDBOX_RUNTIME_CONTAINER_IMAGE from openhands:runtimeImage", async () => {
            const run = await runStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:openhandsVersion": "0.59", "openhands:runtimeImage": "docker.openhands.dev/openhands/runtime:0.59-nikolaik" });
            assert.strictEqual(envOf(run).SANDBOX_RUNTIME_CONTAINER_IMAGE, "docker.openhands.dev/openhands/runtime:0.59-nikolaik");
            assert.strictEqual(envOf(gke).SANDBOX_RUNTIME_CONTAINER_IMAGE, undefined);
        });

        it("drops the obsolete sshd container and its Service port with openhands:sandboxSidecar false (defect 7)", async () => {
            const run = await runStack("gke", { ...GKE_EXISTING_CLUSTER, ...GUIDE_CONFIG, "openhands:sandboxSidecar": "false" });
            assert.deepStrictEqual(podSpecOf(run).containers.map((c: any) => c.name), ["openhands-app-2024"]);
            assert.deepStrictEqual(run.one(T.service).inputs.spec.ports.map((p: any) => p.name), ["http"]);
        });
    });

    describe("Docker engine on OpenShift", () => {
        it("needs no docker PV or claim with dind, and the app is not privileged", async () => {
            const run = await runStack("openshift", { ...GUIDE_CONFIG, "openhands:dockerEngine": "dind" });
            assert.deepStrictEqual(run.all(T.pv).map((r) => r.inputs.metadata.name).sort(), ["state-pv", "workspace-pv"]);
            assert.ok(!run.all(T.pvc).some((r) => r.inputs.metadata.name === "docker-pvc"));
            assert.strictEqual(podSpecOf(run).initContainers[0].name, "docker-daemon");
            assert.ok(!appOf(run).securityContext.privileged);
        });
    });

    describe("state", () => {
        it("keeps the gke workspace on a protected, retained claim of the default StorageClass by default", async () => {
            const run = await runStack("gke", GKE_EXISTING_CLUSTER);
            assert.deepStrictEqual(podSpecOf(run).volumes[0], { name: "workspace-volume", persistentVolumeClaim: { claimName: "openhands-workspace" } });
            const claim = run.one(T.pvc, "openhands-workspace");
            assert.strictEqual(claim.inputs.spec.resources.requests.storage, "10Gi");
            assert.strictEqual(claim.inputs.spec.storageClassName, undefined, "the default StorageClass provisions it");
        });

        it("sizes that workspace claim from openhands:persistentWorkspaceSize", async () => {
            const run = await runStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:persistentWorkspaceSize": "200Gi" });
            assert.strictEqual(run.one(T.pvc, "openhands-workspace").inputs.spec.resources.requests.storage, "200Gi");
        });

        it("sizes the state volume from openhands:stateSize", async () => {
            const run = await runStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:stateSize": "50Gi" });
            assert.strictEqual(run.one(T.pvc, "openhands-state").inputs.spec.resources.requests.storage, "50Gi");
        });
    });

    describe("operations", () => {
        it("adds the guide's troubleshooting Deployment next to the node's socket when asked", async () => {
            const run = await runGuideStack("openshift", { "openhands:troubleshooting": "true", "openhands:nodeName": "worker1" });
            const tool = run.one(T.deployment, "docker-in-docker").inputs;
            const spec = tool.spec.template.spec;
            assert.deepStrictEqual(spec.volumes[0], { name: "docker-sock", hostPath: { path: "/var/run/docker.sock", type: "Socket" } });
            assert.deepStrictEqual(spec.nodeSelector, { "kubernetes.io/hostname": "worker1" }, "on the app's node");
            // It holds the node's Docker socket: nothing else about it may be loose.
            assert.strictEqual(spec.automountServiceAccountToken, false);
            assert.deepStrictEqual(spec.containers[0].securityContext,
                { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true });
            assert.deepStrictEqual(spec.securityContext, { seccompProfile: { type: "RuntimeDefault" } });
            assert.ok((run.outputs.verifyCommands as string[]).includes("kubectl -n openhands exec deploy/docker-in-docker -- docker ps -a"));
        });

        it("pulls moving tags every time and pinned ones only when missing", async () => {
            const guide = podSpecOf(await runGuideStack("openshift")).containers.map((c: any) => [c.image, c.imagePullPolicy]);
            assert.deepStrictEqual(guide, [
                ["ghcr.io/all-hands-ai/openhands:main", "Always"], ["ghcr.io/all-hands-ai/sandbox:main", "Always"],
            ]);
            assert.deepStrictEqual(podSpecOf(openshift).containers.map((c: any) => [c.image, c.imagePullPolicy]), [
                ["ghcr.io/openhands/openhands:1.11.0", "IfNotPresent"], ["nginxinc/nginx-unprivileged:1.28.0-alpine", "IfNotPresent"],
            ]);
            assert.strictEqual(podSpecOf(gke).initContainers[0].imagePullPolicy, "IfNotPresent", "the pinned dind daemon");
        });

        it("refuses the troubleshooting Deployment with dind and says where docker ps runs instead", async () => {
            const refused = await refusedRun("gke", { ...GKE_EXISTING_CLUSTER, "openhands:troubleshooting": "true" });
            assert.match(refused.message, /openhands:troubleshooting: .*'dind'.*docker-daemon/);
        });

        it("exports the exact verify and UI commands of the stack (the guide's missing step 4)", async () => {
            assert.deepStrictEqual(openshift.outputs.verifyCommands, [
                "kubectl -n openhands get pods,svc,pvc -l app.kubernetes.io/part-of=openhands -o wide",
                "kubectl -n openhands wait --for=condition=Ready pod -l app=openhands-app-2024 --timeout=10m",
                "kubectl -n openhands logs pod/openhands-app-2024 -c openhands-app-2024",
                "kubectl -n openhands get svc/openhands-app-2024   # then open http://<node address>:30300/",
                "kubectl -n openhands exec pod/openhands-app-2024 -c docker-daemon -- docker ps -a",
            ]);
            const guide = await runGuideStack("openshift");
            assert.ok((guide.outputs.verifyCommands as string[])
                .includes("kubectl -n openhands port-forward svc/openhands-app-2024 3000:3000   # then open http://localhost:3000/"));
            const gkeCommands = gke.outputs.verifyCommands as string[];
            assert.ok(gkeCommands.includes("kubectl -n default exec deploy/openhands-app-2024 -c docker-daemon -- docker ps -a"));
            assert.ok(gkeCommands.includes("kubectl -n default get svc/openhands-app-2024-svc   # then open http://<load balancer address>/"));
            const forwarded = await runStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:browserAccess": "portForward" });
            assert.ok((forwarded.outputs.verifyCommands as string[])
                .includes("kubectl -n default port-forward svc/openhands-app-2024-svc 8080:80   # then open http://localhost:8080/"));
        });
    });

});

/**
 * `sandboxes: pods` under mocks, on both stacks: what gets deployed, and what does not. No
 * privileged container, no hostPath, no Docker socket; every pod of the stack passes Pod Security
 * `restricted`; the app in the remote runtime mode with its key from a Secret; the adapter's
 * Deployment whose environment the adapter's own config reader accepts; its rights in the
 * sandbox namespace only; the sandbox namespace's quota and network policy.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { readConfig } from "../adapter/config";
import { evaluatePodSecurity } from "../components/checks/pod-security";
import { buildSandbox, sandboxName } from "../adapter/sandbox-objects";
import { parseStartRequest } from "../adapter/start-request";
import { appStartBody } from "./adapter/app-client";
import { CLUSTER_RANGES, METADATA_CIDR } from "../components/cidr";
import { GKE_PROJECT, ROOT, refusedRun, runStack, type Registered, type StackRun } from "./support/stack";
import { settingsFor, warningsFor } from "./support/settings";
import { TYPE as T } from "./support/types";

/** Config that turns the pods mode on; the openshift stack file's privileged SCC goes (the pods mode refuses it). */
const PODS = { "openhands:sandboxes": "pods" } as const;
const DROP_OPENSHIFT = ["openhands:openshiftScc"];

const runPods = (stack: "openshift" | "gke", extra: Record<string, string> = {}): Promise<StackRun> =>
    runStack(stack, { ...PODS, ...(stack === "gke" ? GKE_PROJECT : {}), ...extra }, [], stack === "openshift" ? DROP_OPENSHIFT : []);

/** Every pod spec the stack deploys (Pods and Deployments), with where it comes from. */
function podSpecs(run: StackRun): Array<{ name: string; spec: any }> {
    return [
        ...run.all(T.pod).map((r) => ({ name: r.name, spec: r.inputs.spec })),
        ...run.all(T.deployment).map((r) => ({ name: r.name, spec: r.inputs.spec.template.spec })),
    ];
}

const containersOf = (spec: any): any[] => [...(spec.initContainers ?? []), ...spec.containers];
const envOfContainer = (container: any): Record<string, any> =>
    Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));

function app(run: StackRun): any {
    const workload = run.all(T.pod).find((r) => r.name.endsWith("-app")) ?? run.all(T.deployment).find((r) => r.name.endsWith("-app"));
    assert.ok(workload, "the app's workload");
    const spec = workload.type === T.pod ? workload.inputs.spec : workload.inputs.spec.template.spec;
    return spec;
}

function adapterDeployment(run: StackRun): Registered {
    const found = run.all(T.deployment).filter((r) => r.name.endsWith("-sandbox-api"));
    assert.strictEqual(found.length, 1, "one adapter Deployment");
    return found[0];
}

for (const stack of ["openshift", "gke"] as const) {
    describe(`sandboxes: pods on the ${stack} stack`, () => {
        let run: StackRun;
        before(async () => { run = await runPods(stack); });

        it("runs no privileged container, mounts no hostPath and no Docker socket, and makes no PersistentVolume", () => {
            for (const { name, spec } of podSpecs(run)) {
                for (const container of containersOf(spec)) {
                    assert.notStrictEqual(container.securityContext?.privileged, true, `${name}/${container.name} is privileged`);
                    for (const mount of container.volumeMounts ?? []) assert.ok(!/docker\.sock|\/var\/run$/.test(mount.mountPath), `${name}: ${mount.mountPath}`);
                }
                for (const volume of spec.volumes ?? []) assert.strictEqual(volume.hostPath, undefined, `${name}: hostPath ${volume.name}`);
            }
            assert.deepStrictEqual(run.all(T.pv), []);
            assert.strictEqual(run.outputs.dockerEngine, "none");
        });

        it("passes Pod Security restricted with every pod it deploys (app, adapter, agent-sandbox's controller)", () => {
            const specs = podSpecs(run);
            assert.ok(specs.length >= 3, specs.map((s) => s.name).join(", "));
            for (const { name, spec } of specs) {
                assert.deepStrictEqual(evaluatePodSecurity(spec).restrictedViolations, [], name);
            }
        });

        it("keeps the app non-root without a Docker daemon: app and proxy only, NO_SETUP, state on a claim of the default StorageClass", () => {
            const spec = app(run);
            assert.deepStrictEqual(containersOf(spec).map((c) => c.name).filter((n) => !n.startsWith("prepare")).sort(), ["openhands-app-2024", "proxy"]);
            assert.strictEqual(envOfContainer(spec.containers[0]).NO_SETUP, "true");
            const claims = run.all(T.pvc);
            assert.deepStrictEqual(claims.map((c) => c.inputs.spec.storageClassName), [undefined], "one claim, the state, dynamically provisioned");
        });

        it("points the app at the adapter (RUNTIME=remote) with the key from the Secret the adapter reads too", () => {
            const env = envOfContainer(app(run).containers[0]);
            assert.strictEqual(env.RUNTIME, "remote");
            const namespace = stack === "openshift" ? "openhands" : "default";
            assert.strictEqual(env.SANDBOX_REMOTE_RUNTIME_API_URL, `http://openhands-sandbox-api.${namespace}.svc.cluster.local:8080`);
            const keyRef = env.SANDBOX_API_KEY.secretKeyRef;
            const adapterEnv = envOfContainer(adapterDeployment(run).inputs.spec.template.spec.containers[0]);
            assert.deepStrictEqual(adapterEnv.ADAPTER_API_KEY.secretKeyRef, keyRef);
            const secret = run.one(T.secret, keyRef.name);
            assert.strictEqual(Buffer.from(secret.inputs.data[keyRef.key], "base64").length, 43, "a 32-byte random key, base64url");
            assert.ok(secret.secretPaths.some((p) => p.startsWith("data")), "the key is a secret in state");
            for (const docker of ["SANDBOX_CONTAINER_URL_PATTERN", "SANDBOX_VOLUMES", "DOCKER_HOST", "SANDBOX_USER_ID"]) {
                assert.strictEqual(env[docker], undefined, docker);
            }
            assert.strictEqual(env.OH_APP_CONVERSATION_SANDBOX_STARTUP_TIMEOUT, "600");
        });

        it("gives the adapter an environment its own config reader accepts, with the sandbox namespace and the browser's base URL", () => {
            const container = adapterDeployment(run).inputs.spec.template.spec.containers[0];
            const env: Record<string, string> = {};
            for (const e of container.env) env[e.name] = e.value ?? "k".repeat(43);
            const config = readConfig(env);
            assert.strictEqual(config.namespace, stack === "openshift" ? "openhands-sandboxes" : "default-sandboxes");
            assert.strictEqual(config.publicBaseUrl, stack === "openshift" ? "http://localhost:30300" : "http://localhost");
            assert.strictEqual(config.maxSandboxes, 10);
            assert.deepStrictEqual(config.allowedImages, ["ghcr.io/openhands/agent-server:1.34.0-python"]);
            assert.strictEqual(config.sandbox.storageSize, "10Gi");
            // OpenShift's restricted-v2 assigns the sandbox pods' uid; elsewhere they run as the image's user.
            assert.strictEqual(config.sandboxUserIds, stack === "openshift" ? "platform" : "request");
        });

        it("sends /sandbox/ from the app pod's proxy to the adapter's route, and serves no /runtime/<port>/ route", () => {
            const spec = app(run);
            const configMap = run.one(T.configMap, spec.volumes.find((v: any) => v.name === "proxy-config").configMap.name);
            const nginx: string = configMap.inputs.data["nginx.conf"];
            const namespace = stack === "openshift" ? "openhands" : "default";
            assert.match(nginx, /location \^~ \/sandbox\/ \{/);
            assert.ok(nginx.includes(`openhands-sandbox-api.${namespace}.svc.cluster.local:8081`), nginx);
            assert.ok(!nginx.includes("/runtime/"), "no docker-mode sandbox ports");
        });

        it("runs the adapter's compiled code from a ConfigMap on a pinned stock Node.js image, one replica, replaced whole", () => {
            const deployment = adapterDeployment(run).inputs;
            assert.strictEqual(deployment.spec.replicas, 1);
            assert.strictEqual(deployment.spec.strategy.type, "Recreate");
            const container = deployment.spec.template.spec.containers[0];
            assert.match(container.image, /^node:\d+\.\d+\.\d+-/);
            assert.deepStrictEqual(container.command, ["node", "/opt/openhands-adapter/main.js"]);
            const code = run.one(T.configMap, deployment.spec.template.spec.volumes[0].configMap.name);
            const built = fs.readdirSync(path.join(ROOT, "bin", "adapter")).filter((f) => f.endsWith(".js")).sort();
            assert.deepStrictEqual(Object.keys(code.inputs.data).sort(), built);
            for (const file of built) assert.strictEqual(code.inputs.data[file], fs.readFileSync(path.join(ROOT, "bin", "adapter", file), "utf8"));
        });

        it("grants the adapter a Role in the sandbox namespace only, and no ClusterRole beyond agent-sandbox's controller", () => {
            const sandboxNamespace = stack === "openshift" ? "openhands-sandboxes" : "default-sandboxes";
            const role = run.one(T.role, "openhands-sandbox-api");
            assert.strictEqual(role.inputs.metadata.namespace, sandboxNamespace);
            assert.deepStrictEqual(role.inputs.rules.map((r: any) => r.resources[0]).sort(), ["pods", "sandboxes", "secrets"]);
            for (const rule of role.inputs.rules) assert.ok(!rule.verbs.includes("*") && !rule.verbs.includes("escalate"), JSON.stringify(rule));
            const binding = run.one(T.roleBinding, "openhands-sandbox-api");
            assert.strictEqual(binding.inputs.metadata.namespace, sandboxNamespace);
            assert.deepStrictEqual(binding.inputs.subjects.map((s: any) => s.name), ["openhands-sandbox-api"]);
            assert.deepStrictEqual(run.all(T.clusterRole).map((r) => r.inputs.metadata.name), ["agent-sandbox-controller"]);
            assert.deepStrictEqual(run.all(T.roleBinding).filter((r) => r.name.endsWith("-scc")), [], "no SCC granted");
        });

        it("creates the sandbox namespace enforcing restricted, with a quota on pods, claims and storage", () => {
            const namespace = run.all(T.namespace).find((n) => n.name.endsWith("-sandbox-namespace"));
            assert.ok(namespace);
            assert.strictEqual(namespace.inputs.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
            const quota = run.one("kubernetes:core/v1:ResourceQuota").inputs;
            assert.strictEqual(quota.metadata.namespace, namespace.inputs.metadata.name);
            assert.deepStrictEqual(quota.spec.hard, {
                pods: "10", persistentvolumeclaims: "30", "requests.storage": "307200Mi",
            });
        });

        it("admits traffic to sandboxes from the adapter only, and lets them reach the internet and the app, not the cluster or the metadata server", () => {
            const policy = run.all(T.networkPolicy).find((p) => p.name.endsWith("-sandbox-network-policy"));
            assert.ok(policy);
            const spec = policy.inputs.spec;
            assert.deepStrictEqual(spec.podSelector, {});
            assert.deepStrictEqual(spec.ingress.map((r: any) => r.from[0].podSelector.matchLabels), [{ app: "openhands-sandbox-api" }]);
            assert.deepStrictEqual(spec.ingress[0].ports.map((p: any) => p.port), [60000, 60001, 12000, 12001]);
            const internet = spec.egress.find((r: any) => r.to?.[0]?.ipBlock?.cidr === "0.0.0.0/0");
            for (const range of [...CLUSTER_RANGES.filter((c) => !c.includes(":")), METADATA_CIDR]) {
                assert.ok(internet.to[0].ipBlock.except.includes(range), range);
            }
            assert.ok(spec.egress.some((r: any) => r.to?.[0]?.podSelector?.matchLabels?.app === "openhands-app-2024"), "the app's webhooks");
        });
    });
}

describe("sandboxes: pods, what the adapter makes of the app's start request", () => {
    it("is a sandbox pod that passes Pod Security restricted, as the component's own pods do", () => {
        const request = parseStartRequest(appStartBody("0123456789abcdef0123456789abcdef"));
        const sandbox = buildSandbox({
            namespace: "openhands-sandboxes", name: sandboxName(request.sessionId), request,
            sizing: { cpuRequest: "500m", memoryRequest: "2Gi", cpuLimit: "2", memoryLimit: "4Gi", storageSize: "10Gi",
                storageClassName: undefined, runtimeClassName: undefined, scratchSize: "4Gi" },
        });
        assert.deepStrictEqual(evaluatePodSecurity(sandbox.spec.podTemplate.spec as any).restrictedViolations, []);
    });
});

describe("sandboxes: pods, refused and ignored settings", () => {
    it("refuses a release before 1.8.0, naming the setting and what is accepted", async () => {
        const refused = await refusedRun("gke", { ...PODS, ...GKE_PROJECT, "openhands:openhandsVersion": "1.7.0" });
        assert.match(refused.message, /openhands:sandboxes: 'pods' needs the remote runtime API client of OpenHands 1\.8\.0 or later/);
        assert.deepStrictEqual(refused.registered.filter((r) => r.type !== T.component && !r.type.startsWith("pulumi:")), []);
    });

    it("refuses the privileged SCC, the Docker daemon's settings and the troubleshooting Deployment", async () => {
        const refused = await refusedRun("openshift", { ...PODS, "openhands:dindImage": "docker:27-dind", "openhands:troubleshooting": "true" });
        for (const key of ["openshiftScc", "dindImage", "troubleshooting"]) {
            assert.match(refused.message, new RegExp(`openhands:${key}: is set, but openhands:sandboxes is 'pods'`), key);
        }
    });

    it("refuses a sandbox namespace that is the app's own, and fewer volumes than sandboxes", async () => {
        const refused = await refusedRun("gke", { ...PODS, ...GKE_PROJECT, "openhands:sandboxNamespace": "default",
            "openhands:maxSandboxes": "20", "openhands:maxSandboxVolumes": "5" });
        assert.match(refused.message, /openhands:sandboxNamespace: 'default' is the app's own namespace/);
        assert.match(refused.message, /openhands:maxSandboxVolumes: 5 is below openhands:maxSandboxes 20/);
    });

    it("needs no node on openshift: nothing of the pods mode lives on a node's disk", async () => {
        const run = await runStack("openshift", PODS, [], [...DROP_OPENSHIFT, "openhands:nodeName"]);
        assert.strictEqual(app(run).nodeSelector, undefined);
    });

    it("warns when the app's namespace is not the component's to label, and about Docker-only settings it ignores", () => {
        const warnings = warningsFor({ platform: "gke", sandboxes: "pods", persistentWorkspaceSize: "50Gi" });
        assert.ok(warnings.some((w) => /namespace 'default' is not created by the component.*restricted/.test(w)), warnings.join("\n"));
        assert.ok(warnings.some((w) => /^persistentWorkspaceSize is set, but sandboxes is 'pods'/.test(w)), warnings.join("\n"));
        assert.ok(!warningsFor({ platform: "gke", namespace: "ai", sandboxes: "pods" }).some((w) => /not created by the component/.test(w)));
        assert.ok(warningsFor({ platform: "gke", maxSandboxes: 4 }).some((w) => /^maxSandboxes is set, but sandboxes is 'docker'/.test(w)));
    });

    it("runs the sandboxes under gVisor on a created cluster with a gVisor pool, and refuses gvisor without one", async () => {
        assert.strictEqual(settingsFor({ platform: "gke", sandboxes: "pods",
            cluster: { project: "demo-project", location: "europe-west4-a", gvisorNodePool: true } }).sandboxRuntimeClass, "gvisor");
        const refused = await refusedRun("gke", { ...PODS, ...GKE_PROJECT, "openhands:sandboxRuntimeClass": "gvisor" });
        assert.match(refused.message, /openhands:sandboxRuntimeClass: 'gvisor' needs GKE Sandbox nodes.*openhands:gkeGvisorNodePool true/);
    });

    it("with agentSandbox existing, installs none of agent-sandbox", async () => {
        const run = await runPods("gke", { "openhands:agentSandbox": "existing" });
        assert.deepStrictEqual(run.all(T.clusterRole), []);
        assert.deepStrictEqual(run.all("kubernetes:yaml/v2:ConfigGroup"), []);
        assert.strictEqual(run.all(T.deployment).length, 2, "the app and the adapter");
    });
});

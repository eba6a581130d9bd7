/** The adapter's pure builders: names, the Sandbox, the Secret, the start request, the status. */
import * as assert from "assert";
import { type SandboxSizing } from "../../adapter/config";
import { type Pod, type Sandbox } from "../../adapter/kube-types";
import { statusOf } from "../../adapter/runtime-status";
import {
    LABELS, MANAGED_BY, SANDBOX_SELECTOR, buildSandbox, buildSecret, decodeValue, isSandboxName, nameOfRuntimeId, ownerReferenceTo,
    runtimeId, sandboxName, sandboxUrl, scaleQuantity, secretName, vscodeBasePath,
} from "../../adapter/sandbox-objects";
import { imageAllowed, parseStartRequest } from "../../adapter/start-request";
import { appStartBody } from "./app-client";

const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const SIZING: SandboxSizing = {
    cpuRequest: "500m", memoryRequest: "2Gi", cpuLimit: "2", memoryLimit: "4Gi", storageSize: "10Gi",
    storageClassName: "fast", runtimeClassName: "gvisor", scratchSize: "4Gi",
};
const HEX_ID = "0123456789abcdef0123456789abcdef";
const B62_ID = "4Vb0ZqKJ2cT9xYwQeLmN1a";

function sandboxOf(sessionId = HEX_ID, factor = 1): Sandbox {
    const request = parseStartRequest({ ...appStartBody(sessionId), resource_factor: factor });
    return buildSandbox({ namespace: "ns", name: sandboxName(sessionId), request, sizing: SIZING });
}

function container(sandbox: Sandbox): any {
    return (sandbox.spec.podTemplate.spec.containers as any[])[0];
}

describe("adapter: names", () => {
    it("are stable, valid DNS-1035 labels for the pod and Service, and leave room for the claim's name", () => {
        for (const id of [HEX_ID, B62_ID, "a", "Z".repeat(128)]) {
            const name = sandboxName(id);
            assert.strictEqual(sandboxName(id), name);
            assert.match(name, DNS_1035);
            assert.ok(isSandboxName(name));
            assert.ok(`workspace-${name}`.length <= 63);
            assert.ok(secretName(name).length <= 63);
        }
    });

    it("differ for ids that differ only in case (base62 is case-sensitive)", () => {
        assert.notStrictEqual(sandboxName("AbC"), sandboxName("abc"));
    });

    it("round-trip through runtime_id, and nothing else passes for one", () => {
        const name = sandboxName(B62_ID);
        assert.strictEqual(runtimeId(name), `sandbox/${name}`);
        assert.strictEqual(nameOfRuntimeId(runtimeId(name)), name);
        for (const bad of [name, `sandbox/${name}x`, "sandbox/kube-apiserver", "sandbox/", 42, undefined, `sandbox/${name}/..`]) {
            assert.strictEqual(nameOfRuntimeId(bad), undefined, String(bad));
        }
    });

    it("give the URL and VS Code base path the app's path mode expects", () => {
        const name = sandboxName(HEX_ID);
        const url = sandboxUrl("https://oh.example.com", name);
        assert.strictEqual(url, `https://oh.example.com/sandbox/${name}`);
        assert.ok(new URL(url).pathname.startsWith(`/${runtimeId(name)}`));
        assert.strictEqual(vscodeBasePath(name), `/sandbox/${name}/vscode`);
    });
});

describe("adapter: the Sandbox", () => {
    it("uses only the fields of agent-sandbox v1.0.3's Sandbox spec", () => {
        // k8s/crds/agents.x-k8s.io_sandboxes.yaml in sigs.k8s.io/agent-sandbox@v1.0.3: spec's properties.
        const crdSpecFields = ["operatingMode", "podTemplate", "service", "shutdownPolicy", "shutdownTime", "volumeClaimTemplates"];
        const sandbox = sandboxOf();
        assert.strictEqual(sandbox.apiVersion, "agents.x-k8s.io/v1beta1");
        assert.strictEqual(sandbox.kind, "Sandbox");
        for (const key of Object.keys(sandbox.spec)) assert.ok(crdSpecFields.includes(key), key);
        assert.strictEqual(sandbox.spec.operatingMode, "Running");
        assert.strictEqual(sandbox.spec.service, true);
    });

    it("runs the agent-server under tini, as the image's non-root user, with a restricted security context", () => {
        const sandbox = sandboxOf();
        const pod = sandbox.spec.podTemplate.spec as any;
        const c = container(sandbox);
        assert.deepStrictEqual(c.command, ["tini", "--", "/usr/local/bin/openhands-agent-server", "--port", "60000"]);
        assert.strictEqual(c.args, undefined);
        assert.strictEqual(c.workingDir, "/workspace");
        assert.deepStrictEqual(pod.securityContext, { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepStrictEqual(c.securityContext, {
            allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, privileged: false, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" },
        });
        assert.strictEqual(pod.automountServiceAccountToken, false);
        assert.strictEqual(pod.enableServiceLinks, false);
        assert.strictEqual(pod.hostNetwork, undefined);
        assert.strictEqual(pod.runtimeClassName, "gvisor");
        for (const v of pod.volumes) assert.strictEqual(v.hostPath, undefined);
    });

    it("names no uid, gid or fsGroup with the platform's ids, and keeps the rest of the restricted context", () => {
        const request = parseStartRequest(appStartBody(HEX_ID));
        const byRequest = buildSandbox({ namespace: "ns", name: sandboxName(HEX_ID), request, sizing: SIZING, userIds: "request" });
        assert.deepStrictEqual(byRequest, sandboxOf(), "request is the default");
        const byPlatform = buildSandbox({ namespace: "ns", name: sandboxName(HEX_ID), request, sizing: SIZING, userIds: "platform" });
        const pod = byPlatform.spec.podTemplate.spec as any;
        assert.deepStrictEqual(pod.securityContext, { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepStrictEqual(container(byPlatform).securityContext, container(byRequest).securityContext);
        // Nothing else differs.
        const withoutContext = (s: Sandbox) => JSON.stringify({ ...s, spec: { ...s.spec, podTemplate: { ...s.spec.podTemplate, spec: { ...s.spec.podTemplate.spec, securityContext: null } } } });
        assert.strictEqual(withoutContext(byPlatform), withoutContext(byRequest));
    });

    it("takes the environment from the Secret only", () => {
        const sandbox = sandboxOf();
        const c = container(sandbox);
        assert.deepStrictEqual(c.envFrom, [{ secretRef: { name: `${sandboxName(HEX_ID)}-env` } }]);
        assert.deepStrictEqual(c.env.map((e: any) => e.name), ["HOME", "TMPDIR"]);
        const text = JSON.stringify(sandbox);
        for (const value of ["sk-test-very-secret-llm-key", "LLM_API_KEY", "OH_WEBHOOKS_0_BASE_URL"]) assert.ok(!text.includes(value), value);
    });

    it("exposes the four ports, probes /ready, and mounts the workspace claim plus writable /tmp and $HOME", () => {
        const sandbox = sandboxOf();
        const c = container(sandbox);
        assert.deepStrictEqual(c.ports.map((p: any) => [p.name, p.containerPort]), [["http", 60000], ["vscode", 60001], ["work-1", 12000], ["work-2", 12001]]);
        assert.deepStrictEqual(c.readinessProbe.httpGet, { path: "/ready", port: 60000 });
        assert.deepStrictEqual(c.volumeMounts, [
            { name: "workspace", mountPath: "/workspace" }, { name: "tmp", mountPath: "/tmp" }, { name: "home", mountPath: "/home/openhands" },
        ]);
        const volumes = (sandbox.spec.podTemplate.spec as any).volumes;
        assert.deepStrictEqual(volumes, [{ name: "tmp", emptyDir: { sizeLimit: "4Gi" } }, { name: "home", emptyDir: { sizeLimit: "4Gi" } }]);
        // The controller adds the pod volume "workspace" for the template of that name (claim workspace-<sandbox>).
        assert.deepStrictEqual(sandbox.spec.volumeClaimTemplates?.map((t) => [t.metadata.name, t.spec]), [
            ["workspace", { accessModes: ["ReadWriteOnce"], storageClassName: "fast", resources: { requests: { storage: "10Gi" } } }],
        ]);
    });

    it("scales CPU and memory by the resource factor, not the disk", () => {
        assert.deepStrictEqual(container(sandboxOf(HEX_ID, 1)).resources, { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } });
        assert.deepStrictEqual(container(sandboxOf(HEX_ID, 4)).resources, { requests: { cpu: "2000m", memory: "8Gi" }, limits: { cpu: "8", memory: "16Gi" } });
        assert.strictEqual(scaleQuantity("0.1", 3), "0.3");
        assert.strictEqual(scaleQuantity("1.5Gi", 2), "3Gi");
        assert.strictEqual(scaleQuantity("", 2), "");
    });

    it("labels the Sandbox and its pod as the adapter's, and selects them by those labels", () => {
        const sandbox = sandboxOf(B62_ID);
        const name = sandboxName(B62_ID);
        const expected = { [LABELS.managedBy]: MANAGED_BY, [LABELS.partOf]: "openhands", [LABELS.component]: "sandbox", [LABELS.instance]: name };
        assert.deepStrictEqual(sandbox.metadata.labels, expected);
        assert.deepStrictEqual(sandbox.spec.podTemplate.metadata?.labels, expected);
        assert.strictEqual(sandbox.metadata.annotations?.["openhands-adapter/session-id"], B62_ID);
        assert.strictEqual(SANDBOX_SELECTOR, "app.kubernetes.io/managed-by=openhands-adapter,app.kubernetes.io/component=sandbox");
    });

    it("leaves out the storage class and runtime class when none is set", () => {
        const request = parseStartRequest(appStartBody(HEX_ID));
        const sandbox = buildSandbox({ namespace: "ns", name: "oh-x", request, sizing: { ...SIZING, storageClassName: undefined, runtimeClassName: undefined, cpuLimit: "" } });
        assert.strictEqual((sandbox.spec.podTemplate.spec as any).runtimeClassName, undefined);
        assert.ok(!("storageClassName" in (sandbox.spec.volumeClaimTemplates![0].spec)));
        assert.deepStrictEqual(container(sandbox).resources.limits, { memory: "4Gi" });
    });
});

describe("adapter: the Secret", () => {
    const inputs = {
        namespace: "ns", name: sandboxName(HEX_ID), sessionId: HEX_ID,
        environment: { LLM_API_KEY: "sk-1", OH_WEBHOOKS_0_BASE_URL: "https://public/api/v1/webhooks", OH_SESSION_API_KEYS_0: "app-made" },
        sessionApiKey: "session-key", secretKey: "secret-key", appInternalUrl: "http://app.ns.svc:3000",
    };

    it("holds the app's environment with the adapter's four variables over it, base64-encoded", () => {
        const secret = buildSecret(inputs);
        assert.strictEqual(secret.metadata.name, `${sandboxName(HEX_ID)}-env`);
        assert.strictEqual(secret.type, "Opaque");
        const values = Object.fromEntries(Object.keys(secret.data!).map((k) => [k, decodeValue(secret, k)]));
        assert.deepStrictEqual(values, {
            LLM_API_KEY: "sk-1",
            OH_WEBHOOKS_0_BASE_URL: "http://app.ns.svc:3000/api/v1/webhooks",
            OH_SESSION_API_KEYS_0: "session-key",
            OH_SECRET_KEY: "secret-key",
            OH_VSCODE_BASE_PATH: `/sandbox/${sandboxName(HEX_ID)}/vscode`,
        });
        assert.strictEqual(secret.metadata.labels?.[LABELS.managedBy], MANAGED_BY);
    });

    it("keeps an OH_SECRET_KEY the app chose", () => {
        const secret = buildSecret({ ...inputs, environment: { OH_SECRET_KEY: "from-app" } });
        assert.strictEqual(decodeValue(secret, "OH_SECRET_KEY"), "from-app");
    });

    it("is owned by its Sandbox (controller, without blockOwnerDeletion, which would need sandboxes/finalizers)", () => {
        const owner = ownerReferenceTo({ ...sandboxOf(), metadata: { name: "oh-a", uid: "u-1" } });
        assert.deepStrictEqual(owner, { apiVersion: "agents.x-k8s.io/v1beta1", kind: "Sandbox", name: "oh-a", uid: "u-1", controller: true });
        assert.deepStrictEqual(buildSecret(inputs, owner).metadata.ownerReferences, [owner]);
        assert.throws(() => ownerReferenceTo({ ...sandboxOf(), metadata: { name: "oh-a" } }), /uid/);
    });
});

describe("adapter: the /start body", () => {
    it("reads the body the app sends", () => {
        const request = parseStartRequest(appStartBody(B62_ID));
        assert.strictEqual(request.sessionId, B62_ID);
        assert.strictEqual(request.image, "ghcr.io/openhands/agent-server:1.34.0-python");
        assert.strictEqual(request.workingDir, "/workspace");
        assert.strictEqual(request.resourceFactor, 1);
        assert.strictEqual(request.runAsUser, 10001);
        assert.strictEqual(request.environment.LLM_API_KEY, "sk-test-very-secret-llm-key");
        assert.strictEqual(request.runtimeClass, undefined);
        assert.strictEqual(parseStartRequest({ ...appStartBody(B62_ID), runtime_class: "sysbox-runc" }).runtimeClass, "sysbox-runc");
    });

    it("allows images by exact reference or by a prefix ending in / or :", () => {
        assert.ok(imageAllowed("anything:1", []));
        assert.ok(imageAllowed("ghcr.io/openhands/agent-server:1.34.0-python", ["ghcr.io/openhands/agent-server:"]));
        assert.ok(imageAllowed("ghcr.io/openhands/agent-server:1.34.0-python", ["ghcr.io/openhands/"]));
        assert.ok(!imageAllowed("ghcr.io/openhands/agent-server-evil:1", ["ghcr.io/openhands/agent-server"]));
        assert.ok(!imageAllowed("docker.io/evil/x:1", ["ghcr.io/openhands/"]));
    });
});

describe("adapter: status", () => {
    const at = (generation: number, mode: "Running" | "Suspended", ready?: { status: "True" | "False"; reason: string; observedGeneration?: number }): Sandbox => ({
        ...sandboxOf(),
        metadata: { name: "oh-a", generation },
        spec: { ...sandboxOf().spec, operatingMode: mode },
        status: ready ? { conditions: [{ type: "Ready", observedGeneration: generation, ...ready }] } : {},
    });

    it("follows the Ready condition and the operating mode", () => {
        assert.strictEqual(statusOf(at(1, "Running")), "starting");
        assert.strictEqual(statusOf(at(1, "Running", { status: "False", reason: "DependenciesNotReady" })), "starting");
        assert.strictEqual(statusOf(at(1, "Running", { status: "True", reason: "DependenciesReady" })), "running");
        assert.strictEqual(statusOf(at(2, "Suspended", { status: "False", reason: "SandboxSuspended" })), "paused");
        assert.strictEqual(statusOf(at(2, "Suspended", { status: "True", reason: "DependenciesReady", observedGeneration: 1 })), "paused");
        for (const reason of ["PodFailed", "ReconcilerError", "SandboxExpired", "MultiplePods"]) {
            assert.strictEqual(statusOf(at(1, "Running", { status: "False", reason })), "error", reason);
        }
    });

    it("does not trust a condition of an older generation (just after a resume)", () => {
        assert.strictEqual(statusOf(at(3, "Running", { status: "True", reason: "DependenciesReady", observedGeneration: 2 })), "starting");
        assert.strictEqual(statusOf(at(3, "Running", { status: "False", reason: "PodFailed", observedGeneration: 2 })), "starting");
    });

    it("reports error for a pod stuck on its image or its config, and stopped for a Sandbox being deleted", () => {
        const stuck = (reason: string): Pod => ({ metadata: { name: "oh-a" }, status: { phase: "Pending", containerStatuses: [{ name: "agent-server", state: { waiting: { reason } } }] } });
        assert.strictEqual(statusOf(at(1, "Running"), stuck("ImagePullBackOff")), "error");
        assert.strictEqual(statusOf(at(1, "Running"), stuck("CreateContainerConfigError")), "error");
        assert.strictEqual(statusOf(at(1, "Running"), stuck("ContainerCreating")), "starting");
        const deleting = at(1, "Running", { status: "True", reason: "DependenciesReady" });
        deleting.metadata.deletionTimestamp = "2025-01-01T00:00:00Z";
        assert.strictEqual(statusOf(deleting), "stopped");
    });
});

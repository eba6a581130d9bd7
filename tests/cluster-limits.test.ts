/**
 * Values the cluster would refuse, or rewrite, after a clean preview (issue 25, item 6): the pure
 * checks and what the builders make of the values they let through.
 */
import * as assert from "assert";
import { known, settingsFor, warningsFor } from "./support/settings";
import { GKE_EXISTING_CLUSTER, runStack } from "./support/stack";
import { serviceManifest } from "../components/builders/network";
import { settingsJson } from "../components/builders/settings-seed";
import { canonicalBytes, canonicalCpu } from "../components/quantities";
import { MAX_SECRET_BYTES, nodeFitProblem, podRequests, secretSizeProblems } from "../components/checks/cluster-limits";
import { gkeAllocatable, machineCapacity } from "../components/machine-types";
import { podSpec } from "../components/builders/workload";
import { cpuQuantity, hostName, memoryQuantity, normalizeBaseUrl, oneLine, storageQuantity } from "../components/settings/validate";

describe("values the cluster would refuse later", () => {
    describe("quantities", () => {
        it("are written back as the API server writes them", () => {
            for (const [given, canonical] of [["2Gi", "2Gi"], ["1024Mi", "1Gi"], ["1.5Gi", "1536Mi"], ["2048Ki", "2Mi"],
                ["1000Mi", "1000Mi"], ["1000000", "1M"], ["1500M", "1500M"], ["1.5G", "1500M"], ["0.5Ti", "512Gi"], ["64Ti", "64Ti"],
                ["1048576", "1048576"], ["0.5Ki", "512"], ["0", "0"]]) {
                assert.strictEqual(canonicalBytes(given), canonical, given);
            }
            for (const [given, canonical] of [["250m", "250m"], ["0.5", "500m"], ["2000m", "2"], ["2", "2"], ["1.25", "1250m"],
                ["0.001", "1m"], ["1000m", "1"]]) {
                assert.strictEqual(canonicalCpu(given), canonical, given);
            }
            for (const bad of ["1e3", "1e3Gi", "1.0001Ki", "2 Gi", "1Gb", "-1Gi"]) assert.strictEqual(canonicalBytes(bad), undefined, bad);
            for (const bad of ["0.0005", "1e3", "0.5m", "1Gi"]) assert.strictEqual(canonicalCpu(bad), undefined, bad);
        });

        it("stay within bounds that keep them written with a suffix, never as an exponent", () => {
            assert.strictEqual(storageQuantity("k", "64Ti"), undefined);
            assert.strictEqual(memoryQuantity("k", "1Ti"), undefined);
            assert.strictEqual(cpuQuantity("k", "512"), undefined);
            for (const [problem, pattern] of [
                [storageQuantity("k", "10000000000000000000000"), /^k: '10000000000000000000000' is more than 64Ti.*accepted: /],
                [storageQuantity("k", "65Ti"), /is more than 64Ti/],
                [storageQuantity("k", "1e3Gi"), /is not a storage quantity.*no exponent/],
                [storageQuantity("k", "1000E"), /is more than 64Ti/],
                [memoryQuantity("k", "2Ti"), /is more than 1Ti/],
                [cpuQuantity("k", "4000"), /is more than 512 cores/],
                [cpuQuantity("k", "0.0005"), /whole millicores/],
            ] as const) {
                assert.match(String(problem), pattern);
            }
        });

        it("reach the objects in their canonical form", () => {
            const settings = settingsFor({
                platform: "openshift", nodePort: 30300, workspaceSize: "2048Mi", workspaceClaimSize: "0.5Gi", stateSize: "1024Mi",
                dindStorageSize: "20480Mi", resources: { app: { cpuLimit: "2000m", memoryLimit: "4096Mi", cpuRequest: "0.5" } },
            });
            assert.deepStrictEqual([settings.workspaceSize, settings.workspaceClaimSize, settings.stateSize, settings.dindStorageSize],
                ["2Gi", "512Mi", "1Gi", "20Gi"]);
            assert.deepStrictEqual(settings.resources.app, { cpuRequest: "500m", memoryRequest: "1Gi", cpuLimit: "2", memoryLimit: "4Gi" });
            assert.strictEqual(settingsFor({ platform: "gke", persistentWorkspaceSize: "10240Mi" }).persistentWorkspaceSize, "10Gi");
        });
    });

    describe("Route hosts", () => {
        it("fit DNS's 63 characters per label", () => {
            assert.strictEqual(hostName("k", `${"a".repeat(63)}.apps.example.com`), undefined);
            assert.match(String(hostName("k", `${"a".repeat(64)}.apps.example.com`)), /^k: .* of 64 characters, over DNS's 63 per label, .*accepted: /);
            assert.match(String(hostName("k", "Bad Host")), /DNS-1123 subdomain/);
        });

        it("leave room in the generated host's first label for the namespace", () => {
            const fits = `n${"a".repeat(43)}`;  // 'openhands-app-2024-' + 44 characters = 63
            assert.doesNotThrow(() => settingsFor({ platform: "openshift", route: true, namespace: fits }));
            assert.throws(() => settingsFor({ platform: "openshift", route: true, namespace: `${fits}a` }), /a namespace of at most 44 characters/);
            assert.doesNotThrow(() => settingsFor({ platform: "openshift", route: true, namespace: `${fits}a`, routeHost: "oh.apps.example.com" }));
        });
    });

    describe("SCCs", () => {
        it("accept privileged, warn on an SCC of the user's own, and ask nothing without a Docker daemon", () => {
            assert.deepStrictEqual(warningsFor({ platform: "openshift", nodePort: 30300, openshiftScc: "privileged" })
                .filter((w) => w.includes("openshiftScc")), []);
            assert.ok(warningsFor({ platform: "openshift", nodePort: 30300, openshiftScc: "openhands-dind" })
                .some((w) => /openshiftScc 'openhands-dind' .* must allow privileged containers/.test(w)));
            assert.doesNotThrow(() => settingsFor({ platform: "openshift", openhandsVersion: "0.59", dockerEngine: "hostSocket", openshiftScc: "anyuid" }));
        });
    });

    describe("LLM values", () => {
        it("are refused with a line break inside, and never repeated", () => {
            assert.strictEqual(oneLine("k", "  anthropic/claude-sonnet-4-20250514\n"), undefined);
            const problem = String(oneLine("k", "sk-one\nsk-two"));
            assert.match(problem, /^k: .*line break.*accepted: one line/);
            assert.ok(!problem.includes("sk-one"));
        });

        it("are stored trimmed, the base URL normalised", () => {
            for (const [given, normal] of [["https://llm.example.com/v1", "https://llm.example.com/v1"],
                [" HTTPS://LLM.Example.COM:443/v1/ \n", "https://llm.example.com/v1"], ["http://10.0.0.5:8000//", "http://10.0.0.5:8000"],
                ["https://llm.example.com", "https://llm.example.com"], ["http://[2001:DB8::1]:80/api/", "http://[2001:db8::1]/api"]]) {
                assert.strictEqual(normalizeBaseUrl(given), normal, given);
            }
            const settings = settingsFor({ platform: "gke", llmModel: " openai/gpt-4o\n", llmApiKey: "\tsk-123 \r\n", llmBaseUrl: " https://LLM.example.com/v1/\n" });
            assert.deepStrictEqual([settings.llmModel, settings.llmApiKey, settings.llmBaseUrl], ["openai/gpt-4o", "sk-123", "https://llm.example.com/v1"]);
            assert.deepStrictEqual(JSON.parse(settingsJson(true, { model: "m", apiKey: "k", baseUrl: settings.llmBaseUrl as string })),
                { agent_settings: { llm: { model: "m", api_key: "k", base_url: "https://llm.example.com/v1" } } });
        });
    });

    describe("each way in makes only what it needs", () => {
        it("port-forward makes a ClusterIP Service: no load balancer, no node port", () => {
            for (const platform of ["gke", "openshift"]) {
                const service = known(serviceManifest(settingsFor({ platform, browserAccess: "portForward", nodePort: 30300 })));
                assert.strictEqual(service.spec?.type, "ClusterIP", platform);
                assert.ok(service.spec?.ports?.every((p) => p.nodePort === undefined), platform);
                assert.strictEqual(service.spec?.loadBalancerSourceRanges, undefined);
            }
            assert.strictEqual(known(serviceManifest(settingsFor({ platform: "gke" }))).spec?.type, "LoadBalancer");
            assert.strictEqual(known(serviceManifest(settingsFor({ platform: "gke", openhandsVersion: "0.59", browserAccess: "portForward" }))).spec?.type,
                "LoadBalancer", "0.x hands out no sandbox URLs: browserAccess does not apply");
            assert.ok(warningsFor({ platform: "openshift", browserAccess: "portForward", nodePort: 30300 })
                .some((w) => w.startsWith("nodePort is set, but browserAccess is 'portForward'")));
        });

        it("the gke stack through port-forward registers no LoadBalancer", async () => {
            const run = await runStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:browserAccess": "portForward" });
            const services = run.resources.filter((r) => r.type === "kubernetes:core/v1:Service");
            assert.deepStrictEqual(services.map((r) => (r.inputs as { spec: { type: string } }).spec.type), ["ClusterIP"]);
        });
    });

    describe("Secrets", () => {
        it("stay within the API server's 1 MiB, named by the value that fills them", () => {
            const room = MAX_SECRET_BYTES - 200;
            assert.deepStrictEqual(secretSizeProblems(settingsFor({ platform: "gke", llmApiKey: "k".repeat(room) })), []);
            const over = secretSizeProblems(settingsFor({ platform: "gke", llmModel: "m", llmApiKey: "k".repeat(MAX_SECRET_BYTES) }));
            assert.strictEqual(over.length, 1);
            assert.match(String(over[0]), /^OpenHandsArgs\.llmApiKey: the Secret 'openhands-llm' \(settings.json\) .* over the 1048576 bytes/);
            const key = JSON.stringify({ private_key: "é".repeat(MAX_SECRET_BYTES / 2) });  // two bytes each in UTF-8
            assert.match(String(secretSizeProblems(settingsFor({ platform: "gke", googleCredentials: key }))[0]),
                /^OpenHandsArgs\.gke\.googleCredentials: the Secret 'google-cloud-key'/);
        });
    });

    describe("nodes the stack creates", () => {
        it("leave to pods what GKE's documented reservations leave", () => {
            const e2s4 = gkeAllocatable(machineCapacity("e2-standard-4")!);
            assert.strictEqual(e2s4.cpu.toFixed(2), "3.92");
            // 16 GiB less 25% of 4, 20% of 4 and 10% of 8 (2.6 GiB), less 100 MiB for eviction.
            assert.strictEqual(Math.round(e2s4.memoryBytes / 2 ** 20), 16 * 1024 - Math.round(2.6 * 1024) - 100);
            assert.deepStrictEqual(machineCapacity("n1-standard-1"), { cpu: 1, memoryBytes: 3.75 * 2 ** 30 });
            for (const unknown of ["e2-medium", "a2-highgpu-1g", "n2-custom-4-8192", "e2-standard-3"]) assert.strictEqual(machineCapacity(unknown), undefined, unknown);
        });

        it("count every container, the Docker daemon sidecar included", () => {
            const spec = podSpec(settingsFor({ platform: "gke" }));
            // app 250m/1Gi, proxy 10m/32Mi, the dind sidecar 250m/512Mi; the state-preparing init container is smaller.
            assert.deepStrictEqual(podRequests(spec), { cpu: 0.51, memory: (1024 + 32 + 512) * 2 ** 20 });
            const initHeavy = podRequests({ containers: [{ name: "a", resources: { requests: { cpu: "100m", memory: "64Mi" } } }],
                initContainers: [{ name: "side", restartPolicy: "Always", resources: { requests: { cpu: "100m", memory: "64Mi" } } },
                    { name: "once", resources: { requests: { cpu: "1", memory: "1Gi" } } }] });
            assert.deepStrictEqual(initHeavy, { cpu: 1.1, memory: (1024 + 64) * 2 ** 20 });
        });

        it("fit the defaults on the default machine type and refuse a pod that fits none", () => {
            assert.strictEqual(nodeFitProblem(settingsFor({ platform: "gke" }), "e2-standard-4"), undefined);
            assert.match(String(nodeFitProblem(settingsFor({ platform: "gke" }), "e2-highcpu-2")),
                /^OpenHandsArgs\.resources: the app's pod requests 1568Mi of memory of 1\d{3}Mi .*'e2-highcpu-2'.*accepted: /);
            assert.strictEqual(nodeFitProblem(settingsFor({ platform: "gke" }), "x9-unknown-4"), undefined);
        });
    });

    describe("the proxy image", () => {
        it("names nginx, or is warned about; another program is refused", () => {
            const proxyWarnings = (proxyImage: string) => warningsFor({ platform: "gke", proxyImage }).filter((w) => w.startsWith("proxyImage"));
            for (const ok of ["nginxinc/nginx-unprivileged:1.28.0-alpine", "nginx", "registry.example/team/nginx:1.27", "openresty/openresty:alpine",
                "quay.io/org/my-nginx-proxy:1"]) {
                assert.deepStrictEqual(proxyWarnings(ok), [], ok);
            }
            assert.match(String(proxyWarnings("registry.example/team/edge-proxy:3")[0]), /does not name nginx: .* nginx on its PATH/);
            assert.throws(() => settingsFor({ platform: "gke", proxyImage: "traefik:v3.1" }), /proxyImage: 'traefik:v3\.1' is not an nginx image/);
            assert.doesNotThrow(() => settingsFor({ platform: "gke", openhandsVersion: "0.59", proxyImage: "traefik:v3.1" }), "0.x runs no proxy");
        });
    });
});

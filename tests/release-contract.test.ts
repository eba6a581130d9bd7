/**
 * The release contract: each generation's exact environment, the release table, the
 * proxy and sandbox URLs for every way in, and the LLM settings that never reach an
 * environment.
 */
import * as assert from "assert";
import { nginxConfig } from "../components/builders/proxy";
import { DEFAULT_VERSION, ENV_CONTRACT, Generation, parseVersion, RELEASES, unsupportedBecause } from "../components/releases";
import { browserUrlFor, effectivePort } from "./support/frontend";
import { GKE_EXISTING_CLUSTER, LLM_SETTINGS, podSpecOf, runGuideStack, runStack, type StackRun } from "./support/stack";
import { TYPE } from "./support/types";

const T = TYPE;

/** The app container's environment as name -> value (valueFrom as an object). */
function appEnvOf(run: StackRun): Record<string, unknown> {
    const app = podSpecOf(run).containers[0];
    return Object.fromEntries(app.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
}

/** Every container of the pod, init containers included. */
function containersOf(run: StackRun): any[] {
    const spec = podSpecOf(run);
    return [...(spec.initContainers ?? []), ...spec.containers];
}

const STATE_ENV = { FILE_STORE: "local", FILE_STORE_PATH: "/.openhands" };

describe("release contract", () => {
    describe("the environment of each generation, exactly", () => {
        /** The exact V1 environment on gke, with the release's agent-server tag. */
        const v1Env = (agentServerTag: string, grace: string) => ({
            AGENT_SERVER_IMAGE_REPOSITORY: "ghcr.io/openhands/agent-server",
            AGENT_SERVER_IMAGE_TAG: agentServerTag,
            SANDBOX_CONTAINER_URL_PATTERN: "http://localhost:80/runtime/{port}",
            SANDBOX_VOLUMES: "/tmp/workspace_base:/workspace/project:rw",
            SANDBOX_STARTUP_GRACE_SECONDS: grace,
            ...STATE_ENV,
            OH_PERSISTENCE_DIR: "/.openhands",
            NO_SETUP: "true",
        });
        const v1Cases: Array<[string, Record<string, string>, string, string, string]> = [
            ["1.11 (the default)", {}, "1.11.0", "1.34.0-python", "120"],
            ["1.10", { "openhands:openhandsVersion": "1.10.0" }, "1.10.0", "1.33.0-python", "120"],
            ["1.9.3", { "openhands:openhandsVersion": "1.9.3" }, "1.9.3", "1.33.0-python", "120"],
            ["1.8", { "openhands:openhandsVersion": "1.8.0", "openhands:sandboxStartupGraceSeconds": "300" }, "1.8.0", "1.27.0-python", "300"],
            ["1.6", { "openhands:openhandsVersion": "1.6.0" }, "1.6.0", "1.15.0-python", "120"],
        ];
        for (const [what, config, version, agentServerTag, grace] of v1Cases) {
            it(`${what}: the agent-server pair, the sandbox URL pattern, the workspace, the startup grace, state, and no entrypoint setup`, async () => {
                const run = await runStack("gke", { ...GKE_EXISTING_CLUSTER, ...config });
                assert.strictEqual(run.outputs.openhandsVersion, version);
                assert.strictEqual(podSpecOf(run).containers[0].image, `ghcr.io/openhands/openhands:${version}`);
                assert.deepStrictEqual(appEnvOf(run), v1Env(agentServerTag, grace));
            });
        }

        it("1.2 and 1.3, which do not read it, get no startup grace", async () => {
            const run = await runStack("gke", {
                ...GKE_EXISTING_CLUSTER, "openhands:openhandsVersion": "1.3.0", "openhands:appImage": "ghcr.io/openhands/openhands:1.3.0",
            });
            assert.strictEqual(appEnvOf(run).SANDBOX_STARTUP_GRACE_SECONDS, undefined);
        });

        it("0.59: the V0 variables, its runtime image, the root entrypoint, and no proxy", async () => {
            const run = await runStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:openhandsVersion": "0.59" });
            const spec = podSpecOf(run);
            assert.strictEqual(spec.containers[0].image, "docker.all-hands.dev/all-hands-ai/openhands:0.59");
            assert.deepStrictEqual(appEnvOf(run), {
                SANDBOX_USER_ID: "1000",
                WORKSPACE_MOUNT_PATH: "/tmp/workspace_base",
                SANDBOX_LOCAL_RUNTIME_URL: "http://localhost",
                SANDBOX_RUNTIME_CONTAINER_IMAGE: "docker.all-hands.dev/all-hands-ai/runtime:0.59-nikolaik",
                ...STATE_ENV,
            });
            assert.deepStrictEqual(spec.containers.map((c: any) => c.name), ["openhands-app-2024"]);
            assert.strictEqual(run.all(T.configMap).length, 0);
            assert.strictEqual(run.one(T.service).inputs.spec.ports[0].targetPort, 3000);
            assert.strictEqual(spec.hostAliases, undefined);
        });

        it("the guide's values: its images and sshd, under the 0.x contract with the node's Docker", async () => {
            const run = await runGuideStack("openshift");
            const spec = podSpecOf(run);
            assert.deepStrictEqual(spec.containers.map((c: any) => [c.name, c.image]), [
                ["openhands-app-2024", "ghcr.io/all-hands-ai/openhands:main"], ["openhands-sandbox-2024", "ghcr.io/all-hands-ai/sandbox:main"],
            ]);
            assert.deepStrictEqual(appEnvOf(run), {
                SANDBOX_USER_ID: "1000",
                // On the Docker host, the node: the workspace PV's directory (the guide's values put it under /tmp).
                WORKSPACE_MOUNT_PATH: "/tmp/workspace",
                HOST_IP: { fieldRef: { fieldPath: "status.hostIP" } },
                SANDBOX_LOCAL_RUNTIME_URL: "http://$(HOST_IP)",
                ...STATE_ENV,
            });
            assert.strictEqual(spec.initContainers, undefined, "no daemon, no state preparation: the guide's two containers");
        });

        it("names every variable any container gets in the contract, with a source for the generation", async () => {
            // One at a time: the mocks are global to the process.
            const runs = [
                () => runStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:googleCredentials": "{\"type\":\"service_account\"}" }, ["openhands:googleCredentials"]),
                () => runStack("openshift"),
                () => runStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:openhandsVersion": "1.6.0" }),
                () => runStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:openhandsVersion": "1.8.0" }),
                () => runStack("gke", { ...GKE_EXISTING_CLUSTER, "openhands:openhandsVersion": "0.59" }),
                () => runGuideStack("openshift"),
                () => runStack("openshift", { "openhands:openhandsVersion": "0.62", "openhands:appRunAsUser": "42420", "openhands:dockerEngine": "dind" }),
            ];
            for (const start of runs) {
                const run = await start();
                const generation = parseVersion(String(run.outputs.openhandsVersion))!.major >= 1 ? Generation.V1 : Generation.V0;
                for (const container of containersOf(run)) {
                    for (const { name } of container.env ?? []) {
                        const contract = ENV_CONTRACT[name];
                        assert.ok(contract, `${name} (container ${container.name}) is in ENV_CONTRACT`);
                        assert.ok(contract.generations.includes(generation), `${name} is a ${generation} variable`);
                        assert.ok(contract.readBy.length > 0 || contract.definedBy, `${name} has a source`);
                    }
                }
            }
        });
    });

    describe("LLM settings", () => {
        for (const version of ["1.11.0", "1.8.0", "1.6.0", "0.59"]) {
            it(`reach no container's environment with ${version}, and the key stays out of the pod spec`, async () => {
                const run = await runStack("gke", { ...GKE_EXISTING_CLUSTER, ...LLM_SETTINGS, "openhands:openhandsVersion": version }, ["openhands:llmApiKey"]);
                for (const container of containersOf(run)) {
                    const names = (container.env ?? []).map((e: any) => e.name);
                    assert.deepStrictEqual(names.filter((n: string) => n.startsWith("LLM_")), [], container.name);
                }
                assert.ok(!JSON.stringify(podSpecOf(run)).includes("sk-never-in-env"));
                assert.ok(run.one(T.secret, "openhands-llm").inputs.stringData["settings.json"].includes("sk-never-in-env"));
            });
        }

        it("seed through a root init container with only file-ownership capabilities where the state is a hostPath volume", async () => {
            const run = await runStack("openshift", LLM_SETTINGS, ["openhands:llmApiKey"]);
            const prepare = podSpecOf(run).initContainers.find((c: any) => c.name === "prepare-state");
            assert.deepStrictEqual(prepare.securityContext,
                { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: ["CHOWN", "FOWNER", "DAC_OVERRIDE"] } });
            assert.match(prepare.command[2], /^chown 42420:42420 \/\.openhands$/m);
        });
    });

    describe("the release table", () => {
        it("pins supported releases, newest first, the default among them, each with its sandbox image and sources", () => {
            const versions = RELEASES.map((r) => parseVersion(r.version)!);
            for (const [i, release] of RELEASES.entries()) {
                assert.strictEqual(unsupportedBecause(versions[i]), undefined, release.version);
                const v1 = versions[i].major >= 1;
                assert.match(release.sandboxImage, v1 ? /agent-server:/ : /runtime:.*-nikolaik$/, release.version);
                assert.ok(release.appImage.endsWith(`:${v1 ? release.version : release.version.replace(/\.0$/, "")}`), release.appImage);
                assert.ok(release.sources.length > 0);
                if (i > 0) assert.ok(versions[i - 1].major * 1000 + versions[i - 1].minor > versions[i].major * 1000 + versions[i].minor);
            }
            assert.ok(RELEASES.some((r) => r.version === DEFAULT_VERSION));
        });
    });

    describe("one port for the browser", () => {
        /** The stack's pattern, the proxy's listen ports, and the URL a browser on `page` opens for a sandbox port. */
        async function wayIn(stack: string, config: Record<string, string>, page: string) {
            const run = await runStack(stack, config);
            const pattern = String(appEnvOf(run).SANDBOX_CONTAINER_URL_PATTERN);
            const conf = String(run.one(T.configMap).inputs.data["nginx.conf"]);
            const listens = [...conf.matchAll(/listen\s+(?:[\d.]+:)?(\d+)/g)].map((m) => Number(m[1]));
            const opened = browserUrlFor(page, pattern.replace("{port}", "41234"), "/sockets/events/abc");
            return { run, pattern, listens, opened };
        }

        const cases: Array<[string, string, Record<string, string>, string, number]> = [
            ["a GKE LoadBalancer", "gke", GKE_EXISTING_CLUSTER, "http://203.0.113.9/", 80],
            ["a pinned OpenShift NodePort", "openshift", {}, "http://worker-1.example:30300/", 30300],
            ["an OpenShift Route with TLS", "openshift", { "openhands:route": "true" }, "https://oh.apps.example/", 443],
            ["kubectl port-forward", "gke", { ...GKE_EXISTING_CLUSTER, "openhands:browserAccess": "portForward" }, "http://localhost:8080/", 8080],
        ];
        for (const [what, stack, config, page, port] of cases) {
            it(`sends the browser to the page's own host and port through ${what}, where the pod's proxy also listens`, async () => {
                const { pattern, listens, opened } = await wayIn(stack, config, page);
                assert.strictEqual(pattern, `http://localhost:${port}/runtime/{port}`);
                const pageUrl = new URL(page);
                assert.strictEqual(opened.hostname, pageUrl.hostname);
                assert.strictEqual(effectivePort(opened), effectivePort(pageUrl), "the page's port: the same way in");
                assert.strictEqual(opened.protocol, pageUrl.protocol);
                assert.strictEqual(opened.pathname, "/runtime/41234/sockets/events/abc");
                assert.ok(listens.includes(8080), "the Service's target port");
                assert.ok(listens.includes(port), "the app's own calls to its sandbox URLs land on the proxy");
            });
        }

        it("fronts the pod with the proxy: Service and policy on 8080, the app's calls to itself kept in the pod", async () => {
            const run = await runStack("gke", GKE_EXISTING_CLUSTER);
            const spec = podSpecOf(run);
            assert.strictEqual(run.one(T.service).inputs.spec.ports[0].targetPort, 8080);
            assert.deepStrictEqual(spec.hostAliases, [{ ip: "127.0.0.1", hostnames: ["host.docker.internal"] }]);
            assert.deepStrictEqual(spec.securityContext.sysctls, [
                { name: "net.ipv4.ip_local_port_range", value: "32768 60999" },
                { name: "net.ipv4.ip_unprivileged_port_start", value: "80" },
            ]);
            const proxy = spec.containers.find((c: any) => c.name === "proxy");
            assert.deepStrictEqual(proxy.securityContext, {
                runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] },
            });
            const configMap = run.one(T.configMap).inputs;
            assert.deepStrictEqual(spec.volumes.find((v: any) => v.name === "proxy-config").configMap, { name: configMap.metadata.name });
            assert.match(configMap.metadata.name, /^openhands-proxy-[0-9a-f]{10}$/, "a new name for new content rolls the pod");
            assert.strictEqual(configMap.data["nginx.conf"], nginxConfig({
                listenPorts: [8080, 80], appPort: 3000, runtimePorts: { min: 32768, max: 60999 }, readTimeoutSeconds: 3600,
            }));
        });

        it("keeps the low-port sysctl out of a pod whose ports are all unprivileged", async () => {
            const spec = podSpecOf(await runStack("openshift"));
            assert.deepStrictEqual(spec.securityContext.sysctls, [{ name: "net.ipv4.ip_local_port_range", value: "32768 60999" }]);
        });
    });

    describe("pod security of the 1.x default", () => {
        it("has one privileged container, the Docker daemon; the app and the proxy pass restricted", async () => {
            for (const run of [await runStack("gke", GKE_EXISTING_CLUSTER), await runStack("openshift")]) {
                const containers = containersOf(run);
                assert.deepStrictEqual(containers.filter((c) => c.securityContext?.privileged).map((c) => c.name), ["docker-daemon"]);
                for (const name of ["openhands-app-2024", "proxy"]) {
                    const ctx = containers.find((c) => c.name === name).securityContext;
                    assert.strictEqual(ctx.runAsNonRoot, true, name);
                    assert.strictEqual(ctx.allowPrivilegeEscalation, false, name);
                    assert.deepStrictEqual(ctx.capabilities, { drop: ["ALL"] }, name);
                }
                const daemon = containers.find((c) => c.name === "docker-daemon");
                assert.ok(daemon.args.includes("--group=42420"), "the app reaches the socket through its own group");
                assert.strictEqual(podSpecOf(run).securityContext.fsGroup, 42420);
            }
        });
    });
});

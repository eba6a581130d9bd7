/** The pure builders: settings in, Kubernetes objects out, no Pulumi engine. */
import * as assert from "assert";
import { known, settingsFor, warningsFor } from "./support/settings";
import { nodeAccountId } from "../components/gke/cluster";
import { gkeKubeconfig } from "../components/gke/kubeconfig";
import { clusterRoleBindingManifest } from "../components/builders/rbac";
import { networkPolicyManifest, servicePorts } from "../components/builders/network";
import { dataProtection, storagePlan } from "../components/builders/storage";
import { appEnv, deploymentManifest, podManifest, podSpec } from "../components/builders/workload";
import { GUIDE_VALUES } from "../components/settings/catalog";

const openshift = settingsFor({ platform: "openshift", ...GUIDE_VALUES });
const gke = settingsFor({ platform: "gke" });

describe("builders", () => {
    it("reproduce the guide's defaults from nothing but the platform", () => {
        assert.strictEqual(openshift.namespace, "openhands");
        assert.strictEqual(openshift.workload, "Pod");
        assert.strictEqual(gke.namespace, "default");
        assert.strictEqual(gke.workload, "Deployment");
        assert.strictEqual(gke.createNamespace, false, "the built-in namespace is never created");
        assert.strictEqual(openshift.createNamespace, true);
    });

    it("pair each PV with one claim that names it, and the PV reserves that claim", () => {
        const plan = storagePlan(openshift);
        assert.deepStrictEqual(plan.map((p) => p.role), ["workspace", "docker", "state"]);
        for (const pair of plan) {
            const claim = known(pair.claim);
            const volume = known(pair.volume!);
            assert.strictEqual(claim.spec?.volumeName, volume.metadata?.name);
            assert.strictEqual(volume.spec?.claimRef?.name, claim.metadata?.name);
            assert.strictEqual(volume.spec?.claimRef?.namespace, "openhands");
        }
    });

    it("give the Pod and the Deployment the same pod spec", () => {
        const deployment = deploymentManifest(settingsFor({ platform: "openshift", ...GUIDE_VALUES, workload: "Deployment" }));
        assert.deepStrictEqual(known(deployment).spec?.template.spec, known(podManifest(openshift)).spec);
        assert.deepStrictEqual(known(deployment).spec?.strategy, { type: "Recreate" });
    });

    it("only mount Google credentials on a profile that supports them", () => {
        const key = "{\"type\":\"service_account\"}";
        const onOpenShift = settingsFor({ platform: "openshift", ...GUIDE_VALUES, googleCredentials: key });
        assert.ok(!appEnv(onOpenShift).some((e) => e.name === "GOOGLE_APPLICATION_CREDENTIALS"));
        const onGke = settingsFor({ platform: "gke", googleCredentials: key });
        assert.ok(appEnv(onGke).some((e) => e.name === "GOOGLE_APPLICATION_CREDENTIALS"));
        assert.ok(known(podSpec(onGke)).volumes?.some((v) => v.secret?.secretName === "google-cloud-key"));
    });

    it("run the app as its own ServiceAccount on both platforms", () => {
        assert.strictEqual(podSpec(openshift).serviceAccountName, "openhands-app-2024");
        assert.strictEqual(podSpec(gke).serviceAccountName, "openhands-app-2024");
        const binding = clusterRoleBindingManifest(gke);
        assert.deepStrictEqual(binding.subjects, [{ kind: "ServiceAccount", name: "openhands-app-2024", namespace: "default" }]);
    });

    it("leave the node port to the cluster unless one is pinned", () => {
        assert.strictEqual(servicePorts(openshift)[0].nodePort, undefined);
        assert.strictEqual(servicePorts(settingsFor({ platform: "openshift", ...GUIDE_VALUES, nodePort: 30080 }))[0].nodePort, 30080);
    });

    it("write a kubeconfig that authenticates with gke-gcloud-auth-plugin and holds no credential", () => {
        const config = JSON.parse(gkeKubeconfig({ contextName: "ctx", endpoint: "203.0.113.1", clusterCaCertificate: "Q0E=" }));
        assert.strictEqual(config["current-context"], "ctx");
        assert.strictEqual(config.clusters[0].cluster.server, "https://203.0.113.1");
        assert.strictEqual(config.users[0].user.exec.command, "gke-gcloud-auth-plugin");
        assert.strictEqual(config.users[0].user.token, undefined);
    });

    it("name component arguments, not config keys, when the component refuses them", () => {
        assert.throws(() => settingsFor({ platform: "openshift", ...GUIDE_VALUES, nodePort: 80 }), /OpenHandsArgs\.nodePort/);
        assert.throws(() => settingsFor({ platform: "eks" }), /OpenHandsArgs\.platform: 'eks'/);
    });
});

describe("warnings", () => {
    it("count a /0 source range as no restriction at all", () => {
        const open = (ranges: string[]) => warningsFor({ platform: "gke", loadBalancerSourceRanges: ranges })
            .some((w) => w.includes("reachable by anyone"));
        assert.ok(open([]));
        assert.ok(open(["0.0.0.0/0", "::/0"]));
        assert.ok(open(["203.0.113.0/24", "::/0"]));
        assert.ok(!open(["203.0.113.0/24"]));
    });
});

describe("data protection", () => {
    it("protects and retains the volumes that hold data, not the socket's", () => {
        const plan = storagePlan(openshift);
        assert.deepStrictEqual(plan.map((p) => [p.role, p.keepsData]), [["workspace", true], ["docker", false], ["state", true]]);
        assert.deepStrictEqual(dataProtection(openshift), { protect: true, retainOnDelete: true });
    });

    it("protects and retains the gke workspace claim like the state (persistentWorkspace, the default)", () => {
        const plan = storagePlan(gke);
        assert.deepStrictEqual(plan.map((p) => [p.role, p.keepsData, p.volume === undefined]), [["workspace", true, true], ["state", true, true]]);
        assert.deepStrictEqual(dataProtection(gke), { protect: true, retainOnDelete: true });
    });

    it("keeps the guide's emptyDir workspace on gke only when asked, with a warning", () => {
        assert.ok(warningsFor({ platform: "gke", persistentWorkspace: false }).some((w) =>
            /persistentWorkspace is false: the workspace is an emptyDir/.test(w)));
        assert.deepStrictEqual(storagePlan(settingsFor({ platform: "gke", persistentWorkspace: false })).map((p) => p.role), ["state"]);
        assert.ok(!warningsFor({ platform: "gke" }).some((w) => /emptyDir/.test(w)));
    });

    it("lets the user give that up with protectData false", () => {
        assert.deepStrictEqual(dataProtection(settingsFor({ platform: "openshift", ...GUIDE_VALUES, protectData: false })), {});
    });
});

describe("settings the other choices make pointless", () => {
    const warned = (args: Parameters<typeof warningsFor>[0], field: string) =>
        warningsFor(args).some((w) => w.startsWith(`${field} is set, but`));
    it("are named in a warning, not dropped silently", () => {
        assert.ok(warned({ platform: "gke", podSecurityLevel: "privileged" }, "podSecurityLevel"), "gke's default namespace is not created");
        assert.ok(warned({ platform: "openshift", ...GUIDE_VALUES, routeHost: "oh.example.com" }, "routeHost"));
        assert.ok(warned({ platform: "openshift", ...GUIDE_VALUES, dindImage: "docker:28.5.1-dind" }, "dindImage"));
        assert.ok(warned({ platform: "gke", persistentState: false, stateSize: "50Gi" }, "stateSize"));
        assert.ok(warned({ platform: "gke", sandboxSidecar: false, exposeSsh: true }, "exposeSsh"));
        assert.ok(warned({ platform: "openshift", ...GUIDE_VALUES, networkPolicy: false, egressDeniedCidrs: ["10.0.0.0/8"] }, "egressDeniedCidrs"));
    });
    it("are not mentioned when they do apply, or keep their default", () => {
        assert.ok(!warned({ platform: "openshift", ...GUIDE_VALUES, route: true, routeHost: "oh.example.com" }, "routeHost"));
        assert.ok(!warned({ platform: "openshift", ...GUIDE_VALUES, dindImage: "docker:28.5.2-dind" }, "dindImage"));
        assert.ok(!warned({ platform: "openshift", ...GUIDE_VALUES, podSecurityLevel: "privileged" }, "podSecurityLevel"));
    });
});

describe("GKE node service account", () => {
    it("is its own per stack, so two stacks in one project do not collide, and is a valid id", () => {
        const a = nodeAccountId("openhands-gke", "gke");
        const b = nodeAccountId("openhands-gke", "gke-team-b");
        assert.notStrictEqual(a, b);
        assert.strictEqual(a, "openhands-gke-gke-nodes");
        const longA = nodeAccountId("openhands-gke", "a-very-long-stack-name-for-team-one");
        const longB = nodeAccountId("openhands-gke", "a-very-long-stack-name-for-team-two");
        assert.notStrictEqual(longA, longB);
        for (const id of [a, b, longA, longB]) assert.match(id, /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, id);
    });
});

describe("egress NetworkPolicy (issue 25)", () => {
    const egress = (args: Parameters<typeof settingsFor>[0]) => known(networkPolicyManifest(settingsFor(args))).spec!.egress as any[];

    it("with a Google identity allows exactly the GKE metadata server's address and port, and still denies the rest of it", () => {
        const rules = egress({ platform: "gke", gcpServiceAccount: "oh@demo-project.iam.gserviceaccount.com", gcpProject: "demo-project" });
        assert.deepStrictEqual(rules.slice(2), [
            { to: [{ ipBlock: { cidr: "169.254.169.252/32" } }], ports: [{ protocol: "TCP", port: 988 }] },
            { to: [{ ipBlock: { cidr: "169.254.169.254/32" } }], ports: [{ protocol: "TCP", port: 80 }] },
        ]);
        assert.ok(rules[1].to[0].ipBlock.except.includes("169.254.169.254/32"), "every other port of the metadata address stays denied");
        assert.strictEqual(egress({ platform: "gke" }).length, 2, "no metadata rule without a Google identity");
    });

    it("never writes an except equal to its CIDR when a whole family is denied, and never an empty 'to'", () => {
        const v4 = egress({ platform: "gke", egressDeniedCidrs: ["0.0.0.0/0"] });
        assert.deepStrictEqual(v4[1], { to: [{ ipBlock: { cidr: "::/0", except: undefined } }] });
        const both = egress({ platform: "gke", egressDeniedCidrs: ["0.0.0.0/0", "::/0"] });
        assert.deepStrictEqual(both, [{ ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }], "DNS only");
    });

    it("allows an LLM endpoint named by a denied address, on its port alone", () => {
        const rules = egress({ platform: "gke", llmBaseUrl: "http://10.20.0.5:8000/v1" });
        assert.deepStrictEqual(rules[rules.length - 1], { to: [{ ipBlock: { cidr: "10.20.0.5/32" } }], ports: [{ protocol: "TCP", port: 8000 }] });
        assert.strictEqual(egress({ platform: "gke", llmBaseUrl: "https://203.0.113.7/v1" }).length, 2, "a public address needs no rule");
    });
});

/** The policy pack's rules, each with a violating and a clean case, and our stacks against them. */
import * as assert from "assert";
import { imageTag, policies, RULES } from "../policy/rules";
import { refusedRun, runStack } from "./support/stack";

const rule = (name: string) => {
    const found = RULES.find((r) => r.name === name);
    if (!found) throw new Error(`no rule ${name}`);
    return found;
};
const deployment = (spec: any) => ({ spec: { template: { spec } } });
const limited = { limits: { cpu: "1", memory: "1Gi" } };

describe("policy pack", () => {
    it("flags the node's Docker socket in a pod or a PV, and not a dind emptyDir", () => {
        const r = rule("no-host-docker-socket");
        assert.strictEqual(r.check("kubernetes:apps/v1:Deployment",
            deployment({ volumes: [{ name: "docker-sock", hostPath: { path: "/var/run/docker.sock", type: "Socket" } }] })).length, 1);
        assert.strictEqual(r.check("kubernetes:core/v1:PersistentVolume",
            { metadata: { name: "docker-pv" }, spec: { hostPath: { path: "/var/run/docker.sock" } } }).length, 1);
        assert.deepStrictEqual(r.check("kubernetes:apps/v1:Deployment", deployment({ volumes: [{ name: "docker-run", emptyDir: {} }] })), []);
        assert.strictEqual(r.enforcementLevel, "advisory");
    });

    it("flags privileged containers, init containers included", () => {
        const r = rule("no-privileged-containers");
        assert.deepStrictEqual(r.check("kubernetes:core/v1:Pod", { spec: { initContainers: [{ name: "docker-daemon", securityContext: { privileged: true } }], containers: [{ name: "app" }] } }),
            ["container docker-daemon is privileged"]);
        assert.deepStrictEqual(r.check("kubernetes:core/v1:Pod", { spec: { containers: [{ name: "app", securityContext: { privileged: false } }] } }), []);
    });

    it("flags every spelling and neighbour of a runtime socket, and not a directory of one's own", () => {
        const r = rule("no-host-docker-socket");
        const flagged = (path: string) => r.check("kubernetes:core/v1:Pod", { spec: { volumes: [{ name: "v", hostPath: { path } }] } }).length === 1;
        for (const path of ["/run/docker.sock", "/var/run", "/var/run/", "//var//run//docker.sock", "/run/containerd/containerd.sock",
            "/run", "/", "/var", "/var/run/crio/crio.sock"]) {
            assert.ok(flagged(path), path);
        }
        for (const path of ["/srv/openhands", "/tmp/workspace", "/var/lib/openhands"]) assert.ok(!flagged(path), path);
        assert.strictEqual(r.check("kubernetes:core/v1:ReplicationController",
            { spec: { template: { spec: { volumes: [{ name: "v", hostPath: { path: "/run/docker.sock" } }] } } } }).length, 1);
        assert.strictEqual(r.check("kubernetes:core/v1:PodTemplate",
            { template: { spec: { volumes: [{ name: "v", hostPath: { path: "/var/run" } }] } } }).length, 1);
    });

    it("flags SYS_ADMIN, ALL, the node's namespaces and privileged ephemeral containers", () => {
        const r = rule("no-privileged-containers");
        assert.deepStrictEqual(r.check("kubernetes:core/v1:Pod", { spec: {
            hostPID: true, hostNetwork: true,
            containers: [{ name: "a", securityContext: { capabilities: { add: ["sys_admin"] } } }, { name: "b", securityContext: { capabilities: { add: ["ALL"] } } }],
            ephemeralContainers: [{ name: "debug", securityContext: { privileged: true } }],
        } }), ["the pod sets hostPID", "the pod sets hostNetwork", "container a adds SYS_ADMIN", "container b adds ALL", "container debug is privileged"]);
    });

    it("counts a limit of zero as no limit", () => {
        const r = rule("container-resource-limits");
        for (const zero of ["0", "0m", "0Gi"]) {
            assert.strictEqual(r.check("kubernetes:core/v1:Pod", { spec: { containers: [{ name: "c", resources: { limits: { cpu: zero, memory: "1Gi" } } }] } }).length, 1, zero);
        }
    });

    it("forbids RoleBindings to a default ServiceAccount and bindings to the group of all ServiceAccounts", () => {
        const r = rule("no-default-serviceaccount-cluster-binding");
        assert.strictEqual(r.check("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
            { metadata: { name: "rb", namespace: "ai" }, subjects: [{ kind: "ServiceAccount", name: "default" }] }).length, 1);
        for (const group of ["system:serviceaccounts", "system:serviceaccounts:ai"]) {
            assert.strictEqual(r.check("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
                { metadata: { name: "crb" }, subjects: [{ kind: "Group", name: group }] }).length, 1, group);
        }
        assert.deepStrictEqual(r.check("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
            { metadata: { name: "rb" }, subjects: [{ kind: "ServiceAccount", name: "openhands-app-2024", namespace: "ai" }] }), []);
    });

    it("flags a LoadBalancer without source ranges, and not a NodePort or a restricted one", () => {
        const r = rule("load-balancer-source-ranges");
        assert.strictEqual(r.check("kubernetes:core/v1:Service", { metadata: { name: "s" }, spec: { type: "LoadBalancer" } }).length, 1);
        assert.deepStrictEqual(r.check("kubernetes:core/v1:Service", { spec: { type: "LoadBalancer", loadBalancerSourceRanges: ["203.0.113.0/24"] } }), []);
        for (const open of ["0.0.0.0/0", "::/0"]) {
            assert.strictEqual(r.check("kubernetes:core/v1:Service",
                { metadata: { name: "s" }, spec: { type: "LoadBalancer", loadBalancerSourceRanges: ["203.0.113.0/24", open] } }).length, 1, open);
        }
        assert.deepStrictEqual(r.check("kubernetes:core/v1:Service", { spec: { type: "NodePort" } }), []);
    });

    it("requires CPU and memory limits on every container (mandatory)", () => {
        const r = rule("container-resource-limits");
        assert.strictEqual(r.enforcementLevel, "mandatory");
        assert.deepStrictEqual(r.check("kubernetes:apps/v1:Deployment", deployment({ containers: [{ name: "a", resources: { limits: { cpu: "1" } } }] })),
            ["container a has no CPU and memory limits"]);
        assert.deepStrictEqual(r.check("kubernetes:apps/v1:Deployment", deployment({ containers: [{ name: "a", resources: limited }] })), []);
        assert.deepStrictEqual(r.check("kubernetes:core/v1:ConfigMap", { data: {} }), []);
    });

    it("flags mutable image tags and missing tags, not versions or digests", () => {
        const r = rule("immutable-image-tags");
        for (const image of ["ghcr.io/all-hands-ai/openhands:main", "docker:latest", "busybox", "localhost:5000/app"]) {
            assert.strictEqual(r.check("kubernetes:core/v1:Pod", { spec: { containers: [{ name: "c", image }] } }).length, 1, image);
        }
        for (const image of ["docker:28.5.2-dind", "localhost:5000/app:1.2", "ghcr.io/x/y@sha256:abc"]) {
            assert.deepStrictEqual(r.check("kubernetes:core/v1:Pod", { spec: { containers: [{ name: "c", image }] } }), [], image);
        }
        assert.strictEqual(imageTag("localhost:5000/app"), undefined);
        const tags = rule("immutable-image-tags");
        for (const image of ["x/y:Latest", "x/y:stable", "x/y:edge", "x/y"]) {
            assert.strictEqual(tags.check("kubernetes:core/v1:Pod", { spec: { containers: [{ name: "c", image }] } }).length, 1, image);
        }
    });

    it("forbids a ClusterRoleBinding to a default ServiceAccount (mandatory), allows a dedicated one", () => {
        const r = rule("no-default-serviceaccount-cluster-binding");
        assert.strictEqual(r.enforcementLevel, "mandatory");
        const bind = (name: string) => ({ metadata: { name: "b" }, subjects: [{ kind: "ServiceAccount", name, namespace: "default" }] });
        assert.strictEqual(r.check("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", bind("default")).length, 1);
        assert.deepStrictEqual(r.check("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", bind("openhands-app-2024")), []);
    });

    it("turns every rule into a Pulumi policy that reports what the rule finds", () => {
        const reported: string[] = [];
        const [socket] = policies([rule("no-host-docker-socket")]);
        (socket as any).validateResource({ type: "kubernetes:core/v1:PersistentVolume", props: { metadata: { name: "docker-pv" }, spec: { hostPath: { path: "/var/run/docker.sock" } } } },
            (message: string) => reported.push(message));
        assert.deepStrictEqual(reported, ["PersistentVolume docker-pv exposes the node's runtime socket (/var/run/docker.sock)"]);
        assert.strictEqual(policies().length, RULES.length);
    });

    describe("our stacks under mocks", () => {
        const mandatory = RULES.filter((r) => r.enforcementLevel === "mandatory");
        const violationsOf = async (stack: string, config: Record<string, string>) => {
            const run = await runStack(stack, config);
            return run.resources.flatMap((r) => mandatory.flatMap((m) => m.check(r.type, r.inputs).map((v) => `${m.name}: ${v}`)));
        };

        it("pass every mandatory rule with their defaults, troubleshooting included", async () => {
            assert.deepStrictEqual(await violationsOf("openshift", {}), []);
            assert.deepStrictEqual(await violationsOf("openshift", {
                "openhands:troubleshooting": "true", "openhands:openhandsVersion": "0.62", "openhands:dockerEngine": "hostSocket",
            }), []);
            assert.deepStrictEqual(await violationsOf("gke", { "gcp:project": "demo-project" }), []);
        });

        it("with sandboxes pods, find nothing at all, advisory rules included: no socket, nothing privileged, pinned images", async () => {
            const findings = async (stack: string, config: Record<string, string>, drop: string[] = []) => {
                const run = await runStack(stack, { "openhands:sandboxes": "pods", ...config }, [], drop);
                return run.resources.flatMap((r) => RULES.flatMap((m) => m.check(r.type, r.inputs).map((v) => `${m.name}: ${v}`)));
            };
            assert.deepStrictEqual(await findings("openshift", {}, ["openhands:openshiftScc"]), []);
            assert.deepStrictEqual(await findings("gke", { "gcp:project": "demo-project", "openhands:loadBalancerSourceRanges": '["10.1.0.0/16"]' }), []);
        });

        it("never see the guide's exact RBAC (default/default, cluster-wide): the component refuses it first", async () => {
            const refused = await refusedRun("gke", { "gcp:project": "demo-project", "openhands:serviceAccount": "default", "openhands:rbacScope": "cluster" });
            assert.match(refused.message, /openhands:rbacScope: 'cluster' would grant the guide's rules .* 'default' ServiceAccount/);
        });
    });
});

/**
 * The GKE cluster's optional gVisor node pool (GkeClusterComponentArgs.gvisorNodePool) under
 * Pulumi mocks: made with GKE Sandbox only when asked, beside the system pool, hardened and
 * protected like the cluster's other objects, and its settings checked before anything is made.
 */
import * as assert from "assert";
import type { GkeClusterComponentArgs } from "../components/gke/args";
import { GkeCluster, GVISOR_POOL_DEFAULTS, resolveGvisorPool } from "../components/gke/cluster";
import { type Registered, resolve, runMocked } from "./support/stack";
import { TYPE } from "./support/types";

const T = TYPE;

/** The cluster settings every run here uses. */
const BASE: GkeClusterComponentArgs = { project: "demo-project", location: "europe-west4-a" };

/** What one mocked run of a GkeCluster registered, and what it exposes. */
interface ClusterRun {
    readonly resources: Registered[];
    readonly pools: Registered[];
    readonly hasPoolObject: boolean;
    readonly poolName: unknown;
}

/** Makes a GkeCluster under mocks, protected as the OpenHands component makes it. */
async function runCluster(args: GkeClusterComponentArgs): Promise<ClusterRun> {
    const { resources, result } = await runMocked({}, [], "gke", () => {
        const cluster = new GkeCluster("oh-gke", args, { protect: true });
        return { hasPoolObject: cluster.gvisorNodePool !== undefined, poolName: cluster.gvisorNodePoolName };
    });
    return {
        resources,
        pools: resources.filter((r) => r.type === T.nodePool),
        hasPoolObject: result.hasPoolObject,
        poolName: result.poolName === undefined ? undefined : await resolve(result.poolName),
    };
}

const gvisorPoolOf = (run: ClusterRun) => run.pools.find((p) => p.inputs.nodeConfig?.sandboxConfig !== undefined);
const systemPoolOf = (run: ClusterRun) => run.pools.find((p) => p.inputs.nodeConfig?.sandboxConfig === undefined);

describe("GKE cluster: gVisor node pool", () => {
    let plain: ClusterRun;
    let gvisor: ClusterRun;
    before(async () => {
        plain = await runCluster(BASE);
        gvisor = await runCluster({ ...BASE, gvisorNodePool: true });
    });

    it("makes no gVisor pool unless asked: one pool, without GKE Sandbox", () => {
        assert.strictEqual(plain.pools.length, 1);
        assert.strictEqual(plain.pools[0].inputs.nodeConfig.sandboxConfig, undefined);
        assert.strictEqual(plain.hasPoolObject, false);
        assert.strictEqual(plain.poolName, undefined);
        assert.strictEqual(runClusterPoolsNamed(plain, "gvisor").length, 0);
    });

    it("with gvisorNodePool, adds a second pool with GKE Sandbox (gVisor) on Container-Optimized OS with containerd", () => {
        assert.strictEqual(gvisor.pools.length, 2);
        const pool = gvisorPoolOf(gvisor)?.inputs;
        assert.ok(pool, "no pool with sandboxConfig");
        assert.deepStrictEqual(pool.nodeConfig.sandboxConfig, { type: "GVISOR" });
        assert.strictEqual(pool.nodeConfig.imageType, "COS_CONTAINERD");
        assert.strictEqual(gvisor.hasPoolObject, true);
        assert.strictEqual(runClusterPoolsNamed(gvisor, "gvisor").length, 1);
    });

    it("keeps the first pool as the system pool, without GKE Sandbox (GKE refuses a cluster whose only pool has it)", () => {
        const system = systemPoolOf(gvisor)?.inputs;
        assert.ok(system);
        assert.strictEqual(system.nodeConfig.imageType, undefined);
        assert.deepStrictEqual(systemPoolOf(gvisor)?.inputs, plain.pools[0].inputs, "the system pool is the same with or without the gVisor pool");
    });

    it("sets neither the sandbox.gke.io/runtime label nor the taint: GKE adds both and refuses pools that set them", () => {
        const config = gvisorPoolOf(gvisor)?.inputs.nodeConfig;
        assert.strictEqual(config.labels, undefined);
        assert.strictEqual(config.taints, undefined);
    });

    it("is one e2-standard-4 node in the cluster's location by default", () => {
        const pool = gvisorPoolOf(gvisor)?.inputs;
        assert.deepStrictEqual(GVISOR_POOL_DEFAULTS, { machineType: "e2-standard-4", nodeCount: 1 });
        assert.strictEqual(pool.nodeConfig.machineType, "e2-standard-4");
        assert.strictEqual(pool.nodeCount, 1);
        assert.strictEqual(pool.location, "europe-west4-a");
        assert.strictEqual(pool.project, "demo-project");
    });

    it("is hardened like the system pool: the nodes' own account and scopes, shielded nodes, GKE metadata server, auto-repair and upgrade", () => {
        const pool = gvisorPoolOf(gvisor)?.inputs;
        const system = systemPoolOf(gvisor)?.inputs;
        for (const field of ["serviceAccount", "oauthScopes", "shieldedInstanceConfig", "workloadMetadataConfig", "diskSizeGb"]) {
            assert.deepStrictEqual(pool.nodeConfig[field], system.nodeConfig[field], field);
        }
        assert.ok(String(pool.nodeConfig.serviceAccount).endsWith("@demo-project.iam.gserviceaccount.com"));
        assert.deepStrictEqual(pool.nodeConfig.workloadMetadataConfig, { mode: "GKE_METADATA" });
        assert.deepStrictEqual(pool.management, { autoRepair: true, autoUpgrade: true });
        assert.strictEqual(pool.cluster, system.cluster);
    });

    it("is protected like everything else of the cluster, and a child of the component", () => {
        const ofCluster = gvisor.resources.filter((r) => r.type.startsWith("gcp:") || r.type === T.provider);
        assert.deepStrictEqual(ofCluster.filter((r) => !r.protect).map((r) => `${r.type} ${r.name}`), []);
        assert.strictEqual(gvisorPoolOf(gvisor)?.parentType, "openhands:index:GkeCluster");
    });

    it("takes its machine type and node count from the args", async () => {
        const custom = await runCluster({ ...BASE, gvisorNodePool: true, gvisorMachineType: "n2-standard-8", gvisorNodeCount: 3 });
        const pool = gvisorPoolOf(custom)?.inputs;
        assert.strictEqual(pool.nodeConfig.machineType, "n2-standard-8");
        assert.strictEqual(pool.nodeCount, 3);
        assert.strictEqual(systemPoolOf(custom)?.inputs.nodeConfig.machineType, "e2-standard-4", "the system pool keeps its own");
    });

    it("refuses a bad machine type or node count before making anything", async () => {
        await assert.rejects(runCluster({ ...BASE, gvisorNodePool: true, gvisorMachineType: "not a type", gvisorNodeCount: 0 }), (err: Error & { registered?: Registered[] }) => {
            assert.match(err.message, /GkeClusterComponentArgs\.gvisorMachineType: 'not a type' is not a machine type/);
            assert.match(err.message, /GkeClusterComponentArgs\.gvisorNodeCount: 0 is out of range; accepted: a whole number from 1 to 1000/);
            assert.deepStrictEqual((err.registered ?? []).map((r) => r.type), []);
            return true;
        });
    });

    it("notes pool settings that are ignored because the pool is off", () => {
        assert.deepStrictEqual(resolveGvisorPool({ ...BASE, gvisorNodeCount: 2 }).unused, ["GkeClusterComponentArgs.gvisorNodeCount"]);
        assert.deepStrictEqual(resolveGvisorPool({ ...BASE, gvisorNodePool: true, gvisorNodeCount: 2 }).unused, []);
        assert.strictEqual(resolveGvisorPool(BASE).enabled, false);
    });

    it("refuses a gvisorNodePool that is not a boolean (other languages and YAML pass strings)", () => {
        assert.deepStrictEqual(resolveGvisorPool({ ...BASE, gvisorNodePool: "true" as unknown as boolean }).problems.filter(Boolean),
            ["GkeClusterComponentArgs.gvisorNodePool: 'true' is not a boolean; accepted: true or false"]);
    });
});

/** The node pools whose Pulumi name mentions `word`. */
function runClusterPoolsNamed(run: ClusterRun, word: string): Registered[] {
    return run.pools.filter((p) => p.name.includes(word));
}

// What a Compute Engine machine type gives the pods of a GKE node. A leaf module (it imports nothing).

/** A family of machine types: memory per vCPU (GiB, as Compute Engine counts it) and the sizes offered. */
interface Family {
    readonly gibPerCpu: number;
    readonly sizes: readonly number[];
}

/**
 * Common predefined machine types, `<family>-<vCPUs>`, from Compute Engine's machine families
 * (general-purpose and compute-optimized). Shared-core types (e2-micro, e2-small, e2-medium),
 * custom types and accelerator-optimized types are left out: for those the check is skipped.
 */
const FAMILIES: Readonly<Record<string, Family>> = {
    "e2-standard": { gibPerCpu: 4, sizes: [2, 4, 8, 16, 32] },
    "e2-highmem": { gibPerCpu: 8, sizes: [2, 4, 8, 16] },
    "e2-highcpu": { gibPerCpu: 1, sizes: [2, 4, 8, 16, 32] },
    "n1-standard": { gibPerCpu: 3.75, sizes: [1, 2, 4, 8, 16, 32, 64, 96] },
    "n1-highmem": { gibPerCpu: 6.5, sizes: [2, 4, 8, 16, 32, 64, 96] },
    "n1-highcpu": { gibPerCpu: 0.9, sizes: [2, 4, 8, 16, 32, 64, 96] },
    "n2-standard": { gibPerCpu: 4, sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96, 128] },
    "n2-highmem": { gibPerCpu: 8, sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96, 128] },
    "n2-highcpu": { gibPerCpu: 1, sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96] },
    "n2d-standard": { gibPerCpu: 4, sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 224] },
    "n2d-highmem": { gibPerCpu: 8, sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96] },
    "n2d-highcpu": { gibPerCpu: 1, sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 224] },
    "t2d-standard": { gibPerCpu: 4, sizes: [1, 2, 4, 8, 16, 32, 48, 60] },
    "c2-standard": { gibPerCpu: 4, sizes: [4, 8, 16, 30, 60] },
    "c3-standard": { gibPerCpu: 4, sizes: [4, 8, 22, 44, 88, 176] },
    "c3-highmem": { gibPerCpu: 8, sizes: [4, 8, 22, 44, 88, 176] },
    "c3-highcpu": { gibPerCpu: 2, sizes: [4, 8, 22, 44, 88, 176] },
};

/** A machine type's capacity: vCPUs and memory in bytes. */
export interface Capacity {
    readonly cpu: number;
    readonly memoryBytes: number;
}

const GIB = 2 ** 30;
const MIB = 2 ** 20;

/** The capacity of a known machine type, or undefined. */
export function machineCapacity(machineType: string): Capacity | undefined {
    const match = /^([a-z0-9]+-[a-z]+)-([0-9]+)$/.exec(machineType);
    const family = match ? FAMILIES[match[1]] : undefined;
    const cpu = match ? Number(match[2]) : 0;
    if (family === undefined || !family.sizes.includes(cpu)) return undefined;
    return { cpu, memoryBytes: Math.round(cpu * family.gibPerCpu * GIB) };
}

/** A share of the part of `amount` that lies between `from` and `to`. */
function tier(amount: number, from: number, to: number, share: number): number {
    return Math.max(0, Math.min(amount, to) - from) * share;
}

/**
 * What a GKE Standard node leaves to pods, as GKE documents its reservations ("Plan GKE Standard
 * node sizes", memory and CPU reservations,
 * https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes):
 * memory: 255 MiB on a machine under 1 GiB, else 25% of the first 4 GiB, 20% of the next 4, 10% of
 * the next 8, 6% of the next 112 and 2% above 128 GiB, plus 100 MiB kept for eviction; CPU: 6% of
 * the first core, 1% of the next, 0.5% of the next 2 and 0.25% of every core above 4.
 */
export function gkeAllocatable(capacity: Capacity): Capacity {
    const gib = capacity.memoryBytes / GIB;
    const reservedGib = gib < 1 ? 255 / 1024
        : tier(gib, 0, 4, 0.25) + tier(gib, 4, 8, 0.2) + tier(gib, 8, 16, 0.1) + tier(gib, 16, 128, 0.06) + tier(gib, 128, Infinity, 0.02);
    const c = capacity.cpu;
    const reservedCpu = tier(c, 0, 1, 0.06) + tier(c, 1, 2, 0.01) + tier(c, 2, 4, 0.005) + tier(c, 4, Infinity, 0.0025);
    return { cpu: c - reservedCpu, memoryBytes: capacity.memoryBytes - reservedGib * GIB - 100 * MIB };
}

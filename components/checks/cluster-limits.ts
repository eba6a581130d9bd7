/**
 * Limits the cluster enforces only once the objects reach it, checked on what the builders make:
 * the size of each Secret the component creates, and whether the pod's requests fit a node of the
 * machine type the stack's own GKE cluster uses.
 */
import type * as k8s from "@pulumi/kubernetes";
import { GKE } from "../guide";
import { gkeAllocatable, machineCapacity } from "../machine-types";
import { canonicalBytes, parseCpu, parseStorageQuantity } from "../quantities";
import type { OpenHandsSettings } from "../settings/types";
import { argKey, type Problem } from "../settings/validate";
import { SETTINGS_FILE, seedsSettings, settingsJson } from "../builders/settings-seed";
import { podSpec } from "../builders/workload";

/** The API server's limit on a Secret's data, keys and values together (`MaxSecretSize`, 1 MiB). */
export const MAX_SECRET_BYTES = 1024 * 1024;

/** A value known now, as a string; undefined when it is unset or known only later. */
function plain(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

/** A Secret over the limit, named by the setting that fills it. */
function secretProblem(key: string, secret: string, bytes: number): string {
    return `${key}: the Secret ${secret} it is stored in would hold ${bytes} bytes, over the ${MAX_SECRET_BYTES} bytes (1 MiB) ` +
        "the API server accepts in one Secret; accepted: a value that leaves the Secret under 1 MiB";
}

/**
 * The Secrets the component makes, each within the API server's 1 MiB: the seeded settings.json
 * (named by its largest LLM value) and the Google key. Values known only later are not measured.
 */
export function secretSizeProblems(settings: OpenHandsSettings): Problem[] {
    const problems: Problem[] = [];
    const llm = { llmModel: settings.llmModel, llmApiKey: settings.llmApiKey, llmBaseUrl: settings.llmBaseUrl };
    const known = Object.values(llm).every((value) => value === undefined || plain(value) !== undefined);
    if (seedsSettings(settings) && known) {
        const json = settingsJson(settings.release.nestedSettings,
            { model: plain(llm.llmModel), apiKey: plain(llm.llmApiKey), baseUrl: plain(llm.llmBaseUrl) });
        const bytes = Buffer.byteLength(SETTINGS_FILE) + Buffer.byteLength(json);
        if (bytes > MAX_SECRET_BYTES) {
            const [largest] = Object.entries(llm).sort(([, a], [, b]) => (plain(b)?.length ?? 0) - (plain(a)?.length ?? 0));
            problems.push(secretProblem(argKey(largest[0]), `'${settings.names.llmSecret}' (${SETTINGS_FILE})`, bytes));
        }
    }
    const key = plain(settings.googleCredentials);
    if (key !== undefined) {
        const bytes = Buffer.byteLength(GKE.credentialsSecretKey) + Buffer.byteLength(key);
        if (bytes > MAX_SECRET_BYTES) {
            problems.push(secretProblem(argKey("gke.googleCredentials"), `'${settings.names.googleCredentialsSecret}'`, bytes));
        }
    }
    return problems;
}

type Container = k8s.types.input.core.v1.Container;

/** A container's CPU (cores) and memory (bytes) requests. */
function requests(container: Container): { cpu: number; memory: number } {
    const r = (container.resources as { requests?: Record<string, string> } | undefined)?.requests ?? {};
    return { cpu: parseCpu(String(r.cpu ?? "0")) ?? 0, memory: parseStorageQuantity(String(r.memory ?? "0")) ?? 0 };
}

/**
 * What the scheduler reserves for a pod, as Kubernetes computes it: the containers' requests plus
 * every sidecar's (an init container with `restartPolicy: Always`), or, if larger, the largest
 * one-off init container with the sidecars started before it.
 */
export function podRequests(spec: k8s.types.input.core.v1.PodSpec): { cpu: number; memory: number } {
    const sum = { cpu: 0, memory: 0 };
    for (const c of (spec.containers ?? []) as Container[]) {
        const r = requests(c);
        sum.cpu += r.cpu;
        sum.memory += r.memory;
    }
    const sidecars = { cpu: 0, memory: 0 };
    const init = { cpu: 0, memory: 0 };
    for (const c of (spec.initContainers ?? []) as Container[]) {
        const r = requests(c);
        if (c.restartPolicy === "Always") {
            sidecars.cpu += r.cpu;
            sidecars.memory += r.memory;
        }
        init.cpu = Math.max(init.cpu, sidecars.cpu + (c.restartPolicy === "Always" ? 0 : r.cpu));
        init.memory = Math.max(init.memory, sidecars.memory + (c.restartPolicy === "Always" ? 0 : r.memory));
    }
    return { cpu: Math.max(sum.cpu + sidecars.cpu, init.cpu), memory: Math.max(sum.memory + sidecars.memory, init.memory) };
}

/** Bytes as a readable quantity, in whole mebibytes. */
function mebibytes(bytes: number): string {
    return canonicalBytes(`${Math.floor(bytes / 2 ** 20)}Mi`) ?? `${bytes}`;
}

/**
 * The pod's requests against what one node of `machineType` leaves to pods (GKE's allocatable):
 * a pod that fits no node stays Pending. Unknown machine types are not checked.
 */
export function nodeFitProblem(settings: OpenHandsSettings, machineType: string): Problem {
    const capacity = machineCapacity(machineType);
    if (capacity === undefined) return undefined;
    const allocatable = gkeAllocatable(capacity);
    const asked = podRequests(podSpec(settings));
    const short: string[] = [];
    if (asked.cpu > allocatable.cpu) short.push(`${asked.cpu.toFixed(3)} CPU of ${allocatable.cpu.toFixed(3)}`);
    if (asked.memory > allocatable.memoryBytes) short.push(`${mebibytes(asked.memory)} of memory of ${mebibytes(allocatable.memoryBytes)}`);
    if (short.length === 0) return undefined;
    return `${argKey("resources")}: the app's pod requests ${short.join(" and ")} that a '${machineType}' node ` +
        `(${argKey("gke.cluster.machineType")}) leaves to pods after GKE's reservations, so it would never be scheduled ` +
        "(requests of all containers, sidecars included); accepted: smaller requests, or a larger machine type " +
        "(the node's system pods need room too)";
}

/**
 * A pure evaluator of the Kubernetes Pod Security Standards for the pod specs
 * this package builds: which level (`privileged`, `baseline`, `restricted`) a pod
 * spec passes, and why it fails the stricter ones. It covers the checks that the
 * objects built here can trip; the API server's PodSecurity admission stays the
 * authority (the end-to-end tests compare against it).
 */
import * as k8s from "@pulumi/kubernetes";

type PodSpec = k8s.types.input.core.v1.PodSpec;
type Container = k8s.types.input.core.v1.Container;
type SecurityContext = k8s.types.input.core.v1.SecurityContext;

/** The Pod Security Standards levels, most permissive first. */
export const PodSecurityLevel = {
    Privileged: "privileged",
    Baseline: "baseline",
    Restricted: "restricted",
} as const;

/** Levels from most permissive to strictest. */
export const LEVEL_ORDER: readonly string[] = [
    PodSecurityLevel.Privileged, PodSecurityLevel.Baseline, PodSecurityLevel.Restricted,
];

/** Capabilities the baseline level lets a container add (the container runtime's defaults). */
const BASELINE_CAPABILITIES = new Set([
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
    "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]);
/** Volume types the restricted level allows. */
const RESTRICTED_VOLUMES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

/** What keeps a pod spec from a level: one line per container and check. */
export interface PodSecurityReport {
    /** The strictest level the pod spec passes. */
    readonly level: string;
    /** Why it fails `baseline` (empty when it passes). */
    readonly baselineViolations: string[];
    /** Why it fails `restricted` (empty when it passes); includes the baseline ones. */
    readonly restrictedViolations: string[];
}

// Inputs built here are plain values; the casts read them as such.
const plain = <T>(value: unknown): T => value as T;

function allContainers(spec: PodSpec): Container[] {
    return [...plain<Container[]>(spec.initContainers ?? []), ...plain<Container[]>(spec.containers ?? [])];
}

/** Evaluates one pod spec against both levels. */
export function evaluatePodSecurity(spec: PodSpec): PodSecurityReport {
    const baseline: string[] = [];
    const restricted: string[] = [];
    const podContext = plain<k8s.types.input.core.v1.PodSecurityContext | undefined>(spec.securityContext) ?? {};

    for (const flag of ["hostNetwork", "hostPID", "hostIPC"] as const) {
        if (spec[flag]) baseline.push(`pod: ${flag} is true`);
    }
    for (const volume of plain<Array<Record<string, unknown>>>(spec.volumes ?? [])) {
        if (volume.hostPath) baseline.push(`volume ${volume.name}: hostPath`);
        const type = Object.keys(volume).find((k) => k !== "name");
        if (type && !RESTRICTED_VOLUMES.includes(type)) restricted.push(`volume ${volume.name}: type ${type}`);
    }
    const podSeccomp = plain<{ type?: string } | undefined>(podContext.seccompProfile)?.type;
    if (podSeccomp === "Unconfined") baseline.push("pod: seccompProfile Unconfined");

    for (const container of allContainers(spec)) {
        const name = `container ${container.name}`;
        const ctx = plain<SecurityContext | undefined>(container.securityContext) ?? {};
        const caps = plain<{ add?: string[]; drop?: string[] } | undefined>(ctx.capabilities) ?? {};
        if (ctx.privileged) baseline.push(`${name}: privileged`);
        for (const cap of caps.add ?? []) {
            if (!BASELINE_CAPABILITIES.has(cap)) baseline.push(`${name}: adds capability ${cap}`);
            else if (cap !== "NET_BIND_SERVICE") restricted.push(`${name}: adds capability ${cap}`);
        }
        for (const port of plain<Array<{ hostPort?: number }>>(container.ports ?? [])) {
            if (port.hostPort) baseline.push(`${name}: hostPort ${port.hostPort}`);
        }
        const seccomp = plain<{ type?: string } | undefined>(ctx.seccompProfile)?.type ?? podSeccomp;
        if (seccomp === "Unconfined") baseline.push(`${name}: seccompProfile Unconfined`);
        if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") restricted.push(`${name}: no seccompProfile RuntimeDefault`);
        if (ctx.allowPrivilegeEscalation !== false) restricted.push(`${name}: allowPrivilegeEscalation is not false`);
        if (!(caps.drop ?? []).includes("ALL")) restricted.push(`${name}: capabilities do not drop ALL`);
        const runAsNonRoot = ctx.runAsNonRoot ?? podContext.runAsNonRoot;
        if (runAsNonRoot !== true) restricted.push(`${name}: runAsNonRoot is not true`);
        const runAsUser = ctx.runAsUser ?? podContext.runAsUser;
        if (runAsUser === 0) restricted.push(`${name}: runAsUser is 0`);
    }
    const restrictedAll = [...baseline, ...restricted];
    const level = baseline.length > 0 ? PodSecurityLevel.Privileged
        : restricted.length > 0 ? PodSecurityLevel.Baseline : PodSecurityLevel.Restricted;
    return { level, baselineViolations: baseline, restrictedViolations: restrictedAll };
}

/** The strictest level every one of `specs` passes. */
export function strictestPassingLevel(specs: readonly PodSpec[]): string {
    let index = LEVEL_ORDER.length - 1;
    for (const spec of specs) index = Math.min(index, LEVEL_ORDER.indexOf(evaluatePodSecurity(spec).level));
    return LEVEL_ORDER[index];
}

/** Whether `level` is at least as strict as `than`. */
export function isStricter(level: string, than: string): boolean {
    return LEVEL_ORDER.indexOf(level) > LEVEL_ORDER.indexOf(than);
}

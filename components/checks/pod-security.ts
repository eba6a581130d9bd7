/**
 * A pure evaluator of the Kubernetes Pod Security Standards for the pod specs
 * this package builds: which level (`privileged`, `baseline`, `restricted`) a pod
 * spec passes, and why it fails the stricter ones. It covers the checks that the
 * objects built here can trip; the API server's PodSecurity admission stays the
 * authority (the end-to-end tests compare against it).
 */
import type * as k8s from "@pulumi/kubernetes";
import { PodSecurityLevel } from "../enums";

type PodSpec = k8s.types.input.core.v1.PodSpec;
type Container = k8s.types.input.core.v1.Container;
type SecurityContext = k8s.types.input.core.v1.SecurityContext;

/** Levels from most permissive to strictest. */
export const LEVEL_ORDER: readonly PodSecurityLevel[] = [
    PodSecurityLevel.Privileged, PodSecurityLevel.Baseline, PodSecurityLevel.Restricted,
];

/** Capabilities the baseline level lets a container add (the container runtime's defaults). */
const BASELINE_CAPABILITIES = new Set([
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
    "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]);
/** Sysctls the baseline level allows (the "safe" set, as of Kubernetes 1.29). */
const BASELINE_SYSCTLS = new Set([
    "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
]);
/** Volume types the restricted level allows. */
const RESTRICTED_VOLUMES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

/**
 * What keeps a pod spec from a level: one line per subject and check, written
 * `<check>: <subject> <detail>`, where `<check>` is the Pod Security Standards
 * control (the API server sends one warning per control).
 */
export interface PodSecurityReport {
    /** The strictest level the pod spec passes. */
    readonly level: PodSecurityLevel;
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
        if (spec[flag]) baseline.push(`hostNamespaces: pod sets ${flag}`);
    }
    for (const volume of plain<Array<{ name: string } & Record<string, unknown>>>(spec.volumes ?? [])) {
        if (volume.hostPath) baseline.push(`hostPathVolumes: volume ${volume.name}`);
        const type = Object.keys(volume).find((k) => k !== "name");
        if (type && !RESTRICTED_VOLUMES.includes(type)) restricted.push(`restrictedVolumes: volume ${volume.name} is ${type}`);
    }
    const sysctls = plain<unknown>(podContext.sysctls);
    for (const sysctl of Array.isArray(sysctls) ? sysctls as Array<{ name: string }> : []) {
        if (!BASELINE_SYSCTLS.has(sysctl.name)) baseline.push(`sysctls: pod sets ${sysctl.name}`);
    }
    const podSeccomp = plain<{ type?: string } | undefined>(podContext.seccompProfile)?.type;
    if (podSeccomp === "Unconfined") baseline.push("seccompProfile: pod is Unconfined");

    for (const container of allContainers(spec)) {
        const name = `container ${plain<string>(container.name)}`;
        const ctx = plain<SecurityContext | undefined>(container.securityContext) ?? {};
        const caps = plain<{ add?: string[]; drop?: string[] } | undefined>(ctx.capabilities) ?? {};
        if (ctx.privileged) baseline.push(`privileged: ${name}`);
        for (const cap of caps.add ?? []) {
            if (!BASELINE_CAPABILITIES.has(cap)) baseline.push(`capabilities: ${name} adds ${cap}`);
            else if (cap !== "NET_BIND_SERVICE") restricted.push(`capabilities: ${name} adds ${cap}`);
        }
        for (const port of plain<Array<{ hostPort?: number }>>(container.ports ?? [])) {
            if (port.hostPort) baseline.push(`hostPorts: ${name} uses ${port.hostPort}`);
        }
        const seccomp = plain<{ type?: string } | undefined>(ctx.seccompProfile)?.type ?? podSeccomp;
        if (seccomp === "Unconfined") baseline.push(`seccompProfile: ${name} is Unconfined`);
        if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") restricted.push(`seccompProfile: ${name} is not RuntimeDefault`);
        if (ctx.allowPrivilegeEscalation !== false) restricted.push(`allowPrivilegeEscalation: ${name} is not false`);
        if (!(caps.drop ?? []).includes("ALL")) restricted.push(`capabilities: ${name} does not drop ALL`);
        const runAsNonRoot = ctx.runAsNonRoot ?? podContext.runAsNonRoot;
        if (runAsNonRoot !== true) restricted.push(`runAsNonRoot: ${name} is not true`);
        const runAsUser = ctx.runAsUser ?? podContext.runAsUser;
        if (runAsUser === 0) restricted.push(`runAsUser: ${name} is 0`);
    }
    const restrictedAll = [...baseline, ...restricted];
    const level = baseline.length > 0 ? PodSecurityLevel.Privileged
        : restricted.length > 0 ? PodSecurityLevel.Baseline : PodSecurityLevel.Restricted;
    return { level, baselineViolations: baseline, restrictedViolations: restrictedAll };
}

/** The strictest level every one of `specs` passes. */
export function strictestPassingLevel(specs: readonly PodSpec[]): PodSecurityLevel {
    let index = LEVEL_ORDER.length - 1;
    for (const spec of specs) index = Math.min(index, LEVEL_ORDER.indexOf(evaluatePodSecurity(spec).level));
    return LEVEL_ORDER[index];
}

/** Whether `level` is at least as strict as `than`. */
export function isStricter(level: PodSecurityLevel, than: PodSecurityLevel): boolean {
    return LEVEL_ORDER.indexOf(level) > LEVEL_ORDER.indexOf(than);
}

/** The distinct controls that `violations` fail, e.g. `["capabilities", "runAsNonRoot"]`. */
export function failedChecks(violations: readonly string[]): string[] {
    return [...new Set(violations.map((v) => v.split(":")[0]))];
}

/** One line per failed control, naming the subjects: `capabilities (container a adds CHOWN, container b ...)`. */
export function summarizeViolations(violations: readonly string[]): string[] {
    return failedChecks(violations).map((check) => {
        const subjects = violations.filter((v) => v.startsWith(`${check}:`)).map((v) => v.slice(check.length + 2));
        return `${check} (${subjects.join(", ")})`;
    });
}

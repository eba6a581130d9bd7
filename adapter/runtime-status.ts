/**
 * A sandbox's status as the app reads it, from its Sandbox and (when there is one) its pod.
 * Pure.
 *
 * The app maps `running`, `paused`, `stopped`, `starting` and `error` (STATUS_MAPPING in
 * openhands/app_server/sandbox/remote_sandbox_service.py, CrazyForks/OpenHands at 1.8.0 and
 * 1.11.0's commit 11ca68ab2e15); anything else counts as missing. It builds the sandbox's
 * URLs only for `running`.
 *
 * agent-sandbox v1.0.3 reports readiness in the `Ready` condition
 * (api/v1beta1/sandbox_types.go): True once the pod runs, is Ready and has an IP (and the
 * Service exists); False with reason `SandboxSuspended` while suspended,
 * `PodFailed`/`PodSucceeded` after the pod ended, `ReconcilerError`/`MultiplePods` when the
 * controller cannot proceed, `SandboxExpired` after shutdownTime, `DependenciesNotReady`
 * while it comes up.
 */
import type { Condition, Pod, Sandbox } from "./kube-types";

/** The statuses the app understands. */
export const RuntimeStatus = {
    starting: "starting",
    running: "running",
    paused: "paused",
    stopped: "stopped",
    error: "error",
} as const;
/** A status the app understands. */
export type RuntimeStatus = (typeof RuntimeStatus)[keyof typeof RuntimeStatus];

/** Ready=False reasons that will not resolve by waiting. */
const FAILED_REASONS = new Set(["PodFailed", "PodSucceeded", "ReconcilerError", "MultiplePods", "SandboxExpired"]);

/** Container waiting reasons that mean the sandbox will not come up without a change. */
const STUCK_WAITING_REASONS = new Set([
    "CrashLoopBackOff", "ImagePullBackOff", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "RunContainerError",
]);

function readyCondition(sandbox: Sandbox): Condition | undefined {
    return sandbox.status?.conditions?.find((c) => c.type === "Ready");
}

/** Why a pod is stuck, or undefined when it is not (or there is no pod). */
export function podProblem(pod: Pod | undefined): string | undefined {
    for (const container of pod?.status?.containerStatuses ?? []) {
        const reason = container.state?.waiting?.reason;
        if (reason && STUCK_WAITING_REASONS.has(reason)) return `${container.name}: ${reason}`;
    }
    return undefined;
}

/** The status of a sandbox. */
export function statusOf(sandbox: Sandbox, pod?: Pod): RuntimeStatus {
    if (sandbox.metadata.deletionTimestamp) return RuntimeStatus.stopped;
    if (sandbox.spec.operatingMode === "Suspended") return RuntimeStatus.paused;
    const ready = readyCondition(sandbox);
    // A condition computed for an older generation (say, before a resume) says nothing about now.
    const current = ready !== undefined
        && (ready.observedGeneration === undefined || sandbox.metadata.generation === undefined || ready.observedGeneration >= sandbox.metadata.generation);
    if (current && ready.status === "True") return RuntimeStatus.running;
    if (current && ready.status === "False" && ready.reason && FAILED_REASONS.has(ready.reason)) return RuntimeStatus.error;
    if (podProblem(pod) !== undefined) return RuntimeStatus.error;
    return RuntimeStatus.starting;
}

/** Whether a status counts against the cap on concurrent sandboxes and appears in /list. */
export function isActive(status: RuntimeStatus): boolean {
    return status === RuntimeStatus.starting || status === RuntimeStatus.running;
}

/**
 * PodSecurity admission labels for the namespace the component creates: `enforce`
 * at the strictest level every pod of the stack passes (or the user's choice, if
 * the pods pass it), `warn` and `audit` at a stricter level so the remaining gaps
 * stay visible.
 */
import type * as k8s from "@pulumi/kubernetes";
import { Platform, PodSecurityLevel } from "../enums";
import type { OpenHandsSettings } from "../settings/types";
import { argKey, type Problem } from "../settings/validate";
import { troubleshootingPodSpec } from "../builders/operations";
import { storagePlan } from "../builders/storage";
import { podSpec } from "../builders/workload";
import { adapterPodSpec, isPods } from "../sandboxes/adapter";
import { evaluatePodSecurity, isStricter, strictestPassingLevel, summarizeViolations } from "./pod-security";

const PREFIX = "pod-security.kubernetes.io";

/**
 * A pod spec as the node sees it: a claim bound to one of the stack's hostPath
 * PersistentVolumes is a hostPath in all but name (the guide's Docker socket arrives that
 * way), so it is judged as one. PodSecurity admission cannot see through the claim; the
 * labels this module writes do.
 */
export function asNodeSeesIt(settings: OpenHandsSettings, spec: k8s.types.input.core.v1.PodSpec): k8s.types.input.core.v1.PodSpec {
    const hostPaths = new Map(storagePlan(settings)
        .filter((planned) => planned.volume !== undefined)
        .map((planned) => [planned.claimName, (planned.volume?.spec as { hostPath?: unknown } | undefined)?.hostPath]));
    const volumes = (spec.volumes ?? []) as Array<{ name: string; persistentVolumeClaim?: { claimName: string } }>;
    return {
        ...spec,
        volumes: volumes.map((volume) => {
            const hostPath = volume.persistentVolumeClaim && hostPaths.get(volume.persistentVolumeClaim.claimName);
            return hostPath ? { name: volume.name, hostPath } : volume;
        }) as k8s.types.input.core.v1.PodSpec["volumes"],
    };
}

/** Every pod spec the stack runs, as the node sees it. */
export function stackPodSpecs(settings: OpenHandsSettings): k8s.types.input.core.v1.PodSpec[] {
    const specs = [asNodeSeesIt(settings, podSpec(settings))];
    if (settings.troubleshooting) specs.push(troubleshootingPodSpec(settings));
    // The adapter's pod shares the app's namespace (its code ConfigMap's name does not change the verdict).
    if (isPods(settings)) specs.push(adapterPodSpec(settings, "adapter-code"));
    return specs;
}

/** The strictest Pod Security level all of the stack's pods pass. */
export function requiredPodSecurityLevel(settings: OpenHandsSettings): PodSecurityLevel {
    return strictestPassingLevel(stackPodSpecs(settings));
}

/** The namespace labels: PodSecurity levels, and on OpenShift a stop to its label syncer overriding them. */
export function podSecurityLabels(settings: OpenHandsSettings): Record<string, string> {
    const enforce = settings.podSecurityLevel ?? requiredPodSecurityLevel(settings);
    const labels: Record<string, string> = {
        [`${PREFIX}/enforce`]: enforce,
        [`${PREFIX}/enforce-version`]: "latest",
        [`${PREFIX}/warn`]: settings.podSecurityWarnLevel,
        [`${PREFIX}/warn-version`]: "latest",
        [`${PREFIX}/audit`]: settings.podSecurityWarnLevel,
        [`${PREFIX}/audit-version`]: "latest",
    };
    if (settings.profile.platform === Platform.OpenShift) {
        labels["security.openshift.io/scc.podSecurityLabelSync"] = "false";
    }
    return labels;
}

/** Refuses an `enforce` level the stack's own pods would fail, saying which container trips which check. */
export function podSecurityLevelProblem(settings: OpenHandsSettings): Problem {
    const key = argKey("podSecurityLevel");
    const wanted = settings.podSecurityLevel;
    if (wanted === undefined) return undefined;
    const required = requiredPodSecurityLevel(settings);
    if (!isStricter(wanted, required)) return undefined;
    const reasons = summarizeViolations(stackPodSpecs(settings).flatMap((spec) => {
        const report = evaluatePodSecurity(spec);
        return wanted === PodSecurityLevel.Restricted ? report.restrictedViolations : report.baselineViolations;
    }));
    return `${key}: '${wanted}' would reject this stack's own pods, which fail ${reasons.join("; ")}; ` +
        `accepted: '${required}' or less strict for this configuration`;
}

/**
 * The policy pack's rules, as plain data and functions so they can be tested
 * without the Pulumi engine. Mandatory rules are those our own default stacks
 * must never break; advisory ones flag choices the stacks make on purpose (the
 * guide's Docker socket, a privileged dind daemon, the `main` tags) so a
 * reviewer sees them in every preview.
 */
import { type EnforcementLevel, type ResourceValidationPolicy, type ReportViolation } from "@pulumi/policy";
import { isMutableImage } from "../components/images";

type Props = Record<string, any>;

/** Kubernetes types whose props carry a pod spec, and where. */
const POD_SPEC_PATHS: Record<string, string[]> = {
    "kubernetes:core/v1:Pod": ["spec"],
    "kubernetes:apps/v1:Deployment": ["spec", "template", "spec"],
    "kubernetes:apps/v1:StatefulSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:DaemonSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:ReplicaSet": ["spec", "template", "spec"],
    "kubernetes:batch/v1:Job": ["spec", "template", "spec"],
    "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
};

/** The pod spec inside a resource's props, if its type has one. */
export function podSpecOf(type: string, props: Props): Props | undefined {
    const path = POD_SPEC_PATHS[type];
    if (!path) return undefined;
    let at: any = props;
    for (const key of path) at = at?.[key];
    return at ?? undefined;
}

/** Every container of a pod spec, init containers included. */
function containersOf(spec: Props): Props[] {
    return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

export { imageTag, MUTABLE_TAGS } from "../components/images";

/** A rule: a name, a level, a description and the check on one resource. */
export interface Rule {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    /** Returns one message per violation of the resource (empty when it complies). */
    readonly check: (type: string, props: Props) => string[];
}

const DOCKER_SOCKET = "/var/run/docker.sock";

export const RULES: readonly Rule[] = [
    {
        name: "no-host-docker-socket",
        description: "The node's Docker socket is root on the node: prefer dockerEngine 'dind'.",
        enforcementLevel: "advisory",
        check: (type, props) => {
            const found: string[] = [];
            if (type === "kubernetes:core/v1:PersistentVolume" && props.spec?.hostPath?.path === DOCKER_SOCKET) {
                found.push(`PersistentVolume ${props.metadata?.name} exposes the node's Docker socket`);
            }
            const spec = podSpecOf(type, props);
            for (const volume of spec?.volumes ?? []) {
                if (volume.hostPath?.path === DOCKER_SOCKET) found.push(`volume ${volume.name} mounts the node's Docker socket`);
            }
            return found;
        },
    },
    {
        name: "no-privileged-containers",
        description: "A privileged container is root on the node.",
        enforcementLevel: "advisory",
        check: (type, props) => containersOf(podSpecOf(type, props) ?? {})
            .filter((c) => c.securityContext?.privileged === true)
            .map((c) => `container ${c.name} is privileged`),
    },
    {
        name: "load-balancer-source-ranges",
        description: "Whoever reaches the OpenHands UI runs code on the cluster: restrict the load balancer's sources.",
        enforcementLevel: "advisory",
        // A range with prefix /0 (0.0.0.0/0, ::/0) is everyone: it restricts nothing.
        check: (type, props) => type === "kubernetes:core/v1:Service" && props.spec?.type === "LoadBalancer" &&
            (!(props.spec?.loadBalancerSourceRanges?.length > 0) ||
                props.spec.loadBalancerSourceRanges.some((r: string) => /\/0+$/.test(String(r).trim())))
            ? [`LoadBalancer Service ${props.metadata?.name} has no loadBalancerSourceRanges that restrict anyone`]
            : [],
    },
    {
        name: "container-resource-limits",
        description: "Every container sets CPU and memory limits, so an agent cannot starve its node.",
        enforcementLevel: "mandatory",
        check: (type, props) => containersOf(podSpecOf(type, props) ?? {})
            .filter((c) => !c.resources?.limits?.cpu || !c.resources?.limits?.memory)
            .map((c) => `container ${c.name} has no CPU and memory limits`),
    },
    {
        name: "immutable-image-tags",
        description: "Mutable tags (main, latest, ...) change what runs without a change in the stack: pin a version or digest.",
        enforcementLevel: "advisory",
        check: (type, props) => containersOf(podSpecOf(type, props) ?? {}).flatMap((c) => {
            return isMutableImage(String(c.image ?? ""))
                ? [`container ${c.name} uses the mutable image '${c.image}'`]
                : [];
        }),
    },
    {
        name: "no-default-serviceaccount-cluster-binding",
        description: "A ClusterRoleBinding to a 'default' ServiceAccount hands its rights to every pod of that namespace.",
        enforcementLevel: "mandatory",
        check: (type, props) => type === "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"
            ? (props.subjects ?? [])
                .filter((s: Props) => s.kind === "ServiceAccount" && s.name === "default")
                .map((s: Props) => `ClusterRoleBinding ${props.metadata?.name} binds ServiceAccount ${s.namespace}/default`)
            : [],
    },
];

/** The rules as Pulumi resource validation policies. */
export function policies(rules: readonly Rule[] = RULES): ResourceValidationPolicy[] {
    return rules.map((rule) => ({
        name: rule.name,
        description: rule.description,
        enforcementLevel: rule.enforcementLevel,
        validateResource: (args, reportViolation: ReportViolation) => {
            for (const message of rule.check(args.type, args.props)) reportViolation(message);
        },
    }));
}

/**
 * The policy pack's rules, as plain data and functions so they can be tested
 * without the Pulumi engine. Mandatory rules are those our own default stacks
 * must never break; advisory ones flag choices the stacks make on purpose (the
 * guide's Docker socket, a privileged dind daemon, the `main` tags) so a
 * reviewer sees them in every preview.
 */
import { type EnforcementLevel, type ResourceValidationPolicy, type ReportViolation } from "@pulumi/policy";
import { isMutableImage } from "../components/images";
import { normalizePath } from "../components/settings/validate";

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
    "kubernetes:core/v1:ReplicationController": ["spec", "template", "spec"],
    "kubernetes:core/v1:PodTemplate": ["template", "spec"],
};

/** The pod spec inside a resource's props, if its type has one. */
export function podSpecOf(type: string, props: Props): Props | undefined {
    const path = POD_SPEC_PATHS[type];
    if (!path) return undefined;
    let at: any = props;
    for (const key of path) at = at?.[key];
    return at ?? undefined;
}

/** Every container of a pod spec, init and ephemeral containers included. */
function containersOf(spec: Props): Props[] {
    return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

/** Container runtime sockets on a node: each is root on the node. */
const RUNTIME_SOCKETS = [
    "/var/run/docker.sock", "/run/docker.sock", "/var/run/containerd/containerd.sock", "/run/containerd/containerd.sock",
    "/var/run/crio/crio.sock", "/run/crio/crio.sock", "/var/run/cri-dockerd.sock", "/run/cri-dockerd.sock",
];

/** Whether a host path is a runtime socket or a directory that contains one (`/var/run`, `/run`, `/`). */
export function exposesRuntimeSocket(path: unknown): boolean {
    if (typeof path !== "string") return false;  // unknown during a preview: say nothing rather than guess
    const p = normalizePath(path.trim());
    return RUNTIME_SOCKETS.some((socket) => socket === p || socket.startsWith(p === "/" ? "/" : `${p}/`));
}

/** A quantity that is zero ("0", "0m", "0Gi", 0): no limit at all. */
function isZero(quantity: unknown): boolean {
    const text = typeof quantity === "number" ? String(quantity) : typeof quantity === "string" ? quantity : "";
    return /^0+(\.0+)?[a-zA-Z]*$/.test(text.trim());
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

export const RULES: readonly Rule[] = [
    {
        name: "no-host-docker-socket",
        description: "A node's container runtime socket (Docker, containerd, CRI-O), or a directory holding one, is root on the node: prefer dockerEngine 'dind'.",
        enforcementLevel: "advisory",
        check: (type, props) => {
            const found: string[] = [];
            if (type === "kubernetes:core/v1:PersistentVolume" && props.spec?.hostPath && exposesRuntimeSocket(props.spec.hostPath.path)) {
                found.push(`PersistentVolume ${props.metadata?.name} exposes the node's runtime socket (${props.spec.hostPath.path})`);
            }
            const spec = podSpecOf(type, props);
            for (const volume of spec?.volumes ?? []) {
                if (volume.hostPath && exposesRuntimeSocket(volume.hostPath.path)) {
                    found.push(`volume ${volume.name} mounts the node's runtime socket (${volume.hostPath.path})`);
                }
            }
            return found;
        },
    },
    {
        name: "no-privileged-containers",
        description: "A privileged container, one that adds SYS_ADMIN (or ALL), or a pod in the node's PID, network or IPC namespace, is root on the node, or close to it.",
        enforcementLevel: "advisory",
        check: (type, props) => {
            const spec = podSpecOf(type, props);
            if (!spec) return [];
            const found = (["hostPID", "hostNetwork", "hostIPC"] as const).filter((flag) => spec[flag] === true)
                .map((flag) => `the pod sets ${flag}`);
            for (const c of containersOf(spec)) {
                if (c.securityContext?.privileged === true) found.push(`container ${c.name} is privileged`);
                const added: string[] = (c.securityContext?.capabilities?.add ?? []).map((cap: string) => String(cap).toUpperCase());
                for (const cap of added.filter((a) => ["SYS_ADMIN", "CAP_SYS_ADMIN", "ALL"].includes(a))) {
                    found.push(`container ${c.name} adds ${cap}`);
                }
            }
            return found;
        },
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
            .filter((c) => !c.resources?.limits?.cpu || !c.resources?.limits?.memory ||
                isZero(c.resources.limits.cpu) || isZero(c.resources.limits.memory))
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
        description: "A binding (ClusterRoleBinding or RoleBinding) to a 'default' ServiceAccount, or to the group of all ServiceAccounts, hands its rights to pods that never asked for them.",
        enforcementLevel: "mandatory",
        check: (type, props) => {
            const kind = type === "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding" ? "ClusterRoleBinding"
                : type === "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding" ? "RoleBinding" : undefined;
            if (kind === undefined) return [];
            return (props.subjects ?? []).flatMap((s: Props) => {
                if (s.kind === "ServiceAccount" && s.name === "default") {
                    return [`${kind} ${props.metadata?.name} binds ServiceAccount ${s.namespace ?? props.metadata?.namespace}/default`];
                }
                if (s.kind === "Group" && /^system:serviceaccounts(:.*)?$/.test(String(s.name))) {
                    return [`${kind} ${props.metadata?.name} binds the group ${s.name}, default ServiceAccounts included`];
                }
                return [];
            });
        },
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

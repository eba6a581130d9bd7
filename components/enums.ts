// The closed sets of values the component accepts. Each is an `as const` object
// with a union type of the same name: the compiler catches a typo, and Pulumi's
// schema inference turns each into an enum for other languages
// (scripts/check-schema.ts proves it). A leaf module: it imports nothing.

/** The platforms the component knows; each has a profile in `components/profiles/`. */
export const Platform = {
    /** The guide's OpenShift part: hostPath volumes, a Pod, a NodePort Service. */
    OpenShift: "openshift",
    /** The guide's GKE part: RBAC, a Deployment, a LoadBalancer Service. */
    Gke: "gke",
} as const;
/** One of {@link Platform}'s values. */
export type Platform = (typeof Platform)[keyof typeof Platform];

/** How the browser reaches the app, which decides the sandbox URLs a 1.x release hands it. */
export const BrowserAccess = {
    /** Through the Service: the LoadBalancer's port, the pinned NodePort, or the Route's HTTPS port when a Route is made. */
    Service: "service",
    /** Through `kubectl port-forward` of the proxy's port to the same local port. */
    PortForward: "portForward",
} as const;
/** One of {@link BrowserAccess}'s values. */
export type BrowserAccess = (typeof BrowserAccess)[keyof typeof BrowserAccess];

/** The kinds of workload that can run the app. */
export const WorkloadKind = {
    /** A bare Pod, as the guide's OpenShift part creates. */
    Pod: "Pod",
    /** An `apps/v1` Deployment, as the guide's GKE part creates. */
    Deployment: "Deployment",
} as const;
/** One of {@link WorkloadKind}'s values. */
export type WorkloadKind = (typeof WorkloadKind)[keyof typeof WorkloadKind];

/** Where the Docker daemon that runs the sandboxes comes from. */
export const DockerEngine = {
    /** The node's `/var/run/docker.sock`, as the guide mounts it. Needs a node that runs Docker. */
    HostSocket: "hostSocket",
    /** A privileged Docker daemon sidecar in the app's pod (works on containerd-only nodes such as GKE's). */
    Dind: "dind",
} as const;
/** One of {@link DockerEngine}'s values. */
export type DockerEngine = (typeof DockerEngine)[keyof typeof DockerEngine];

/**
 * What the app's pod reports as its Docker engine when it has none: with `sandboxes: pods`
 * the sandboxes are pods of their own and no Docker daemon runs anywhere in the stack.
 * Not a value of the `dockerEngine` setting.
 */
export const NO_DOCKER_ENGINE = "none";

/** Where the sandboxes of a 1.x release run. */
export const SandboxMode = {
    /** Docker containers started by the app, in a Docker daemon of the stack (see `dockerEngine`). */
    Docker: "docker",
    /**
     * One pod per sandbox (a kubernetes-sigs/agent-sandbox `Sandbox`), started by the stack's
     * runtime API adapter: no privileged container, no hostPath, no Docker socket.
     */
    Pods: "pods",
} as const;
/** One of {@link SandboxMode}'s values. */
export type SandboxMode = (typeof SandboxMode)[keyof typeof SandboxMode];

/** Who provides agent-sandbox (its CRDs and controller) in the pods mode. */
export const AgentSandboxInstall = {
    /** The component installs the CRDs and the controller at the pinned release. */
    Install: "install",
    /** An installation the cluster already has (GKE's managed add-on, or one of its own): the component makes none. */
    Existing: "existing",
} as const;
/** One of {@link AgentSandboxInstall}'s values. */
export type AgentSandboxInstall = (typeof AgentSandboxInstall)[keyof typeof AgentSandboxInstall];

/** How much Kubernetes API access the app's ServiceAccount gets (the guide's four rules). */
export const RbacScope = {
    /** The guide's ClusterRole and ClusterRoleBinding: the rules in every namespace. */
    Cluster: "cluster",
    /** The guide's ClusterRole, bound by a RoleBinding in the app's namespace only. */
    Namespace: "namespace",
    /** No RBAC and no API token in the pod. */
    None: "none",
} as const;
/** One of {@link RbacScope}'s values. */
export type RbacScope = (typeof RbacScope)[keyof typeof RbacScope];

/** The Pod Security Standards levels, most permissive first. */
export const PodSecurityLevel = {
    /** No restriction. */
    Privileged: "privileged",
    /** Prevents known privilege escalations (no privileged containers, host namespaces or hostPath). */
    Baseline: "baseline",
    /** Current pod-hardening practice (non-root, no capabilities, seccomp). */
    Restricted: "restricted",
} as const;
/** One of {@link PodSecurityLevel}'s values. */
export type PodSecurityLevel = (typeof PodSecurityLevel)[keyof typeof PodSecurityLevel];

/** The Kubernetes Service types the profiles use. */
export const ServiceType = {
    /** A port on every node (the guide's OpenShift part). */
    NodePort: "NodePort",
    /** A cloud load balancer (the guide's GKE part). */
    LoadBalancer: "LoadBalancer",
    /** Inside the cluster only: the way in of `browserAccess: portForward`. */
    ClusterIP: "ClusterIP",
} as const;
/** One of {@link ServiceType}'s values. */
export type ServiceType = (typeof ServiceType)[keyof typeof ServiceType];

/** Release channels GKE offers. */
export const ReleaseChannel = {
    /** Newest versions first. */
    Rapid: "RAPID",
    /** The default balance of new and proven. */
    Regular: "REGULAR",
    /** Proven versions only. */
    Stable: "STABLE",
    /** Stable, with extended support. */
    Extended: "EXTENDED",
} as const;
/** One of {@link ReleaseChannel}'s values. */
export type ReleaseChannel = (typeof ReleaseChannel)[keyof typeof ReleaseChannel];

/** The values of a closed set, for messages and checks. */
export function valuesOf<T extends Record<string, string>>(set: T): ReadonlyArray<T[keyof T]> {
    return Object.values(set) as Array<T[keyof T]>;
}

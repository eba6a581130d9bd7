/**
 * What the builders read: the component's arguments with every default applied
 * and every value checked, plus the few facts derived from them. Types only; it
 * imports no code of ours, so any module may depend on it without a circle.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ContainerResources, FlatArgs } from "../args";
import type { DockerEngine, NO_DOCKER_ENGINE, Platform, ServiceType } from "../enums";
import type { Generation, Release } from "../releases";
import type { DefaultedKey } from "./catalog";

/** Requests and limits of one container, all set. */
export type ResolvedResources = Required<ContainerResources>;

/** What a platform fixes about the shape of the deployment. */
export interface PlatformProfile {
    /** The `platform` value that selects this profile. */
    readonly platform: Platform;
    /** Type of the Service in front of the app. */
    readonly serviceType: ServiceType;
    /** Where the app container sees its workspace (also `WORKSPACE_MOUNT_PATH`). */
    readonly workspaceMountPath: string;
    /** `claim`: hostPath PersistentVolumes bound to claims; `emptyDir`: scratch space of the pod. */
    readonly workspaceVolume: "claim" | "emptyDir";
    /** `claim`: the socket comes through a hostPath PV and claim; `hostPath`: a hostPath volume of type Socket. */
    readonly dockerSocketVolume: "claim" | "hostPath";
    /** Where the state volume comes from: a bound hostPath PV, or the cluster's default StorageClass. */
    readonly stateVolume: "hostPathClaim" | "dynamicClaim";
    /** Whether the profile can mount a Google service-account key. */
    readonly googleCredentials: boolean;
}

/** The Kubernetes name of every object the component can create. */
export interface KubernetesNames {
    /** The workload, its `app` label, and the dedicated ServiceAccount. */
    readonly app: string;
    /** The Service in front of the app. */
    readonly service: string;
    /** The workspace hostPath PersistentVolume (openshift). */
    readonly workspaceVolume: string;
    /** The workspace claim. */
    readonly workspaceClaim: string;
    /** The Docker-socket hostPath PersistentVolume (openshift, hostSocket). */
    readonly dockerVolume: string;
    /** The Docker-socket claim. */
    readonly dockerClaim: string;
    /** The state hostPath PersistentVolume (openshift). */
    readonly stateVolume: string;
    /** The state claim. */
    readonly stateClaim: string;
    /** The guide's ClusterRole (`rbacScope` cluster or namespace). */
    readonly clusterRole: string;
    /** Its ClusterRoleBinding. */
    readonly clusterRoleBinding: string;
    /** The RoleBinding of the ClusterRole in the app's namespace (`rbacScope: namespace`). */
    readonly roleBinding: string;
    /** The Secret with the Google key. */
    readonly googleCredentialsSecret: string;
    /** The Secret with the LLM API key. */
    readonly llmSecret: string;
    /** The troubleshooting Deployment. */
    readonly troubleshooting: string;
    /** The NetworkPolicy. */
    readonly networkPolicy: string;
    /** The proxy's ConfigMap, before the suffix that changes with its content (1.x). */
    readonly proxyConfig: string;
    /** The runtime API adapter (`sandboxes: pods`): its Deployment, ServiceAccount, Service, Role and RoleBinding. */
    readonly adapter: string;
    /** The Secret with the key the app and the adapter share. */
    readonly adapterApiKey: string;
    /** The adapter's code ConfigMap, before the suffix that changes with its content. */
    readonly adapterCode: string;
}

/** The release the component deploys, resolved from `openhandsVersion` and `appImage`. */
export interface ResolvedRelease {
    /** The version, `major.minor.patch`. */
    readonly version: string;
    /** Its generation. */
    readonly generation: Generation;
    /** Its row of the release table, when the table pins it. */
    readonly pinned?: Release;
    /** 1.7 and later keep the LLM settings nested under `agent_settings.llm` in settings.json; older ones flat. */
    readonly nestedSettings: boolean;
}

/** Args with a default: always set once resolved. */
type Defaulted = { readonly [K in DefaultedKey]-?: NonNullable<FlatArgs[K]> };
/** Args without a default: set only when the user set them. */
type Optional = { readonly [K in Exclude<keyof FlatArgs, DefaultedKey | "cluster">]?: FlatArgs[K] };
/** Args whose default the release decides: always set once resolved. */
type ByRelease = "appImage" | "dockerEngine" | "sandboxNamespace";

/** The resolved settings: what every builder reads. */
export interface OpenHandsSettings extends Omit<Defaulted, "resources" | "createNamespace">, Omit<Optional, "googleCredentials" | ByRelease> {
    /** The release and its generation. */
    readonly release: ResolvedRelease;
    /** Image of the app container: the user's, else the release table's. */
    readonly appImage: pulumi.Input<string>;
    /**
     * Where the Docker daemon comes from: the user's choice, else the release's and platform's default;
     * `none` with `sandboxes: pods`, where no Docker daemon runs.
     */
    readonly dockerEngine: DockerEngine | typeof NO_DOCKER_ENGINE;
    /** The namespace of the sandbox pods (`sandboxes: pods`): the user's, else `<namespace>-sandboxes`. */
    readonly sandboxNamespace?: string;
    /** The platform's fixed choices. */
    readonly profile: PlatformProfile;
    /**
     * Type of the Service in front of the app: the profile's, except `ClusterIP` when the browser
     * comes in through `kubectl port-forward` (a 1.x release with `browserAccess: portForward`),
     * which needs no port on the nodes and no load balancer.
     */
    readonly serviceType: ServiceType;
    /** Names of the Kubernetes objects. */
    readonly names: KubernetesNames;
    /** Whether the component creates the namespace (never a built-in one, nor one passed as an output). */
    readonly createNamespace: boolean;
    /** Requests and limits of each container, defaults merged in. */
    readonly resources: {
        readonly app: ResolvedResources; readonly sandbox: ResolvedResources; readonly dind: ResolvedResources;
        readonly proxy: ResolvedResources; readonly adapter: ResolvedResources; readonly agentServer: ResolvedResources;
    };
    /** The ServiceAccount the workload runs as. */
    readonly serviceAccountName: pulumi.Input<string>;
    /** Whether the component creates that ServiceAccount. */
    readonly createServiceAccount: boolean;
    /** The Google key, when given and the profile mounts it. */
    readonly googleCredentials?: pulumi.Input<string>;
}

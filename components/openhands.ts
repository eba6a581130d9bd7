import { randomBytes } from "crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { OpenHandsArgs } from "./args";
import { AgentSandboxInstall, BrowserAccess, RbacScope, ServiceType, WorkloadKind } from "./enums";
import { Generation } from "./releases";
import { APP_PORT, GKE } from "./guide";
import { browserPort, browserUrlHint, PROXY_PORT, servicePort } from "./builders/access";
import { credentialsSecretManifest } from "./builders/credentials";
import { namespaceManifest } from "./builders/namespace";
import { networkPolicyManifest, routeManifest, serviceManifest } from "./builders/network";
import { troubleshootingManifest, verifyCommands } from "./builders/operations";
import {
    clusterRoleBindingManifest, clusterRoleManifest, roleBindingManifest, sccRoleBindingManifest,
    serviceAccountManifest,
} from "./builders/rbac";
import { proxyConfigMapManifest } from "./builders/proxy-pod";
import { seedsSettings, settingsSecretManifest } from "./builders/settings-seed";
import { dataProtection, storagePlan } from "./builders/storage";
import { deploymentManifest, podManifest } from "./builders/workload";
import { podSecurityLabels } from "./checks/namespace-security";
import type * as gkeCluster from "./gke/cluster";
import type * as workloadIdentity from "./gke/workload-identity";
import { preflight } from "./preflight";
import type { OpenHandsSettings } from "./settings/types";
import {
    adapterApiKeySecretManifest, adapterCodeConfigMapManifest, adapterDeploymentManifest, adapterNetworkPolicyManifest,
    adapterRoleBindingManifest, adapterRoleManifest, adapterServiceAccountManifest, adapterServiceManifest, isPods,
} from "./sandboxes/adapter";
import { adapterCode } from "./sandboxes/adapter-code";
import {
    agentSandboxClusterRoleBindingManifest, agentSandboxClusterRoleManifest, agentSandboxDeploymentManifest,
    agentSandboxNamespaceManifest, agentSandboxServiceAccountManifest,
} from "./sandboxes/agent-sandbox";
import { sandboxNamespaceManifest, sandboxNetworkPolicyManifest, sandboxQuotaManifest } from "./sandboxes/sandbox-namespace";

/** Type token of the component. */
export const OPENHANDS_TYPE = "openhands:index:OpenHands";

/** Secret fields of a Kubernetes Secret, kept secret in state whatever the input was. */
const SECRET_DATA = { additionalSecretOutputs: ["data", "stringData"] };

/**
 * The GKE modules load `@pulumi/gcp`, a large SDK that an OpenShift deployment never
 * uses: they are loaded only when a GKE resource is about to be made.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const loadGkeCluster = (): typeof gkeCluster => require("./gke/cluster") as typeof gkeCluster;
const loadWorkloadIdentity = (): typeof workloadIdentity => require("./gke/workload-identity") as typeof workloadIdentity;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Earlier releases created these as top-level resources of the program; the aliases keep them in place. */
const FORMERLY_TOP_LEVEL: pulumi.Alias[] = [{ parent: pulumi.rootStackResource }];

/**
 * The whole OpenHands stack on Kubernetes: optionally a GKE cluster, then the
 * namespace, storage, RBAC, secrets, the app workload and its Service, shaped by
 * the platform profile that `args.platform` selects.
 *
 * Every argument is checked before anything is registered (values that arrive as
 * outputs, as soon as they are known). Pass a Kubernetes provider in `opts` to
 * deploy to a cluster other than the current kubeconfig's; with `args.cluster` the
 * component makes the cluster and its provider itself.
 */
export class OpenHands extends pulumi.ComponentResource {
    /** Namespace of the namespaced objects. */
    public readonly namespace: pulumi.Output<string>;
    /** Name of the Pod or Deployment that runs the app. */
    public readonly workloadName: pulumi.Output<string>;
    /** Kind of that workload: `Pod` or `Deployment`. */
    public readonly workloadKind: pulumi.Output<string>;
    /** Name of the Service in front of the app. */
    public readonly serviceName: pulumi.Output<string>;
    /** Type of that Service: `NodePort`, `LoadBalancer`, or `ClusterIP` with `browserAccess: portForward`. */
    public readonly serviceType: pulumi.Output<string>;
    /** Node port that reaches the app's port 3000 (LoadBalancer Services have one too). */
    public readonly nodePort: pulumi.Output<number>;
    /** IP or host name of the load balancer; empty for a NodePort Service. */
    public readonly loadBalancerAddress: pulumi.Output<string>;
    /** ServiceAccount the app runs as. */
    public readonly serviceAccountName: pulumi.Output<string>;
    /** Where the Docker daemon comes from: `hostSocket` or `dind`. */
    public readonly dockerEngine: pulumi.Output<string>;
    /** The OpenHands release deployed, `major.minor.patch`. */
    public readonly openhandsVersion: pulumi.Output<string>;
    /** How to open the UI for this stack, in one line. */
    public readonly uiAccess: pulumi.Output<string>;
    /** The commands that verify this stack and reach its UI (the guide's unwritten step 4). */
    public readonly verifyCommands: pulumi.Output<string[]>;
    /** Name of the GKE cluster, when the component created one; empty otherwise. */
    public readonly clusterName: pulumi.Output<string>;
    /** Kubeconfig of that cluster (secret), when the component created one; empty otherwise. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** The Namespace object, when the component created it (see `createNamespace`). */
    public readonly namespaceResource?: k8s.core.v1.Namespace;
    /** The Pod that runs the app, when `workload` is `Pod`. */
    public readonly appPod?: k8s.core.v1.Pod;
    /** The Deployment that runs the app, when `workload` is `Deployment`. */
    public readonly appDeployment?: k8s.apps.v1.Deployment;
    /** The Service in front of the app. */
    public readonly appService: k8s.core.v1.Service;

    constructor(name: string, args: OpenHandsArgs, opts?: pulumi.ComponentResourceOptions) {
        // Resolve and check everything first: a bad value stops the run before any registration.
        const { settings, warnings } = preflight(name, args);
        const namespaceLabels = podSecurityLabels(settings);
        super(OPENHANDS_TYPE, name, {}, opts);
        for (const warning of warnings) void pulumi.log.warn(warning, this);

        const cluster = args.gke?.cluster;
        // The cluster and everything of it (node pool, node account, provider) are protected: no config
        // change (createCluster false, a new location or name) may delete them with everything on them.
        const gke = cluster === undefined ? undefined
            : new (loadGkeCluster().GkeCluster)(`${name}-gke`, cluster, { parent: this, aliases: FORMERLY_TOP_LEVEL, protect: true });
        const base: pulumi.CustomResourceOptions = { parent: this, ...(gke ? { provider: gke.provider } : {}) };

        const plan = storagePlan(settings);
        const keep = dataProtection(settings);
        const holdsData = plan.some((planned) => planned.keepsData);
        const namespace = settings.createNamespace
            ? new k8s.core.v1.Namespace(`${name}-namespace`, namespaceManifest(settings, namespaceLabels),
                { ...base, ...(holdsData ? keep : {}) })
            : undefined;
        const inNamespace = (...after: pulumi.Resource[]): pulumi.CustomResourceOptions =>
            ({ ...base, dependsOn: [...(namespace ? [namespace] : []), ...after] });

        const storage: pulumi.Resource[] = [];
        for (const planned of plan) {
            const guard = planned.keepsData ? keep : {};
            const volume = planned.volume
                ? new k8s.core.v1.PersistentVolume(`${name}-${planned.role}-pv`, planned.volume, { ...base, ...guard })
                : undefined;
            storage.push(...(volume ? [volume] : []), new k8s.core.v1.PersistentVolumeClaim(
                `${name}-${planned.role}-pvc`, planned.claim, { ...inNamespace(...(volume ? [volume] : [])), ...guard }));
        }

        const access = this.createAccess(name, settings, base, inNamespace());
        /** The Secrets and ConfigMap the pod mounts: made before it. */
        const mounted: pulumi.Resource[] = [];
        if (settings.googleCredentials !== undefined) {
            mounted.push(new k8s.core.v1.Secret(`${name}-google-credentials`,
                credentialsSecretManifest(settings, settings.googleCredentials), { ...inNamespace(), ...SECRET_DATA }));
        }
        if (seedsSettings(settings)) {
            mounted.push(new k8s.core.v1.Secret(`${name}-llm`, settingsSecretManifest(settings), { ...inNamespace(), ...SECRET_DATA }));
        }
        if (settings.release.generation === Generation.V1) {
            mounted.push(new k8s.core.v1.ConfigMap(`${name}-proxy-config`, proxyConfigMapManifest(settings),
                inNamespace()));
        }

        // The pods mode: agent-sandbox, the sandbox namespace and the runtime API adapter, before the app that calls it.
        const sandboxRuntime = isPods(settings) ? this.createSandboxRuntime(name, settings, base, inNamespace) : [];

        const workloadOpts = inNamespace(...storage, ...access, ...mounted, ...sandboxRuntime);
        const workload = settings.workload === WorkloadKind.Deployment
            ? new k8s.apps.v1.Deployment(`${name}-app`, deploymentManifest(settings), workloadOpts)
            : new k8s.core.v1.Pod(`${name}-app`, podManifest(settings), workloadOpts);

        if (settings.troubleshooting) {
            new k8s.apps.v1.Deployment(`${name}-troubleshooting`, troubleshootingManifest(settings), inNamespace());
        }

        const service = new k8s.core.v1.Service(`${name}-service`, serviceManifest(settings), inNamespace());
        if (settings.networkPolicy) {
            new k8s.networking.v1.NetworkPolicy(`${name}-network-policy`, networkPolicyManifest(settings), inNamespace());
        }
        if (settings.route) {
            new k8s.apiextensions.CustomResource(`${name}-route`,
                routeManifest(settings) as k8s.apiextensions.CustomResourceArgs, inNamespace(service));
        }

        const workloadIdentityProject = args.gke?.gcpProject ?? cluster?.project;
        if (settings.gcpServiceAccount !== undefined && workloadIdentityProject !== undefined) {
            loadWorkloadIdentity().workloadIdentityBinding(`${name}-workload-identity`, {
                clusterProject: workloadIdentityProject,
                gcpServiceAccount: settings.gcpServiceAccount,
                namespace: settings.namespace,
                kubernetesServiceAccount: settings.serviceAccountName,
            }, { parent: this, aliases: FORMERLY_TOP_LEVEL, dependsOn: gke ? [gke] : [] });
        }

        this.namespaceResource = namespace;
        if (workload instanceof k8s.apps.v1.Deployment) this.appDeployment = workload;
        else this.appPod = workload;
        this.appService = service;
        this.namespace = namespace ? namespace.metadata.name : pulumi.output(settings.namespace);
        this.workloadName = workload.metadata.name;
        this.workloadKind = pulumi.output(settings.workload);
        this.serviceName = service.metadata.name;
        this.serviceType = pulumi.output(settings.serviceType);
        this.nodePort = service.spec.ports.apply((ports) => ports[0]?.nodePort ?? 0);
        this.loadBalancerAddress = service.status.apply((status) => {
            const ingress = status?.loadBalancer?.ingress?.[0];
            return ingress?.ip ?? ingress?.hostname ?? "";
        });
        this.serviceAccountName = pulumi.output(settings.serviceAccountName);
        this.dockerEngine = pulumi.output(settings.dockerEngine);
        this.openhandsVersion = pulumi.output(settings.release.version);
        this.uiAccess = uiAccessHint(settings, this.namespace, this.nodePort, this.loadBalancerAddress);
        this.verifyCommands = this.namespace.apply((ns) => verifyCommands(settings, ns));
        this.clusterName = gke ? gke.clusterName : pulumi.output("");
        this.kubeconfig = gke ? gke.kubeconfig : pulumi.output("");

        this.registerOutputs({
            namespace: this.namespace,
            workloadName: this.workloadName,
            workloadKind: this.workloadKind,
            serviceName: this.serviceName,
            serviceType: this.serviceType,
            nodePort: this.nodePort,
            loadBalancerAddress: this.loadBalancerAddress,
            serviceAccountName: this.serviceAccountName,
            dockerEngine: this.dockerEngine,
            openhandsVersion: this.openhandsVersion,
            uiAccess: this.uiAccess,
            verifyCommands: this.verifyCommands,
            clusterName: this.clusterName,
            kubeconfig: this.kubeconfig,
        });
    }

    /**
     * The pods mode's own objects: agent-sandbox (unless the cluster has it), the sandbox namespace
     * with its quota and network policy, and the runtime API adapter with its key, identity, code,
     * Deployment and Service. Returns what the app's pod needs to exist first.
     */
    private createSandboxRuntime(
        name: string, settings: OpenHandsSettings, base: pulumi.CustomResourceOptions,
        inNamespace: (...after: pulumi.Resource[]) => pulumi.CustomResourceOptions,
    ): pulumi.Resource[] {
        const agentSandbox = settings.agentSandbox === AgentSandboxInstall.Install ? this.installAgentSandbox(name, settings, base) : [];
        const namespace = new k8s.core.v1.Namespace(`${name}-sandbox-namespace`, sandboxNamespaceManifest(settings), base);
        const inSandboxNamespace = (...after: pulumi.Resource[]): pulumi.CustomResourceOptions =>
            ({ ...base, dependsOn: [namespace, ...after] });
        new k8s.core.v1.ResourceQuota(`${name}-sandbox-quota`, sandboxQuotaManifest(settings), inSandboxNamespace(...agentSandbox));
        if (settings.networkPolicy) {
            new k8s.networking.v1.NetworkPolicy(`${name}-sandbox-network-policy`, sandboxNetworkPolicyManifest(settings), inSandboxNamespace());
            new k8s.networking.v1.NetworkPolicy(`${name}-sandbox-api-network-policy`, adapterNetworkPolicyManifest(settings), inNamespace());
        }
        // A fresh key on the first deployment only: both pods read it from the Secret, so the program never needs it again
        // (`pulumi up --replace` on the Secret rotates it).
        const key = new k8s.core.v1.Secret(`${name}-sandbox-api-key`,
            adapterApiKeySecretManifest(settings, pulumi.secret(randomBytes(32).toString("base64url"))),
            { ...inNamespace(), ...SECRET_DATA, ignoreChanges: ["data"] });
        const account = new k8s.core.v1.ServiceAccount(`${name}-sandbox-api`, adapterServiceAccountManifest(settings), inNamespace());
        const role = new k8s.rbac.v1.Role(`${name}-sandbox-api`, adapterRoleManifest(settings), inSandboxNamespace());
        const binding = new k8s.rbac.v1.RoleBinding(`${name}-sandbox-api`, adapterRoleBindingManifest(settings),
            inSandboxNamespace(role, account));
        const code = new k8s.core.v1.ConfigMap(`${name}-sandbox-api-code`, adapterCodeConfigMapManifest(settings, adapterCode()), inNamespace());
        const adapter = new k8s.apps.v1.Deployment(`${name}-sandbox-api`, adapterDeploymentManifest(settings, code.metadata.name),
            inNamespace(key, account, binding, code, ...agentSandbox));
        const service = new k8s.core.v1.Service(`${name}-sandbox-api`, adapterServiceManifest(settings), inNamespace());
        return [key, adapter, service];
    }

    /** agent-sandbox at the pinned release: its CRDs (server-side applied from their files), its controller and RBAC. */
    private installAgentSandbox(name: string, settings: OpenHandsSettings, base: pulumi.CustomResourceOptions): pulumi.Resource[] {
        const crds = new k8s.yaml.v2.ConfigGroup(`${name}-agent-sandbox-crds`, { files: [...settings.agentSandboxCrds] }, base);
        const namespace = new k8s.core.v1.Namespace(`${name}-agent-sandbox-namespace`, agentSandboxNamespaceManifest(settings.profile.platform), base);
        const inNamespace = (...after: pulumi.Resource[]): pulumi.CustomResourceOptions => ({ ...base, dependsOn: [namespace, ...after] });
        const account = new k8s.core.v1.ServiceAccount(`${name}-agent-sandbox-controller`, agentSandboxServiceAccountManifest(), inNamespace());
        const role = new k8s.rbac.v1.ClusterRole(`${name}-agent-sandbox-controller`, agentSandboxClusterRoleManifest(), base);
        const binding = new k8s.rbac.v1.ClusterRoleBinding(`${name}-agent-sandbox-controller`, agentSandboxClusterRoleBindingManifest(),
            { ...base, dependsOn: [role, account] });
        const controller = new k8s.apps.v1.Deployment(`${name}-agent-sandbox-controller`,
            agentSandboxDeploymentManifest(settings.agentSandboxImage, settings.profile.platform), inNamespace(crds, binding));
        return [crds, controller];
    }

    /**
     * The app's ServiceAccount and its rights: the guide's four rules cluster-wide, in the
     * namespace, or not at all; and on OpenShift, the SCC it is allowed to use.
     */
    private createAccess(
        name: string, settings: OpenHandsSettings, base: pulumi.CustomResourceOptions, opts: pulumi.CustomResourceOptions,
    ): pulumi.Resource[] {
        const made: pulumi.Resource[] = [];
        if (settings.createServiceAccount) {
            made.push(new k8s.core.v1.ServiceAccount(`${name}-service-account`, serviceAccountManifest(settings), opts));
        }
        const after = (...more: pulumi.Resource[]): pulumi.CustomResourceOptions =>
            ({ ...opts, dependsOn: [...toArray(opts.dependsOn), ...made, ...more] });
        if (settings.rbacScope === RbacScope.Cluster) {
            const role = new k8s.rbac.v1.ClusterRole(`${name}-cluster-role`, clusterRoleManifest(settings), base);
            made.push(role, new k8s.rbac.v1.ClusterRoleBinding(`${name}-cluster-role-binding`,
                clusterRoleBindingManifest(settings), after(role)));
        } else if (settings.rbacScope === RbacScope.Namespace) {
            const role = new k8s.rbac.v1.ClusterRole(`${name}-cluster-role`, clusterRoleManifest(settings), base);
            made.push(role, new k8s.rbac.v1.RoleBinding(`${name}-role-binding`, roleBindingManifest(settings), after(role)));
        }
        if (settings.openshiftScc !== undefined) {
            made.push(new k8s.rbac.v1.RoleBinding(`${name}-scc`,
                sccRoleBindingManifest(settings, settings.openshiftScc), after()));
        }
        return made;
    }
}

/** A `dependsOn` option as an array. */
function toArray(deps: pulumi.CustomResourceOptions["dependsOn"]): pulumi.Input<pulumi.Resource>[] {
    if (deps === undefined) return [];
    return Array.isArray(deps) ? deps : [deps as pulumi.Input<pulumi.Resource>];
}

/** One line that tells how to reach the UI of this stack. */
function uiAccessHint(
    settings: OpenHandsSettings, namespace: pulumi.Output<string>, nodePort: pulumi.Output<number>,
    address: pulumi.Output<string>,
): pulumi.Output<string> {
    return pulumi.all([namespace, nodePort, address, browserPort(settings)]).apply(([ns, port, ip, browser]) => {
        const forwardTo = (local: number, remote: number) =>
            `kubectl -n ${ns} port-forward svc/${settings.names.service} ${local}:${remote}, then http://localhost:${local}/`;
        const remote = servicePort(settings);
        if (settings.release.generation === Generation.V1) {
            // The sandbox URLs carry the browser's port: only the way in they were made for works.
            if (settings.browserAccess === BrowserAccess.PortForward) return forwardTo(PROXY_PORT, remote);
            const url = browserUrlHint(settings, browser);
            return ip ? url.replace("<load balancer address>", ip) : url;
        }
        if (settings.profile.serviceType === ServiceType.LoadBalancer) {
            return ip ? `http://${ip}:${GKE.httpPort}/` : forwardTo(APP_PORT, GKE.httpPort);
        }
        return `http://<node-address>:${port}/ (any node), or ${forwardTo(APP_PORT, APP_PORT)}`;
    });
}

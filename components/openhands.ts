import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { OpenHandsArgs, RbacScope, WorkloadKind } from "./args";
import { OpenHandsSettings, resolveSettings } from "./config/resolve";
import { APP_PORT, GKE } from "./defaults";
import { credentialsSecretManifest, llmSecretManifest } from "./builders/credentials";
import { namespaceManifest } from "./builders/namespace";
import { networkPolicyManifest, routeManifest, serviceManifest } from "./builders/network";
import { troubleshootingManifest, verifyCommands } from "./builders/operations";
import {
    clusterRoleBindingManifest, clusterRoleManifest, roleBindingManifest, roleManifest, sccRoleBindingManifest,
    serviceAccountManifest,
} from "./builders/rbac";
import { storagePlan } from "./builders/storage";
import { deploymentManifest, podManifest } from "./builders/workload";

/** Type token of the component. */
export const OPENHANDS_TYPE = "openhands:index:OpenHands";

/** Secret fields of a Kubernetes Secret, kept secret in state whatever the input was. */
const SECRET_DATA = { additionalSecretOutputs: ["data", "stringData"] };

/**
 * The whole OpenHands stack on Kubernetes: namespace, storage, RBAC, secrets,
 * the app workload and its Service, shaped by the platform profile that
 * `args.platform` selects. Pass a Kubernetes provider in `opts` to deploy to a
 * cluster other than the current kubeconfig's.
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
    /** Type of that Service: `NodePort` or `LoadBalancer`. */
    public readonly serviceType: pulumi.Output<string>;
    /** Node port that reaches the app's port 3000 (LoadBalancer Services have one too). */
    public readonly nodePort: pulumi.Output<number>;
    /** IP or host name of the load balancer; empty for a NodePort Service. */
    public readonly loadBalancerAddress: pulumi.Output<string>;
    /** ServiceAccount the app runs as. */
    public readonly serviceAccountName: pulumi.Output<string>;
    /** Where the Docker daemon comes from: `hostSocket` or `dind`. */
    public readonly dockerEngine: pulumi.Output<string>;
    /** How to open the UI for this stack, in one line. */
    public readonly uiAccess: pulumi.Output<string>;
    /** The commands that verify this stack and reach its UI (the guide's unwritten step 4). */
    public readonly verifyCommands: pulumi.Output<string[]>;

    constructor(name: string, args: OpenHandsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(OPENHANDS_TYPE, name, {}, opts);
        const settings = resolveSettings(args);

        const namespace = settings.createNamespace
            ? new k8s.core.v1.Namespace(`${name}-namespace`, namespaceManifest(settings), { parent: this })
            : undefined;
        const inNamespace = (...after: pulumi.Resource[]): pulumi.CustomResourceOptions =>
            ({ parent: this, dependsOn: [...(namespace ? [namespace] : []), ...after] });

        const storage: pulumi.Resource[] = [];
        for (const planned of storagePlan(settings)) {
            const volume = planned.volume
                ? new k8s.core.v1.PersistentVolume(`${name}-${planned.role}-pv`, planned.volume, { parent: this })
                : undefined;
            storage.push(...(volume ? [volume] : []), new k8s.core.v1.PersistentVolumeClaim(
                `${name}-${planned.role}-pvc`, planned.claim, inNamespace(...(volume ? [volume] : []))));
        }

        const access = this.createAccess(name, settings, inNamespace());
        const secrets: pulumi.Resource[] = [];
        if (settings.googleCredentials !== undefined) {
            secrets.push(new k8s.core.v1.Secret(`${name}-google-credentials`,
                credentialsSecretManifest(settings, settings.googleCredentials), { ...inNamespace(), ...SECRET_DATA }));
        }
        if (settings.llmApiKey !== undefined) {
            secrets.push(new k8s.core.v1.Secret(`${name}-llm`,
                llmSecretManifest(settings, settings.llmApiKey), { ...inNamespace(), ...SECRET_DATA }));
        }

        const workloadOpts = inNamespace(...storage, ...access, ...secrets);
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

        this.namespace = pulumi.output(namespace ? namespace.metadata.name : settings.namespace);
        this.workloadName = workload.metadata.name;
        this.workloadKind = pulumi.output(settings.workload);
        this.serviceName = service.metadata.name;
        this.serviceType = pulumi.output(settings.profile.serviceType);
        this.nodePort = service.spec.ports.apply((ports) => ports[0]?.nodePort ?? 0);
        this.loadBalancerAddress = service.status.apply((status) => {
            const ingress = status?.loadBalancer?.ingress?.[0];
            return ingress?.ip ?? ingress?.hostname ?? "";
        });
        this.serviceAccountName = pulumi.output(settings.serviceAccount.name);
        this.dockerEngine = pulumi.output(settings.dockerEngine);
        this.uiAccess = uiAccessHint(settings, this.nodePort, this.loadBalancerAddress);
        this.verifyCommands = pulumi.output(verifyCommands(settings));

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
            uiAccess: this.uiAccess,
            verifyCommands: this.verifyCommands,
        });
    }

    /**
     * The app's ServiceAccount and its rights: the guide's four rules cluster-wide, in the
     * namespace, or not at all; and on OpenShift, the SCC it is allowed to use.
     */
    private createAccess(name: string, settings: OpenHandsSettings, opts: pulumi.CustomResourceOptions): pulumi.Resource[] {
        const made: pulumi.Resource[] = [];
        if (settings.serviceAccount.create) {
            made.push(new k8s.core.v1.ServiceAccount(`${name}-service-account`, serviceAccountManifest(settings), opts));
        }
        const afterAccount = { ...opts, dependsOn: [...toArray(opts.dependsOn), ...made] };
        if (settings.rbacScope === RbacScope.Cluster) {
            const role = new k8s.rbac.v1.ClusterRole(`${name}-cluster-role`, clusterRoleManifest(), { parent: this });
            made.push(role, new k8s.rbac.v1.ClusterRoleBinding(`${name}-cluster-role-binding`,
                clusterRoleBindingManifest(settings), { ...afterAccount, dependsOn: [...afterAccount.dependsOn, role] }));
        } else if (settings.rbacScope === RbacScope.Namespace) {
            const role = new k8s.rbac.v1.Role(`${name}-role`, roleManifest(settings), opts);
            made.push(role, new k8s.rbac.v1.RoleBinding(`${name}-role-binding`,
                roleBindingManifest(settings), { ...afterAccount, dependsOn: [...afterAccount.dependsOn, role] }));
        }
        if (settings.openshiftScc !== undefined) {
            made.push(new k8s.rbac.v1.RoleBinding(`${name}-scc`,
                sccRoleBindingManifest(settings, settings.openshiftScc), afterAccount));
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
    settings: OpenHandsSettings, nodePort: pulumi.Output<number>, address: pulumi.Output<string>,
): pulumi.Output<string> {
    const forward = `kubectl -n ${settings.namespace} port-forward svc/${settings.profile.serviceName} ${APP_PORT}:`;
    if (settings.profile.serviceType === "LoadBalancer") {
        return address.apply((ip) => ip
            ? `http://${ip}:${GKE.httpPort}/`
            : `${forward}${GKE.httpPort}, then http://localhost:${APP_PORT}/`);
    }
    return nodePort.apply((port) =>
        `http://<node-address>:${port}/ (any node), or ${forward}${APP_PORT}, then http://localhost:${APP_PORT}/`);
}

import { Platform } from "../enums";
import { APP_NAME, GKE, LLM_SECRET, OPENSHIFT, STATE, TROUBLESHOOTING, WORKSPACE_CLAIM } from "../guide";
import type { KubernetesNames } from "./types";

/**
 * The guide's names: what the stacks deploy, so `oc`/`kubectl` commands from the
 * guide work unchanged. Cluster-scoped ones (PVs, the ClusterRole) collide when two
 * instances share a cluster.
 */
export function guideNames(platform: Platform): KubernetesNames {
    return {
        app: APP_NAME,
        service: platform === Platform.OpenShift ? OPENSHIFT.serviceName : GKE.serviceName,
        workspaceVolume: OPENSHIFT.workspacePvName,
        workspaceClaim: platform === Platform.OpenShift ? OPENSHIFT.workspacePvcName : WORKSPACE_CLAIM.name,
        dockerVolume: OPENSHIFT.dockerPvName,
        dockerClaim: OPENSHIFT.dockerPvcName,
        stateVolume: STATE.openshiftPvName,
        stateClaim: STATE.claimName,
        clusterRole: GKE.clusterRoleName,
        clusterRoleBinding: GKE.clusterRoleBindingName,
        roleBinding: GKE.clusterRoleBindingName,
        googleCredentialsSecret: GKE.credentialsSecretName,
        llmSecret: LLM_SECRET.name,
        troubleshooting: TROUBLESHOOTING.name,
        networkPolicy: `${APP_NAME}-ingress`,
        proxyConfig: "openhands-proxy",
        adapter: "openhands-sandbox-api",
        adapterApiKey: "openhands-sandbox-api-key",
        adapterCode: "openhands-sandbox-api-code",
    };
}

/**
 * Names derived from the component's name (`<name>`, `<name>-workspace`, ...), so each
 * instance's objects are its own. Cluster-scoped objects (PVs, the ClusterRole and its
 * binding) also carry the namespace when it is known, so two instances of the same name
 * in two namespaces, say two stacks of this program, never collide.
 */
export function derivedNames(name: string, namespace?: string): KubernetesNames {
    const scoped = namespace === undefined || namespace === name ? name : `${namespace}-${name}`;
    return {
        app: name,
        service: name,
        workspaceVolume: `${scoped}-workspace`,
        workspaceClaim: `${name}-workspace`,
        dockerVolume: `${scoped}-docker-socket`,
        dockerClaim: `${name}-docker-socket`,
        stateVolume: `${scoped}-state`,
        stateClaim: `${name}-state`,
        clusterRole: `${scoped}-privileged`,
        clusterRoleBinding: `${scoped}-privileged`,
        roleBinding: `${name}-privileged`,
        googleCredentialsSecret: `${name}-google-credentials`,
        llmSecret: `${name}-llm`,
        troubleshooting: `${name}-troubleshooting`,
        networkPolicy: `${name}-ingress`,
        proxyConfig: `${name}-proxy`,
        adapter: `${name}-sandbox-api`,
        adapterApiKey: `${name}-sandbox-api-key`,
        adapterCode: `${name}-sandbox-api-code`,
    };
}

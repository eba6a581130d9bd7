/** What a kubeconfig for a GKE cluster needs to know. */
export interface GkeKubeconfigInput {
    /** Name of the context, cluster and user entries. */
    readonly contextName: string;
    /** The cluster's endpoint (an IP or host name, without scheme). */
    readonly endpoint: string;
    /** The cluster's CA certificate, base64-encoded PEM, as GKE reports it. */
    readonly clusterCaCertificate: string;
}

/**
 * A kubeconfig (JSON, which kubectl and the Kubernetes provider both read)
 * that authenticates through `gke-gcloud-auth-plugin`, as GKE requires since 1.26.
 * It holds no credential of its own.
 */
export function gkeKubeconfig(input: GkeKubeconfigInput): string {
    const name = input.contextName;
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{
            name,
            cluster: { server: `https://${input.endpoint}`, "certificate-authority-data": input.clusterCaCertificate },
        }],
        users: [{
            name,
            user: {
                exec: {
                    apiVersion: "client.authentication.k8s.io/v1beta1",
                    command: "gke-gcloud-auth-plugin",
                    installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
                    provideClusterInfo: true,
                    interactiveMode: "Never",
                },
            },
        }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
    }, null, 2);
}

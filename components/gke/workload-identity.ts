import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link workloadIdentityBinding}. */
export interface WorkloadIdentityArgs {
    /** Project of the GKE cluster, whose pool (`<project>.svc.id.goog`) the ServiceAccount belongs to. */
    readonly clusterProject: string;
    /** E-mail of the Google service account the app acts as. */
    readonly gcpServiceAccount: string;
    /** Namespace of the Kubernetes ServiceAccount. */
    readonly namespace: string;
    /** Name of the Kubernetes ServiceAccount. */
    readonly kubernetesServiceAccount: string;
}

/** The IAM member string of a Kubernetes ServiceAccount in a project's Workload Identity pool. */
export function workloadIdentityMember(args: WorkloadIdentityArgs): string {
    return `serviceAccount:${args.clusterProject}.svc.id.goog[${args.namespace}/${args.kubernetesServiceAccount}]`;
}

/**
 * Lets the app's Kubernetes ServiceAccount act as the Google service account
 * (`roles/iam.workloadIdentityUser`): the alternative to a JSON key in a Secret.
 */
export function workloadIdentityBinding(
    name: string, args: WorkloadIdentityArgs, opts?: pulumi.CustomResourceOptions,
): gcp.serviceaccount.IAMMember {
    const gsaProject = args.gcpServiceAccount.split("@")[1].split(".")[0];
    return new gcp.serviceaccount.IAMMember(name, {
        serviceAccountId: `projects/${gsaProject}/serviceAccounts/${args.gcpServiceAccount}`,
        role: "roles/iam.workloadIdentityUser",
        member: workloadIdentityMember(args),
    }, opts);
}

// The namespace, not the package's index (which loads all ~150 of GCP's namespaces).
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as pulumi from "@pulumi/pulumi";

/** What a Workload Identity binding ties together. */
export interface WorkloadIdentityArgs {
    /** Project of the GKE cluster, whose pool (`<project>.svc.id.goog`) the ServiceAccount belongs to. */
    readonly clusterProject: pulumi.Input<string>;
    /** E-mail of the Google service account the app acts as. */
    readonly gcpServiceAccount: pulumi.Input<string>;
    /** Namespace of the Kubernetes ServiceAccount. */
    readonly namespace: pulumi.Input<string>;
    /** Name of the Kubernetes ServiceAccount. */
    readonly kubernetesServiceAccount: pulumi.Input<string>;
}

/** The IAM member of a Kubernetes ServiceAccount in a project's Workload Identity pool. */
export function workloadIdentityMember(args: WorkloadIdentityArgs): pulumi.Output<string> {
    return pulumi.interpolate`serviceAccount:${args.clusterProject}.svc.id.goog[${args.namespace}/${args.kubernetesServiceAccount}]`;
}

/**
 * The Google service account as IAM names it. The project part is `-`: IAM finds the
 * account by its e-mail, which holds the project only for user-made accounts
 * (not for `...@developer.gserviceaccount.com` and other Google-managed domains).
 */
export function gcpServiceAccountId(email: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`projects/-/serviceAccounts/${email}`;
}

/**
 * Lets the app's Kubernetes ServiceAccount act as the Google service account
 * (`roles/iam.workloadIdentityUser`): the alternative to a JSON key in a Secret.
 */
export function workloadIdentityBinding(
    name: string, args: WorkloadIdentityArgs, opts?: pulumi.CustomResourceOptions,
): serviceaccount.IAMMember {
    return new serviceaccount.IAMMember(name, {
        serviceAccountId: gcpServiceAccountId(args.gcpServiceAccount),
        role: "roles/iam.workloadIdentityUser",
        member: workloadIdentityMember(args),
    }, opts);
}

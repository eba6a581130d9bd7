/**
 * The pull-request check, defined once: the setup steps, the stacks, the preview's
 * inputs and the policy pack. `npm run gen:workflow` renders the GitHub workflow from
 * it (`workflow.ts`), and `npm run preview:pr` runs the same steps here against the
 * local control plane (`run.ts`), so the two cannot say different things.
 *
 * Pure data: no I/O. The Pulumi CLI version comes from `scripts/e2e/versions.env`
 * (the engine the e2e suite runs), read by the callers.
 */

/** A GitHub action pinned to a commit, with the release that commit is. */
export interface PinnedAction {
    /** `owner/name` of the action's repository. */
    readonly repository: string;
    /** The full 40-hex commit the release tag points to. */
    readonly commit: string;
    /** The release tag, written beside the commit as a comment. */
    readonly version: string;
}

/** A shell step run before the previews, in the repository's root. */
export interface SetupStep {
    /** The step's name, in the workflow and in the local runner's log. */
    readonly name: string;
    /** The command, as `bash -c` runs it. */
    readonly run: string;
}

/** One stack config value for the pull-request preview. */
export type ConfigSource =
    /** A literal value. */
    | { readonly value: string }
    /** A repository variable (`vars.<name>`) in GitHub; not available locally. */
    | { readonly variable: string };

/** One stack of the project, as the pull-request check previews it. */
export interface PreviewedStack {
    /** The stack's name: `Pulumi.<name>.yaml` holds its config. */
    readonly name: string;
    /** In GitHub: config set on top of the stack file (the action's `config-map`). */
    readonly ciConfig: Readonly<Record<string, ConfigSource>>;
    /** In GitHub: environment variables filled from repository secrets, `{ ENV: SECRET }`. */
    readonly ciSecretEnv: Readonly<Record<string, string>>;
    /** In GitHub: the repository secret holding the kubeconfig of the stack's cluster, if it needs one. */
    readonly ciKubeconfigSecret?: string;
    /**
     * Here: config set on top of the stack file so the stack previews against the local
     * control plane (no cloud account), and why.
     */
    readonly localConfig: Readonly<Record<string, string>>;
    /** Why `localConfig` differs from GitHub's, for the runner's log. */
    readonly localReason?: string;
}

/** The inputs of `pulumi/actions` that both sides use, named as the action names them. */
export interface PreviewInputs {
    /** The Pulumi command: always a preview. */
    readonly command: "preview";
    /** Policy packs, relative to the program's directory (`--policy-pack`). */
    readonly policyPacks: readonly string[];
    /** The program's directory, relative to the repository root. */
    readonly workDir: string;
    /** Create the stack when the backend does not have it yet. */
    readonly upsert: boolean;
    /** Post the preview as a pull-request comment (GitHub only). */
    readonly commentOnPr: boolean;
    /** Also write it to the job's summary (GitHub only). */
    readonly commentOnSummary: boolean;
}

/** The whole check. */
export interface PrCheck {
    /** Where the generated workflow lives, relative to the repository root. */
    readonly workflowFile: string;
    /** The workflow's name, as the checks list shows it. */
    readonly workflowName: string;
    /** Node.js major version for `actions/setup-node` (the CI machine runs the same). */
    readonly nodeVersion: string;
    /** Pinned actions. */
    readonly actions: {
        readonly checkout: PinnedAction;
        readonly setupNode: PinnedAction;
        readonly pulumi: PinnedAction;
    };
    /** Steps before the previews, in order. */
    readonly setup: readonly SetupStep[];
    /** The stacks, previewed one job (here: one run) each. */
    readonly stacks: readonly PreviewedStack[];
    /** The preview's inputs. */
    readonly preview: PreviewInputs;
    /** Repository secrets and variables that reach every job, `{ ENV: name }`. */
    readonly backend: {
        /** Repository variable holding the backend URL (`cloud-url`); unset means Pulumi Cloud. */
        readonly cloudUrlVariable: string;
        /** Environment variables filled from repository secrets in every job. */
        readonly secretEnv: Readonly<Record<string, string>>;
    };
}

/** The check of this repository. */
export const PR_CHECK: PrCheck = {
    workflowFile: ".github/workflows/preview.yml",
    workflowName: "Pulumi preview",
    nodeVersion: "20",
    actions: {
        checkout: { repository: "actions/checkout", commit: "3d3c42e5aac5ba805825da76410c181273ba90b1", version: "v7.0.1" },
        setupNode: { repository: "actions/setup-node", commit: "820762786026740c76f36085b0efc47a31fe5020", version: "v7.0.0" },
        pulumi: { repository: "pulumi/actions", commit: "8e5e406f4007fca908480587cb9893c07090f58d", version: "v7.0.0" },
    },
    setup: [
        { name: "Install (npm ci)", run: "npm ci --no-audit --no-fund" },
        { name: "Unit tests (npm test)", run: "npm test" },
    ],
    stacks: [
        {
            name: "openshift",
            // The node that holds the hostPath data: the stack refuses to preview without one.
            ciConfig: { "openhands:nodeName": { variable: "OPENSHIFT_NODE" } },
            ciSecretEnv: {},
            ciKubeconfigSecret: "OPENSHIFT_KUBECONFIG",
            localConfig: { "openhands:nodeName": "e2e-node-0" },
            localReason: "the hostPath data's node is the local control plane's one node",
        },
        {
            name: "gke",
            ciConfig: { "gcp:project": { variable: "GCP_PROJECT" } },
            ciSecretEnv: { GOOGLE_CREDENTIALS: "GOOGLE_CREDENTIALS" },
            localConfig: { "openhands:createCluster": "false" },
            localReason: "no Google Cloud account here: the stack's Kubernetes objects go to the local control plane",
        },
    ],
    preview: {
        command: "preview",
        policyPacks: ["policy"],
        workDir: ".",
        upsert: true,
        commentOnPr: true,
        commentOnSummary: true,
    },
    backend: {
        cloudUrlVariable: "PULUMI_BACKEND_URL",
        secretEnv: { PULUMI_ACCESS_TOKEN: "PULUMI_ACCESS_TOKEN", PULUMI_CONFIG_PASSPHRASE: "PULUMI_CONFIG_PASSPHRASE" },
    },
};

/** The `PULUMI_VERSION` of a `versions.env` text, without its `v` (what `pulumi/actions` takes). */
export function pulumiVersionOf(versionsEnv: string): string {
    const match = /^PULUMI_VERSION=v?([0-9]+\.[0-9]+\.[0-9]+)\s*$/m.exec(versionsEnv);
    if (!match) throw new Error("versions.env has no PULUMI_VERSION=vX.Y.Z line");
    return match[1];
}

/**
 * The stack's configuration -> the component's args: the only place in the
 * project that reads the stack configuration. Each `openhands:` key is the arg of the
 * same name, read by the type the settings catalog gives it; what a value means
 * is checked by the component, whose messages are then renamed to stack keys.
 * The program's own keys (PROGRAM_SETTINGS: whether to create the GKE cluster, and
 * whether to render YAML instead of applying it) are read here too, and handed to
 * the program beside the args.
 */
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { OpenHandsArgs } from "../../components/args";
import { Platform } from "../../components/enums";
import type { GkeClusterArgs } from "../../components/gke/args";
import {
    GKE_CLUSTER_SETTINGS, isPerPlatform, OPENHANDS_SETTINGS, type Setting, type SettingKey,
} from "../../components/settings/catalog";
import { ARG_PREFIX, InvalidSettingsError, type Problem, show, throwIfProblems } from "../../components/settings/validate";
import { ConfigReader } from "./reader";

/** The config namespace of this project's own keys. */
export const CONFIG_NAMESPACE = "openhands";

/** Keys the program reads for itself (not component args), with the same shape as the catalog's. */
export const PROGRAM_SETTINGS = {
    createCluster: {
        type: "boolean",
        description: "gke: create a GKE cluster (true) or deploy into the current kubeconfig's cluster (false).",
        default: true,
    },
    renderYamlToDirectory: {
        type: "string",
        description: "Write every Kubernetes object as YAML into this absolute directory instead of applying it " +
            "(the Kubernetes provider's renderYamlToDirectory; `npm run render` sets it). Renders Kubernetes objects only: " +
            "on gke it needs createCluster false and no gcpServiceAccount, whose cluster and IAM binding are not manifests.",
        unsetMeans: "objects are applied to the cluster",
    },
} as const satisfies Record<string, Setting<boolean> | Setting<string>>;

/** The stack key of a GKE cluster arg: `openhands:gke<Field>`. */
export function clusterConfigName(field: keyof GkeClusterArgs): string {
    return `gke${field[0].toUpperCase()}${field.slice(1)}`;
}

/** Whether `Pulumi.yaml` gives a setting its type's unset value (it has no platform-independent default). */
export function hasUnsetDefault(setting: Setting<unknown>): boolean {
    return setting.default === undefined || isPerPlatform(setting.default) || setting.secret === true;
}

/** What the stack's configuration asks for. */
export interface StackConfig {
    /** The component's args. */
    readonly args: OpenHandsArgs;
    /**
     * The component's resource options: with `openhands:renderYamlToDirectory`, a Kubernetes
     * provider that writes each object as YAML into that directory instead of applying it.
     */
    readonly options?: pulumi.ComponentResourceOptions;
    /** Where the program renders its Kubernetes objects instead of applying them (`openhands:renderYamlToDirectory`), if set. */
    readonly renderYamlToDirectory?: string;
    /** Turns a problem's arg names (`OpenHandsArgs.x`) into this stack's keys (`openhands:x`). */
    readonly renameKeys: (error: InvalidSettingsError) => InvalidSettingsError;
    /** Runs `build` (which makes the component); a refusal of the args is rethrown named by this stack's keys. */
    readonly refusingBadConfig: <T>(build: () => T) => T;
}

/**
 * Reads the whole stack configuration. Problems of type (a word where a number
 * belongs, an unknown key) are reported together, before
 * any resource is registered.
 */
export function readStackConfig(): StackConfig {
    const problems: Problem[] = [];
    const config = pulumi.runtime.allConfig();
    const oh = new ConfigReader(CONFIG_NAMESPACE, problems, config);
    const gcp = new ConfigReader("gcp", problems, config);

    problems.push(...unknownKeys(Object.keys(config)));
    const values: Record<string, unknown> = {};
    for (const field of Object.keys(OPENHANDS_SETTINGS) as SettingKey[]) {
        const setting = OPENHANDS_SETTINGS[field] as Setting<unknown>;
        const value = oh.read(field, setting.type, hasUnsetDefault(setting));
        if (value === undefined) continue;
        values[field] = value;
    }
    if (values.platform === undefined && !problems.some((p) => p?.startsWith(oh.key("platform")))) {
        problems.push(`${oh.key("platform")}: missing; accepted: ${Object.values(Platform).join(", ")}`);
    }

    const createCluster = oh.read("createCluster", "boolean", false) as boolean | undefined
        ?? PROGRAM_SETTINGS.createCluster.default;
    const gcpProject = gcp.read("project", "string", true) as string | undefined;
    let locationKey = oh.key("gkeLocation");
    if (values.platform === Platform.Gke && createCluster) {
        const cluster: Record<string, unknown> = { project: gcpProject };
        for (const field of Object.keys(GKE_CLUSTER_SETTINGS) as Array<keyof GkeClusterArgs>) {
            if (field === "project") continue;
            const setting = GKE_CLUSTER_SETTINGS[field] as Setting<unknown>;
            const value = oh.read(clusterConfigName(field), setting.type, hasUnsetDefault(setting));
            if (value !== undefined) cluster[field] = value;
        }
        // The location comes from the first of these keys that is set.
        if (cluster.location === undefined) {
            for (const name of ["zone", "region"]) {
                const value = gcp.read(name, "string", true);
                if (value !== undefined) {
                    cluster.location = value;
                    locationKey = gcp.key(name);
                    break;
                }
            }
        }
        if (gcpProject === undefined) {
            problems.push("gcp:project: missing; the gke platform creates its cluster in a Google Cloud project; " +
                "accepted: a project id (`pulumi config set gcp:project my-project`), or set " +
                `${oh.key("createCluster")} to false to deploy into the current kubeconfig's cluster`);
        }
        if (cluster.location === undefined) {
            problems.push(`${oh.key("gkeLocation")}: missing, and neither gcp:zone nor gcp:region is set; ` +
                "accepted: a zone such as 'europe-west4-a' or a region such as 'europe-west4'");
        }
        values.cluster = cluster;
    } else if (values.gcpProject === undefined && gcpProject !== undefined && values.platform === Platform.Gke) {
        values.gcpProject = gcpProject;
    }
    const renderYamlToDirectory = oh.read("renderYamlToDirectory", "string", true) as string | undefined;
    problems.push(renderProblem(oh, renderYamlToDirectory, values, values.platform === Platform.Gke && createCluster));
    const secretTexts = secretValues(oh);
    throwIfProblems(problems.map((p) => p && redact(p, secretTexts)));

    const stackKey = (argKey: string): string => {
        // Settings of one platform's option group are plain stack keys: drop the group.
        const field = argKey.slice(ARG_PREFIX.length).replace(/^(openshift|gke)\./, "");
        if (field === "cluster.project") return gcp.key("project");
        if (field === "cluster.location") return locationKey;
        if (field.startsWith("cluster.")) return oh.key(clusterConfigName(field.slice(8) as keyof GkeClusterArgs));
        if (field === "gcpProject" && values.gcpProject === gcpProject) return gcp.key("project");
        return oh.key(field);
    };
    const renameKeys = (error: InvalidSettingsError): InvalidSettingsError => {
        const renamed = error.renamed(stackKey);
        return new InvalidSettingsError(renamed.problems.map((p) => redact(p, secretTexts)));
    };
    return {
        args: grouped(values),
        ...(renderYamlToDirectory !== undefined ? {
            renderYamlToDirectory,
            options: { provider: new k8s.Provider("render-yaml", { renderYamlToDirectory }) },
        } : {}),
        renameKeys,
        refusingBadConfig: (build) => {
            try {
                return build();
            } catch (err) {
                throw err instanceof InvalidSettingsError ? renameKeys(err) : err;
            }
        },
    };
}

/**
 * The flat stack values as the component's args: a setting of one platform goes into that
 * platform's option group (the catalog says which), the cluster into `gke`.
 */
function grouped(values: Record<string, unknown>): OpenHandsArgs {
    const args: Record<string, unknown> = {};
    const groups: Record<string, Record<string, unknown>> = {};
    for (const [field, value] of Object.entries(values)) {
        const platform = field === "cluster" ? Platform.Gke
            : (OPENHANDS_SETTINGS as Record<string, Setting<unknown>>)[field]?.platform;
        if (platform === undefined) args[field] = value;
        else (groups[platform] ??= {})[field] = value;
    }
    return { ...args, ...groups } as unknown as OpenHandsArgs;
}

/**
 * Rendering writes Kubernetes objects: the directory must be absolute (the provider runs
 * elsewhere), and nothing that is not a Kubernetes object (a GKE cluster, an IAM binding)
 * may be asked for alongside it.
 */
function renderProblem(
    oh: ConfigReader, directory: string | undefined, values: Record<string, unknown>, createsCluster: boolean,
): Problem {
    if (directory === undefined) return undefined;
    const key = oh.key("renderYamlToDirectory");
    if (!path.isAbsolute(directory)) return `${key}: ${show(directory)} is not an absolute path; accepted: an absolute directory`;
    if (createsCluster) {
        return `${key}: renders Kubernetes objects only, and a GKE cluster is not one; accepted: with ` +
            `${oh.key("createCluster")} false (npm run render sets it)`;
    }
    if (values.gcpServiceAccount !== undefined) {
        return `${key}: renders Kubernetes objects only, and ${oh.key("gcpServiceAccount")} makes an IAM binding in ` +
            "Google Cloud; accepted: without gcpServiceAccount";
    }
    return undefined;
}

/** Keys in our namespace that no setting reads: a misspelt key (say `llmAPIKey`) is refused, not ignored. */
function unknownKeys(fullKeys: readonly string[]): Problem[] {
    const known = new Set([
        ...Object.keys(OPENHANDS_SETTINGS), ...Object.keys(PROGRAM_SETTINGS),
        ...Object.keys(GKE_CLUSTER_SETTINGS).filter((f) => f !== "project").map((f) => clusterConfigName(f as keyof GkeClusterArgs)),
    ]);
    const problems: Problem[] = [];
    for (const fullKey of fullKeys) {
        const [namespace, name] = fullKey.split(":");
        if (namespace !== CONFIG_NAMESPACE || name === undefined || known.has(name)) continue;
        const near = [...known].find((k) => k.toLowerCase() === name.toLowerCase());
        problems.push(`${fullKey}: is not a setting of this project` +
            (near ? `; did you mean ${CONFIG_NAMESPACE}:${near}?` : "") +
            "; accepted: the keys declared in Pulumi.yaml (see docs/configuration.md)");
    }
    return problems;
}

/**
 * The text of every secret setting (the catalog's `secret`), however it was stored: never
 * repeated in a message. (No public SDK call tells whether a key was stored with `--secret`;
 * see docs/upstream.md.)
 */
function secretValues(oh: ConfigReader): string[] {
    const texts: string[] = [];
    for (const [name, setting] of Object.entries(OPENHANDS_SETTINGS) as Array<[string, Setting<unknown>]>) {
        if (!setting.secret) continue;
        const text = oh.raw(name);
        if (text !== undefined && text.length >= 3) texts.push(text);
    }
    return texts;
}

/** A message with every secret text in it replaced. */
function redact(message: string, secrets: readonly string[]): string {
    return secrets.reduce((text, secret) => text.split(secret).join("[secret]"), message);
}

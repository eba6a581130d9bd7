import { RunError } from "@pulumi/pulumi";

/**
 * Pure validators for OpenHands settings. Each returns `undefined` when the
 * value is acceptable, or one sentence that names the key, says what is wrong
 * with the value and what would be accepted. They never throw, so a caller can
 * gather every problem of a stack before reporting them together.
 */

/** The kinds of problem a validator reports: one line, key first. */
export type Problem = string | undefined;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUANTITY = /^([0-9]+(\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const BINARY_SUFFIX: Record<string, number> = {
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
    k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, "": 1,
};

/** Shows a value in a message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
    return typeof value === "string" ? `'${value}'` : JSON.stringify(value);
}

/** `value` must be one of `allowed` (compared exactly, case included). */
export function oneOf(key: string, value: string, allowed: readonly string[]): Problem {
    if (allowed.includes(value)) return undefined;
    return `${key}: ${show(value)} is not a known value; accepted: ${allowed.join(", ")}`;
}

/** A Kubernetes namespace or other DNS-1123 label: lowercase alphanumerics and '-', at most 63. */
export function dnsLabel(key: string, value: string): Problem {
    if (value.length > 0 && value.length <= 63 && DNS_LABEL.test(value)) return undefined;
    return `${key}: ${show(value)} is not a DNS-1123 label; accepted: 1-63 characters of ` +
        `lowercase letters, digits and '-', starting and ending with a letter or digit`;
}

/** A Kubernetes object or node name (DNS-1123 subdomain, at most 253 characters). */
export function dnsSubdomain(key: string, value: string): Problem {
    if (value.length > 0 && value.length <= 253 && DNS_SUBDOMAIN.test(value)) return undefined;
    return `${key}: ${show(value)} is not a DNS-1123 subdomain; accepted: up to 253 characters ` +
        `of lowercase letters, digits, '-' and '.', e.g. 'worker-1.example.com'`;
}

/**
 * Parses a storage quantity such as `2Gi` or `500M` into bytes, or returns
 * `undefined` when it is not one. Milli-units and exponents are refused:
 * a volume is never a fraction of a byte.
 */
export function parseStorageQuantity(value: string): number | undefined {
    const match = QUANTITY.exec(value);
    if (!match) return undefined;
    return Number(match[1]) * BINARY_SUFFIX[match[3] ?? ""];
}

/** A positive storage quantity: digits with an optional Ki/Mi/Gi/Ti/Pi/Ei or k/M/G/T/P/E suffix. */
export function storageQuantity(key: string, value: string): Problem {
    const bytes = parseStorageQuantity(value);
    if (bytes !== undefined && bytes > 0) return undefined;
    return `${key}: ${show(value)} is not a storage quantity; accepted: a positive number ` +
        `with an optional suffix Ki, Mi, Gi, Ti, Pi, Ei, k, M, G, T, P or E, e.g. '2Gi'`;
}

const CPU_OR_MEMORY = /^([0-9]+(\.[0-9]+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/;

/** A CPU or memory quantity such as `250m`, `2`, `512Mi` or `4Gi`. */
export function quantity(key: string, value: string): Problem {
    if (CPU_OR_MEMORY.test(value) && Number.parseFloat(value) > 0) return undefined;
    return `${key}: ${show(value)} is not a resource quantity; accepted: a positive number with an ` +
        `optional suffix, e.g. '250m' or '2' for CPU, '512Mi' or '4Gi' for memory`;
}

const IPV4_CIDR = /^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\/([0-9]|[12][0-9]|3[0-2])$/;
const IPV6_CIDR = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*\/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$/;

/** An IPv4 or IPv6 CIDR such as `203.0.113.0/24`. */
export function cidr(key: string, value: string): Problem {
    if (IPV4_CIDR.test(value) || IPV6_CIDR.test(value)) return undefined;
    return `${key}: ${show(value)} is not a CIDR; accepted: an address range such as '203.0.113.0/24' or '2001:db8::/32'`;
}

/** An e-mail-shaped identity, such as a Google service account. */
export function email(key: string, value: string): Problem {
    if (/^[a-z0-9][-a-z0-9._]*@[a-z0-9][-a-z0-9.]*\.[a-z]+$/.test(value)) return undefined;
    return `${key}: ${show(value)} is not a service-account e-mail; accepted: e.g. 'openhands@my-project.iam.gserviceaccount.com'`;
}

/** An http(s) URL. */
export function url(key: string, value: string): Problem {
    try {
        const parsed = new URL(value);
        if (parsed.protocol === "http:" || parsed.protocol === "https:") return undefined;
    } catch {
        // fall through to the message
    }
    return `${key}: ${show(value)} is not an http(s) URL; accepted: e.g. 'https://llm.example.com/v1'`;
}

/** An absolute path without `..` segments, as a hostPath or mount path must be. */
export function absolutePath(key: string, value: string): Problem {
    if (value.startsWith("/") && !value.split("/").includes("..")) return undefined;
    return `${key}: ${show(value)} is not an absolute path; accepted: a path that starts ` +
        `with '/' and has no '..' segment, e.g. '/tmp/workspace'`;
}

/** A whole number within `[min, max]` (`max` optional). */
export function integerInRange(key: string, value: number, min: number, max?: number): Problem {
    if (Number.isInteger(value) && value >= min && (max === undefined || value <= max)) return undefined;
    const range = max === undefined ? `a whole number >= ${min}` : `a whole number from ${min} to ${max}`;
    return `${key}: ${show(value)} is out of range; accepted: ${range}`;
}

/** A container image reference: non-empty, no whitespace, no upper-case repository. */
export function imageReference(key: string, value: string): Problem {
    const [repository] = value.split(/[@]/);
    const name = repository.replace(/:[^/]*$/, "");
    if (value.trim().length > 0 && !/\s/.test(value) && name === name.toLowerCase()) return undefined;
    return `${key}: ${show(value)} is not an image reference; accepted: a non-empty ` +
        `'[registry/]repository[:tag][@digest]' with a lower-case repository and no spaces`;
}

/**
 * A Google service-account key: JSON text whose top level is an object.
 * The message never repeats the value: it is a secret.
 */
export function jsonObject(key: string, value: string): Problem {
    let parsed: unknown;
    try {
        parsed = JSON.parse(value);
    } catch {
        // The parser's message quotes the text, and the text is a secret: say only where it broke.
        return `${key}: the value is not valid JSON; ` +
            `accepted: the JSON text of a service-account key file, e.g. from 'gcloud iam service-accounts keys create'`;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        return `${key}: the value is JSON but not an object; accepted: the JSON object of a service-account key file`;
    }
    return undefined;
}

/** Every entry of a list is a CIDR. */
export function cidrList(key: string, value: readonly string[]): Problem {
    const list: unknown = value;
    if (!Array.isArray(list) || list.some((item) => typeof item !== "string")) {
        return `${key}: ${show(value)} is not a list of strings; accepted: a list of CIDRs such as ["203.0.113.0/24"]`;
    }
    const problems = value.map((range, i) => cidr(`${key}[${i}]`, range)).filter((p) => p !== undefined);
    return problems.length > 0 ? problems.join("; ") : undefined;
}

/** A value that is not only whitespace. */
export function nonBlank(key: string, value: string): Problem {
    if (value.trim() !== "") return undefined;
    return `${key}: is blank; accepted: a non-empty value, or leave it unset`;
}

const GCP_PROJECT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
const GKE_LOCATION = /^[a-z]+-[a-z]+[0-9]+(-[a-z])?$/;
const GKE_VERSION = /^1\.[0-9]+(\.[0-9]+(-gke\.[0-9]+)?)?$/;
const MACHINE_TYPE = /^[a-z0-9]+(-[a-z0-9]+)+$/;

/** A Google Cloud project id. */
export function gcpProjectId(key: string, value: string): Problem {
    if (GCP_PROJECT_ID.test(value)) return undefined;
    return `${key}: ${show(value)} is not a Google Cloud project id; accepted: ` +
        `6-30 characters of lowercase letters, digits and '-', starting with a letter`;
}

/** A GKE region or zone. */
export function gkeLocation(key: string, value: string): Problem {
    if (GKE_LOCATION.test(value)) return undefined;
    return `${key}: ${show(value)} is not a GKE location; accepted: ` +
        `a region such as 'europe-west4' or a zone such as 'europe-west4-a'`;
}

/** A Compute Engine machine type. */
export function gkeMachineType(key: string, value: string): Problem {
    if (MACHINE_TYPE.test(value)) return undefined;
    return `${key}: ${show(value)} is not a machine type; accepted: a Compute Engine machine type such as 'e2-standard-4'`;
}

/** A GKE control-plane version. */
export function gkeKubernetesVersion(key: string, value: string): Problem {
    if (GKE_VERSION.test(value)) return undefined;
    return `${key}: ${show(value)} is not a GKE version; accepted: ` +
        `'1.<minor>', '1.<minor>.<patch>' or '1.<minor>.<patch>-gke.<n>'`;
}

/** A claim must not ask for more than the volume it binds to offers, or it never binds. */
export function claimFitsVolume(claimKey: string, claim: string, volumeKey: string, volume: string): Problem {
    const claimBytes = parseStorageQuantity(claim);
    const volumeBytes = parseStorageQuantity(volume);
    if (claimBytes === undefined || volumeBytes === undefined || claimBytes <= volumeBytes) return undefined;
    return `${claimKey}: ${show(claim)} is larger than ${volumeKey} ${show(volume)}, so the claim ` +
        `could never bind; accepted: a request no larger than the volume's capacity`;
}

/**
 * Thrown when settings are invalid; `problems` holds one line per bad value. A
 * `RunError`, so the Pulumi CLI shows the message alone. It carries no stack: the
 * Node.js runtime still renders the stack of every failing program for its trace
 * events, and with source maps that took 16 of the 18 seconds of a failed preview
 * (measured with the real CLI: 18 s with the stack, 2.3 s without).
 */
export class InvalidSettingsError extends RunError {
    /** One line per problem, each naming its key. */
    public readonly problems: readonly string[];

    constructor(problems: readonly string[]) {
        super(`invalid OpenHands settings (nothing was deployed):\n  - ${problems.join("\n  - ")}`);
        this.name = "InvalidSettingsError";
        this.problems = problems;
        this.stack = "";  // see above: the message is the whole story
    }

    /**
     * The same problems with every key renamed by `rename` (for example the arg
     * `OpenHandsArgs.nodePort` to the stack key `openhands:nodePort`), including keys
     * that a message mentions as the reason for another's problem.
     */
    renamed(rename: (argKey: string) => string): InvalidSettingsError {
        return new InvalidSettingsError(this.problems.map((p) => p.replace(ARG_KEY, (key) => rename(key))));
    }
}

/** The prefix of an arg's name in messages. */
export const ARG_PREFIX = "OpenHandsArgs.";

/** Names an arg (or a field of `cluster`) in messages, e.g. `OpenHandsArgs.cluster.nodeCount`. */
export function argKey(field: string): string {
    return `${ARG_PREFIX}${field}`;
}

const ARG_KEY = /OpenHandsArgs\.[A-Za-z]+(\.[A-Za-z]+)?/g;

/** Throws an {@link InvalidSettingsError} listing every problem, if there is any. */
export function throwIfProblems(problems: readonly Problem[]): void {
    const real = problems.filter((p): p is string => p !== undefined);
    if (real.length > 0) throw new InvalidSettingsError(real);
}

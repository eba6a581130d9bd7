import { posix } from "path";
import { RunError } from "@pulumi/pulumi";
import { hostBits, parseCidr } from "../cidr";
import { canonicalBytes, canonicalCpu, parseCpu, parseStorageQuantity } from "../quantities";
import {
    BROKEN_RELEASES, formatVersion, parseVersion, RELEASES, splitRepositoryAndTag, SUPPORTED, unsupportedBecause,
} from "../releases";

/** The versions `openhandsVersion` accepts, in words. */
export const SUPPORTED_RANGE = `${SUPPORTED.oldest.major}.${SUPPORTED.oldest.minor} to 0.x and ` +
    `${SUPPORTED.oldestV1.major}.${SUPPORTED.oldestV1.minor} to ${formatVersion(SUPPORTED.newest)}` +
    BROKEN_RELEASES.map((b) => ` except ${formatVersion(b.from)}-${formatVersion(b.to)}`).join("") +
    `; pinned images for ${RELEASES.map((r) => r.version).join(", ")}`;

export { canonicalBytes, canonicalCpu, parseCpu, parseStorageQuantity } from "../quantities";

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

/** Shows a value in a message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
    if (typeof value !== "string") return JSON.stringify(value);
    // Invisible characters (a newline, a zero-width space) are shown as escapes, so the message shows the problem.
    const visible = value.replace(/[\p{Cc}\p{Cf}]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    return `'${visible}'`;
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


/** The smallest volume or memory size that makes sense here. */
const MIN_BYTES = 2 ** 20;

/**
 * The bounds of a quantity, chosen so that a value past them is a slip of the unit (`Ti` for
 * `Gi`, cores for millicores) rather than a plan, and so that every accepted value is written
 * by the API server with a suffix, never in exponent form (which it uses past `E`):
 * - storage: 64Ti, the largest volume Compute Engine makes (a Persistent Disk or Hyperdisk,
 *   as `diskSizeGb`'s own 65536 GB), and more than a node directory or an emptyDir may take;
 * - memory: 1Ti per container, more than any general-purpose node type has (GKE's e2 family
 *   stops at 128 GB, n2 at 864 GB);
 * - CPU: 512 cores per container, above the largest machine types (c3d-standard-360); `4000`
 *   meant as `4000m` is refused.
 */
export const QUANTITY_BOUNDS = {
    storage: { bytes: 64 * 2 ** 40, text: "64Ti" },
    memory: { bytes: 2 ** 40, text: "1Ti" },
    cpu: { cores: 512, text: "512" },
} as const;

/** A quantity of whole bytes within `[1Mi, max]`, or the problem with it. */
function wholeBytes(key: string, value: string, what: string, max: { readonly bytes: number; readonly text: string }, example: string): Problem {
    const accepted = `accepted: a positive number of whole bytes, at least 1Mi and at most ${max.text}, with an optional suffix Ki, Mi, Gi, Ti, Pi, Ei, k, M, G, T, P ` +
        `or E, e.g. '${example}'`;
    const text = typeof value === "string" ? value : String(value);
    const canonical = canonicalBytes(text);
    const bytes = parseStorageQuantity(text);
    if (canonical === undefined || bytes === undefined) {
        return `${key}: ${show(value)} is not a ${what} quantity (a positive number of whole bytes, no exponent); ${accepted}`;
    }
    if (bytes < MIN_BYTES) return `${key}: ${show(value)} is below 1Mi; ${accepted}`;
    if (bytes > max.bytes) return `${key}: ${show(value)} is more than ${max.text}, surely not what was meant; ${accepted}`;
    return undefined;
}

/** A storage quantity of whole bytes, from 1Mi to 64Ti: digits with an optional Ki..Ei or k..E suffix. */
export function storageQuantity(key: string, value: string): Problem {
    return wholeBytes(key, value, "storage", QUANTITY_BOUNDS.storage, "2Gi");
}

/** A CPU quantity such as `250m`, `0.5` or `2`, from 1m to 512 cores, in whole millicores. */
export function cpuQuantity(key: string, value: string): Problem {
    const accepted = `accepted: from 1m to ${QUANTITY_BOUNDS.cpu.text} cores, as cores such as '2' or '0.5', or millicores such as '250m'`;
    const cores = parseCpu(value);
    if (cores === undefined || canonicalCpu(value) === undefined) {
        return `${key}: ${show(value)} is not a CPU quantity (whole millicores, no exponent); ${accepted}`;
    }
    if (cores < 0.001) return `${key}: ${show(value)} is below 1m; ${accepted}`;
    if (cores > QUANTITY_BOUNDS.cpu.cores) return `${key}: ${show(value)} is more than ${QUANTITY_BOUNDS.cpu.text} cores, surely not what was meant; ${accepted}`;
    return undefined;
}

/** A memory quantity such as `512Mi` or `4Gi`, from 1Mi to 1Ti (no milli-bytes). */
export function memoryQuantity(key: string, value: string): Problem {
    return wholeBytes(key, value, "memory", QUANTITY_BOUNDS.memory, "512Mi");
}

/**
 * An IPv4 or IPv6 CIDR such as `203.0.113.0/24`, as the API server accepts it: a valid address,
 * no leading zeros, and no host bits below the prefix (`10.0.0.1/8` is refused: `10.0.0.0/8`).
 */
export function cidr(key: string, value: string): Problem {
    const parsed = typeof value === "string" ? parseCidr(value) : undefined;
    if (parsed !== undefined && hostBits(parsed) === 0n) return undefined;
    const why = parsed !== undefined ? " (it has host bits set below its prefix)" : "";
    return `${key}: ${show(value)} is not a CIDR${why}; accepted: a network address and prefix, with no host bits and no ` +
        "leading zeros, such as '203.0.113.0/24' or '2001:db8::/32'";
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
        if (parsed.username !== "" || parsed.password !== "") {
            // Never repeat the value: it holds a credential.
            return `${key}: the URL carries a user name or password; accepted: the URL without them ` +
                "(an API key belongs in llmApiKey, which is kept in a Secret)";
        }
        if (parsed.protocol === "http:" || parsed.protocol === "https:") return undefined;
    } catch {
        // fall through to the message
    }
    return `${key}: ${show(value)} is not an http(s) URL; accepted: e.g. 'https://llm.example.com/v1'`;
}

/**
 * A host name as an OpenShift Route takes it: a DNS-1123 subdomain of at most 253 characters whose
 * every label (the parts between dots) has at most 63, as DNS allows and the router checks.
 */
export function hostName(key: string, value: string): Problem {
    const subdomain = dnsSubdomain(key, value);
    if (subdomain !== undefined) return subdomain;
    const long = value.split(".").find((label) => label.length > 63);
    if (long === undefined) return undefined;
    return `${key}: ${show(value)} has the label '${long}' of ${long.length} characters, over DNS's 63 per label, which the ` +
        "router refuses; accepted: a host name whose every dot-separated label has 1-63 characters, e.g. 'openhands.apps.example.com'";
}

/** Whitespace and control characters (a line break, a tab, a zero-width space) that have no place inside one-line text. */
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * One line of text such as an LLM model name or key: surrounding whitespace is trimmed later
 * (see {@link trimmed}); a line break or other control character inside is refused. The value
 * is never repeated: it may be a key.
 */
export function oneLine(key: string, value: string): Problem {
    const blank = nonBlank(key, value);
    if (blank !== undefined) return blank;
    if (!CONTROL.test(value.trim())) return undefined;
    return `${key}: the value has a line break or another control character inside it (surrounding whitespace alone is ` +
        "trimmed); accepted: one line, as the provider gives it";
}

/** An LLM base URL: one line, and an http(s) URL once trimmed. */
export function llmBaseUrl(key: string, value: string): Problem {
    return oneLine(key, value) ?? url(key, value.trim());
}

/** A value with its surrounding whitespace (spaces, tabs, line breaks) removed. */
export function trimmed(value: string): string {
    return value.trim();
}

/**
 * An http(s) base URL in the form the app is handed: trimmed, its scheme and host in lower case,
 * a default port dropped (the WHATWG URL parser's own normalisation), and no trailing slash, so
 * a client that appends `/chat/completions` never makes `//`. A value that is not a URL is
 * returned trimmed (its check refuses it).
 */
export function normalizeBaseUrl(value: string): string {
    const text = value.trim();
    let parsed: URL;
    try {
        parsed = new URL(text);
    } catch {
        return text;
    }
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, "")}${parsed.search}${parsed.hash}`;
}

/** An absolute path without `..` segments, as a hostPath or mount path must be. */
export function absolutePath(key: string, value: string): Problem {
    if (value.startsWith("/") && !value.split("/").includes("..") && !/[\s\p{Cc}\p{Cf}]/u.test(value)) return undefined;
    return `${key}: ${show(value)} is not an absolute path; accepted: a path that starts ` +
        `with '/', has no '..' segment and no spaces or control characters, e.g. '/tmp/workspace'`;
}

/**
 * Node directories that hold the node's own system, its container runtime, its network
 * plugins or the kubelet: a hostPath volume on one of them (or on a parent of one, which
 * contains it) hands the node to whoever controls the pod. A denylist, not an allow-list:
 * data disks are mounted wherever their owners chose (/srv, /data, /mnt/..., /var/lib/...).
 * It covers the nodes this project targets: OpenShift on RHEL CoreOS (CRI-O's storage, the
 * ostree deployment and physical root, OVN-Kubernetes and Multus state), RKE2 and k3s, plain
 * containerd or Docker, and the kubelet. See docs/security.md.
 */
export const NODE_SYSTEM_DIRECTORIES: readonly string[] = [
    // The operating system, its configuration (/etc holds /etc/kubernetes and /etc/cni) and users' homes.
    "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/proc", "/root", "/sbin", "/sys", "/usr",
    // RHEL CoreOS: the physical root and the ostree deployments, and /var's stand-ins for /home, /root, /opt and /usr/local.
    "/ostree", "/sysroot", "/var/home", "/var/opt/cni", "/var/roothome", "/var/usrlocal",
    // Runtime state: /run holds /run/containers, /run/containerd, /run/crio, /run/multus, the kubelet's sockets.
    "/run", "/var/run",
    // Container runtimes: CRI-O and Podman, containerd, Docker, RKE2 and k3s.
    "/var/lib/containerd", "/var/lib/containers", "/var/lib/crio", "/var/lib/docker", "/var/lib/rancher",
    // Network plugins: CNI binaries and state, Multus, OVN-Kubernetes and Open vSwitch, Calico, Cilium.
    "/opt/cni", "/var/lib/calico", "/var/lib/cilium", "/var/lib/cni", "/var/lib/multus", "/var/lib/openvswitch",
    "/var/lib/ovn", "/var/lib/ovn-ic",
    // Kubernetes itself and the node's logs.
    "/var/lib/etcd", "/var/lib/kubelet", "/var/log",
];

/**
 * An absolute path in its plain form: doubled and trailing slashes removed, `.` and `..`
 * segments resolved (`//etc/` -> `/etc`, `/srv/a/../b` -> `/srv/b`), as the node would see it.
 */
export function normalizePath(value: string): string {
    const normal = posix.normalize(value).replace(/\/+$/, "");
    return normal === "" || normal === "." ? "/" : normal;
}

/** Whether `dir` is `parent` or inside it (both normalised). */
function within(dir: string, parent: string): boolean {
    return dir === parent || parent === "/" || dir.startsWith(`${parent}/`);
}

/** Whether a path is /tmp or inside it. */
export function isUnderTmp(value: string): boolean {
    return within(normalizePath(value), "/tmp");
}

/**
 * Two host directories that must be apart: neither equal nor one inside the other (the state
 * holds settings.json with the LLM key, and everything in the workspace is seen by every sandbox).
 */
export function directoriesApart(key: string, value: string, otherKey: string, other: string): Problem {
    const [a, b] = [normalizePath(value), normalizePath(other)];
    if (!within(a, b) && !within(b, a)) return undefined;
    const how = a === b ? "is the same directory as" : within(a, b) ? "is inside" : "contains";
    return `${key}: ${show(value)} ${how} ${otherKey} ${show(other)}, so the app's state (settings.json with the LLM key, ` +
        "every conversation) would be visible in every sandbox's workspace; accepted: two directories apart, neither inside " +
        "the other, e.g. '/var/lib/openhands-workspace' and '/var/lib/openhands'";
}

/** An absolute node directory that is not the node's system, nor a parent of it. */
export function hostDirectory(key: string, value: string): Problem {
    const pathProblem = absolutePath(key, value);
    if (pathProblem !== undefined) return pathProblem;
    const path = normalizePath(value);
    const system = NODE_SYSTEM_DIRECTORIES.find((dir) => within(path, dir) || within(dir, path) || path === "/");
    if (system === undefined) return undefined;
    return `${key}: ${show(value)} is or contains the node's ${path === "/" ? "root filesystem" : `system directory ${system}`}, ` +
        "which the pod would then write to; accepted: a directory of its own, e.g. '/var/lib/openhands' or '/srv/openhands'";
}

/** Namespaces of the cluster's own: nothing of ours belongs there. */
export function applicationNamespace(key: string, value: string): Problem {
    const labelProblem = dnsLabel(key, value);
    if (labelProblem !== undefined) return labelProblem;
    if (!/^(kube-system|kube-public|kube-node-lease|openshift|openshift-.*)$/.test(value)) return undefined;
    return `${key}: ${show(value)} is a namespace of the cluster's own system; accepted: a namespace for applications, ` +
        "e.g. 'openhands' (or 'default')";
}

/** A whole number within `[min, max]` (`max` optional). */
export function integerInRange(key: string, value: number, min: number, max?: number): Problem {
    if (Number.isInteger(value) && value >= min && (max === undefined || value <= max)) return undefined;
    const range = max === undefined ? `a whole number >= ${min}` : `a whole number from ${min} to ${max}`;
    return `${key}: ${show(value)} is out of range; accepted: ${range}`;
}

/** A container image reference: non-empty, no whitespace, no upper-case repository. */
const IMAGE_REGISTRY = /^(localhost|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+|[A-Za-z0-9.-]+:[0-9]+)(:[0-9]+)?$/;
const IMAGE_PATH = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const IMAGE_DIGEST = /^sha256:[a-f0-9]{64}$/;

/** A container image reference as the distribution spec writes it: `[registry/]path[:tag][@digest]`. */
export function imageReference(key: string, value: string): Problem {
    const [nameAndTag, digest, ...extra] = value.split("@");
    const slash = nameAndTag.indexOf("/");
    const first = slash < 0 ? "" : nameAndTag.slice(0, slash);
    const hasRegistry = slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
    const rest = hasRegistry ? nameAndTag.slice(slash + 1) : nameAndTag;
    const colon = rest.lastIndexOf(":");
    const path = colon < 0 ? rest : rest.slice(0, colon);
    const tag = colon < 0 ? undefined : rest.slice(colon + 1);
    const ok = extra.length === 0 && (!hasRegistry || IMAGE_REGISTRY.test(first)) && IMAGE_PATH.test(path) &&
        (tag === undefined || IMAGE_TAG.test(tag)) && (digest === undefined || IMAGE_DIGEST.test(digest));
    if (ok) return undefined;
    return `${key}: ${show(value)} is not an image reference; accepted: a non-empty ` +
        "'[registry/]repository[:tag][@sha256:digest]' with a lower-case repository, one tag at most and no spaces";
}

/** A release version of OpenHands that the component can deploy. */
export function openhandsVersion(key: string, value: string): Problem {
    const version = parseVersion(value);
    if (version === undefined) {
        return `${key}: ${show(value)} is not a version; accepted: major.minor[.patch], ${SUPPORTED_RANGE}`;
    }
    const why = unsupportedBecause(version);
    return why === undefined ? undefined
        : `${key}: ${formatVersion(version)} is not supported (${why}); accepted: ${SUPPORTED_RANGE}`;
}

/** An image reference with a tag and no digest, as `repository:tag` settings that are split in two need. */
export function taggedImage(key: string, value: string): Problem {
    const problem = imageReference(key, value);
    if (problem !== undefined) return problem;
    if (splitRepositoryAndTag(value) !== undefined) return undefined;
    return `${key}: ${show(value)} has no tag or carries a digest; accepted: 'repository:tag' ` +
        "(the app joins the two parts with ':')";
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
const GKE_VERSION = /^1\.(2[7-9]|[3-4][0-9])(\.[0-9]+(-gke\.[0-9]+)?)?$/;
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
        `'1.<minor>', '1.<minor>.<patch>' or '1.<minor>.<patch>-gke.<n>' with a minor from 27 to 49`;
}

/** A GKE cluster name: a DNS label of at most 40 characters, starting with a letter. */
export function gkeClusterName(key: string, value: string): Problem {
    if (/^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/.test(value)) return undefined;
    return `${key}: ${show(value)} is not a GKE cluster name; accepted: 1-40 characters of lowercase letters, ` +
        "digits and '-', starting with a letter and not ending with '-'";
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

/**
 * Names an arg by its path in messages, e.g. `OpenHandsArgs.nodePort` or
 * `OpenHandsArgs.gke.cluster.nodeCount`. A setting of one platform's option group is named
 * with its group: the settings catalog's `argPath` knows which.
 */
export function argKey(path: string): string {
    return `${ARG_PREFIX}${path}`;
}

const ARG_KEY = /OpenHandsArgs(\.[A-Za-z]+){1,3}/g;

/** Throws an {@link InvalidSettingsError} listing every problem, if there is any. */
export function throwIfProblems(problems: readonly Problem[]): void {
    const real = problems.filter((p): p is string => p !== undefined);
    if (real.length > 0) throw new InvalidSettingsError(real);
}

/**
 * The release contract: which OpenHands releases the component deploys, which
 * generation of the app each one is, the images each pinned release names, and
 * where every environment variable the component sets is read in OpenHands' own
 * code. A leaf: it imports nothing of ours.
 *
 * Sources: the OpenHands app repository (OpenHands/OpenHands, frozen as
 * OpenHands/legacy; read here at its release tags through the public mirror
 * CrazyForks/OpenHands, where tag 1.8.0 is commit bc26df351dd5).
 */

/** The two generations of the app, with different contracts. */
export const Generation = {
    /** 0.x: the app runs each sandbox as a runtime container it reaches itself; the browser talks only to port 3000. */
    V0: "V0",
    /** 1.x: each sandbox is an agent-server container that the browser connects to directly. */
    V1: "V1",
} as const;
/** A generation of the app. */
export type Generation = (typeof Generation)[keyof typeof Generation];

/** A release version, `major.minor.patch`. */
export interface Version {
    /** Major version. */
    readonly major: number;
    /** Minor version. */
    readonly minor: number;
    /** Patch version (0 when the text gave none). */
    readonly patch: number;
}

/** Where a fact was read: the tag and the file in the app's repository. */
export interface Citation {
    /** Release tag the file was read at. */
    readonly tag: string;
    /** Path of the file in the repository. */
    readonly path: string;
}

/** One pinned release and its images. */
export interface Release {
    /** The version, as `openhandsVersion` takes it. */
    readonly version: string;
    /** The app image of the release. */
    readonly appImage: string;
    /** 1.x: the agent-server image the release compiles in; 0.x: the runtime image its README pairs with it. */
    readonly sandboxImage: string;
    /** Where the two images are named. */
    readonly sources: readonly Citation[];
}

/** The versions the component can deploy, and why the others are refused. */
export const SUPPORTED = {
    /** Oldest 0.x: the first that reads SANDBOX_LOCAL_RUNTIME_URL (the guide's SANDBOX_API_HOSTNAME is older). */
    oldest: { major: 0, minor: 10, patch: 0 },
    /** Oldest 1.x: 1.0 and 1.1 read no SANDBOX_CONTAINER_URL_PATTERN and their UI drops a URL's path prefix. */
    oldestV1: { major: 1, minor: 2, patch: 0 },
    /** Newest: 1.8 is the last release of this app; from 1.9 the name belongs to Agent Canvas, a different app. */
    newest: { major: 1, minor: 8, patch: Number.MAX_SAFE_INTEGER },
} as const;

/** The release the stacks deploy when nothing pins another. */
export const DEFAULT_VERSION = "1.8.0";

/** Every pinned release, newest first. */
export const RELEASES: readonly Release[] = [
    {
        version: "1.8.0",
        appImage: "ghcr.io/openhands/openhands:1.8.0",
        sandboxImage: "ghcr.io/openhands/agent-server:1.27.0-python",
        sources: [
            { tag: "1.8.0", path: ".github/workflows/ghcr-build.yml" },
            { tag: "1.8.0", path: ".github/workflows/tag-image.yml" },
            { tag: "1.8.0", path: "openhands/app_server/sandbox/sandbox_spec_service.py" },
        ],
    },
    {
        version: "1.7.0",
        appImage: "ghcr.io/openhands/openhands:1.7.0",
        sandboxImage: "ghcr.io/openhands/agent-server:1.19.1-python",
        sources: [
            { tag: "1.7.0", path: ".github/workflows/ghcr-build.yml" },
            { tag: "1.7.0", path: "openhands/app_server/sandbox/sandbox_spec_service.py" },
        ],
    },
    {
        version: "1.6.0",
        appImage: "ghcr.io/openhands/openhands:1.6.0",
        sandboxImage: "ghcr.io/openhands/agent-server:1.15.0-python",
        sources: [
            { tag: "1.6.0", path: "containers/build.sh" },
            { tag: "1.6.0", path: "openhands/app_server/sandbox/sandbox_spec_service.py" },
        ],
    },
    {
        version: "0.62.0",
        appImage: "docker.openhands.dev/openhands/openhands:0.62",
        sandboxImage: "docker.openhands.dev/openhands/runtime:0.62-nikolaik",
        sources: [{ tag: "0.62.0", path: "README.md" }],
    },
    {
        version: "0.59.0",
        appImage: "docker.all-hands.dev/all-hands-ai/openhands:0.59",
        sandboxImage: "docker.all-hands.dev/all-hands-ai/runtime:0.59-nikolaik",
        sources: [{ tag: "0.59.0", path: "README.md" }],
    },
];

/** An environment variable the component sets, and where the app (or Kubernetes) reads it. */
export interface EnvContract {
    /** The generations whose app container gets it. */
    readonly generations: readonly Generation[];
    /** What it does. */
    readonly meaning: string;
    /** Where it is read; empty for variables Kubernetes or a client library defines. */
    readonly readBy: readonly Citation[];
    /** Who defines it, when it is not the app. */
    readonly definedBy?: string;
}

/** Every environment variable any container of the component sets, with its source. */
export const ENV_CONTRACT: Readonly<Record<string, EnvContract>> = {
    SANDBOX_USER_ID: {
        generations: [Generation.V0],
        meaning: "uid the root entrypoint creates and switches to (it exits when unset)",
        readBy: [{ tag: "0.59.0", path: "containers/app/entrypoint.sh" }],
    },
    WORKSPACE_MOUNT_PATH: {
        generations: [Generation.V0],
        meaning: "directory (on the Docker host) mounted into each runtime sandbox as its workspace (deprecated for SANDBOX_VOLUMES in late 0.x, still read)",
        readBy: [{ tag: "0.59.0", path: "openhands/core/config/utils.py" }],
    },
    SANDBOX_LOCAL_RUNTIME_URL: {
        generations: [Generation.V0],
        meaning: "where the app reaches the ports its runtime sandboxes publish on the Docker host",
        readBy: [{ tag: "0.59.0", path: "openhands/core/config/sandbox_config.py" }, { tag: "0.59.0", path: "containers/app/Dockerfile" }],
    },
    SANDBOX_RUNTIME_CONTAINER_IMAGE: {
        generations: [Generation.V0],
        meaning: "the runtime image of the 0.x sandboxes",
        readBy: [{ tag: "0.59.0", path: "README.md" }],
    },
    HOST_IP: {
        generations: [Generation.V0],
        meaning: "the node's IP, from the downward API, spliced into SANDBOX_LOCAL_RUNTIME_URL",
        readBy: [],
        definedBy: "this component (Kubernetes downward API status.hostIP)",
    },
    FILE_STORE: {
        generations: [Generation.V0, Generation.V1],
        meaning: "the file store kind, local",
        readBy: [{ tag: "0.59.0", path: "openhands/core/config/openhands_config.py" }, { tag: "1.8.0", path: "openhands/app_server/utils/environment.py" }],
    },
    FILE_STORE_PATH: {
        generations: [Generation.V0, Generation.V1],
        meaning: "where settings.json and conversations are kept (1.7+: fallback of OH_PERSISTENCE_DIR)",
        readBy: [{ tag: "0.59.0", path: "openhands/core/config/openhands_config.py" }, { tag: "1.8.0", path: "openhands/app_server/config.py" }],
    },
    OH_PERSISTENCE_DIR: {
        generations: [Generation.V1],
        meaning: "the V1 app server's state directory",
        readBy: [{ tag: "1.2.0", path: "openhands/app_server/config.py" }, { tag: "1.8.0", path: "openhands/app_server/config.py" }],
    },
    AGENT_SERVER_IMAGE_REPOSITORY: {
        generations: [Generation.V1],
        meaning: "sandbox image repository, used only together with AGENT_SERVER_IMAGE_TAG",
        readBy: [{ tag: "1.8.0", path: "openhands/app_server/sandbox/sandbox_spec_service.py" }],
    },
    AGENT_SERVER_IMAGE_TAG: {
        generations: [Generation.V1],
        meaning: "sandbox image tag, used only together with AGENT_SERVER_IMAGE_REPOSITORY",
        readBy: [{ tag: "1.8.0", path: "openhands/app_server/sandbox/sandbox_spec_service.py" }],
    },
    SANDBOX_CONTAINER_URL_PATTERN: {
        generations: [Generation.V1],
        meaning: "absolute URL of each sandbox port, {port} replaced by the published port; given to the browser and called by the app",
        readBy: [{ tag: "1.2.0", path: "openhands/app_server/config.py" }, { tag: "1.8.0", path: "openhands/app_server/sandbox/docker_sandbox_service.py" }],
    },
    SANDBOX_VOLUMES: {
        generations: [Generation.V1],
        meaning: "host:container:mode mounts of every sandbox; here the workspace at the sandbox's working directory",
        readBy: [{ tag: "1.8.0", path: "openhands/app_server/config.py" }, { tag: "1.8.0", path: "openhands/app_server/sandbox/docker_sandbox_spec_service.py" }],
    },
    NO_SETUP: {
        generations: [Generation.V0, Generation.V1],
        meaning: "the entrypoint runs the app as the container's user instead of requiring root",
        readBy: [{ tag: "0.59.0", path: "containers/app/entrypoint.sh" }, { tag: "1.8.0", path: "containers/app/entrypoint.sh" }],
    },
    GOOGLE_APPLICATION_CREDENTIALS: {
        generations: [Generation.V0, Generation.V1],
        meaning: "path of the Google service-account key file",
        readBy: [],
        definedBy: "Google's client libraries (Application Default Credentials)",
    },
    DOCKER_TLS_CERTDIR: {
        generations: [Generation.V0, Generation.V1],
        meaning: "empty: the Docker daemon sidecar makes no TLS certificates (it listens on a unix socket only)",
        readBy: [],
        definedBy: "the docker:dind image's entrypoint",
    },
};

/** Parses `1.8`, `1.8.0` or `v1.8.0` (an optional suffix such as `-python` is ignored). */
export function parseVersion(text: string): Version | undefined {
    const match = /^v?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?(?:[-+].*)?$/.exec(text.trim());
    if (!match) return undefined;
    return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

/** Orders two versions. */
export function compareVersions(a: Version, b: Version): number {
    return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** A version as `major.minor.patch`. */
export function formatVersion(v: Version): string {
    return `${v.major}.${v.minor}.${v.patch}`;
}

/** Why a version cannot be deployed, or undefined when it can. */
export function unsupportedBecause(v: Version): string | undefined {
    if (compareVersions(v, SUPPORTED.oldest) < 0) {
        return "releases before 0.10 read SANDBOX_API_HOSTNAME, which no later release reads";
    }
    if (v.major === 1 && compareVersions(v, SUPPORTED.oldestV1) < 0) {
        return "1.0 and 1.1 read no SANDBOX_CONTAINER_URL_PATTERN and their UI drops a sandbox URL's path prefix";
    }
    if (compareVersions(v, SUPPORTED.newest) > 0) {
        return "1.8 is the last release of this app; from 1.9 the name OpenHands belongs to Agent Canvas, a different app";
    }
    return undefined;
}

/** The pinned release of a version (`1.8` and `1.8.0` both find 1.8.0), if the table has it. */
export function releaseOf(v: Version): Release | undefined {
    return RELEASES.find((r) => {
        const pinned = parseVersion(r.version);
        return pinned !== undefined && compareVersions(pinned, v) === 0;
    });
}

/** The tag of an image reference (after the last ':' that follows the last '/'), without a digest. */
export function tagOf(image: string): string | undefined {
    const withoutDigest = image.split("@")[0];
    const lastSlash = withoutDigest.lastIndexOf("/");
    const colon = withoutDigest.indexOf(":", lastSlash + 1);
    return colon === -1 ? undefined : withoutDigest.slice(colon + 1);
}

/** Splits `repo:tag` into the two AGENT_SERVER_IMAGE_* values; undefined without a tag or with a digest. */
export function splitRepositoryAndTag(image: string): { repository: string; tag: string } | undefined {
    if (image.includes("@")) return undefined;
    const tag = tagOf(image);
    if (tag === undefined || tag === "") return undefined;
    return { repository: image.slice(0, image.length - tag.length - 1), tag };
}

/**
 * The release contract: which OpenHands releases the component deploys, which
 * generation of the app each one is, the images each pinned release names, and
 * where every environment variable the component sets is read in OpenHands' own
 * code. A leaf: it imports nothing of ours.
 *
 * Sources: the OpenHands app repository (OpenHands/OpenHands, frozen as
 * OpenHands/legacy; read here through the public mirror CrazyForks/OpenHands: at its
 * release tags up to 1.8.0, where tag 1.8.0 is commit bc26df351dd5, and by commit for
 * the later releases, which the mirror carries untagged: 1.9.0 14da5aa34b3e, 1.9.1
 * 6e2898809d21, 1.9.2 ede3d75eb06f, 1.9.3 8ea5cd70faf1, 1.10.0 a114a2319017, 1.11.0
 * 11ca68ab2e15). 1.11.0 is the app's last release: the mirror's later history (e.g.
 * 61dd77674, 2026-08-12) is Agent Canvas, a different app.
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

/** Where a fact was read: the release and the file in the app's repository. */
export interface Citation {
    /** Release the file was read at (its tag, or the version of an untagged release commit). */
    readonly tag: string;
    /** Path of the file in the repository. */
    readonly path: string;
    /** The release commit (abbreviated), for releases the mirror carries without a tag. */
    readonly commit?: string;
    /** How the file reads it, when the variable's name is not spelled out there. */
    readonly how?: string;
}

/** The release commits the mirror CrazyForks/OpenHands carries without tags. */
export const RELEASE_COMMITS: Readonly<Record<string, string>> = {
    "1.9.0": "14da5aa34b3e",
    "1.9.1": "6e2898809d21",
    "1.9.2": "ede3d75eb06f",
    "1.9.3": "8ea5cd70faf1",
    "1.10.0": "a114a2319017",
    "1.11.0": "11ca68ab2e15",
};

/** A citation of `path` at release `tag`, with its commit when the release is untagged. */
function at(tag: string, path: string, how?: string): Citation {
    const commit = RELEASE_COMMITS[tag];
    return { tag, path, ...(commit === undefined ? {} : { commit }), ...(how === undefined ? {} : { how }) };
}

/**
 * How a release reads `AGENT_SERVER_IMAGE_REPOSITORY` and `AGENT_SERVER_IMAGE_TAG`
 * (`get_agent_server_image` in openhands/app_server/sandbox/sandbox_spec_service.py).
 */
export const AgentServerOverride = {
    /** Up to 1.9.0: the two are used only when both are set; otherwise the compiled-in image. */
    Pair: "pair",
    /**
     * From 1.9.1: each is used alone (the other falls back to the official repository or
     * `<bundled version>-python`), and on the official repository a tag `<version>-<suffix>`
     * whose version is not the bundled openhands-agent-server's gets that version put in,
     * with only a log warning.
     */
    Separate: "separate",
} as const;
/** How a release reads the agent-server override. */
export type AgentServerOverride = (typeof AgentServerOverride)[keyof typeof AgentServerOverride];

/** The official agent-server repository, which 1.9.1 and later correct tags on. */
export const OFFICIAL_AGENT_SERVER_REPOSITORY = "ghcr.io/openhands/agent-server";

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
    /** 1.x: the version of the openhands-agent-server package the app bundles (pyproject.toml). */
    readonly bundledAgentServer?: string;
}

/** The versions the component can deploy, and why the others are refused. */
export const SUPPORTED = {
    /** Oldest 0.x: the first that reads SANDBOX_LOCAL_RUNTIME_URL (the guide's SANDBOX_API_HOSTNAME is older). */
    oldest: { major: 0, minor: 10, patch: 0 },
    /** Oldest 1.x: 1.0 and 1.1 read no SANDBOX_CONTAINER_URL_PATTERN and their UI drops a URL's path prefix. */
    oldestV1: { major: 1, minor: 2, patch: 0 },
    /** Newest: 1.11.0 is the last release of this app (its repository then became Agent Canvas's). */
    newest: { major: 1, minor: 11, patch: 0 },
} as const;

/**
 * Releases inside the supported range that are refused anyway, and why. 1.9.0 to 1.9.2 stop
 * at start on SQLite, the store the open-source app uses without a database server (as here):
 * migration 013 passes its index column as a bare string, which SQLite's batch mode reads
 * letter by letter (`DuplicateColumnError: A column with name 'e' is already present`,
 * OpenHands/OpenHands#15173); commit eecb90215 fixed it, first released in 1.9.3.
 */
export const BROKEN_RELEASES: readonly { readonly from: Version; readonly to: Version; readonly why: string }[] = [
    {
        from: { major: 1, minor: 9, patch: 0 },
        to: { major: 1, minor: 9, patch: 2 },
        why: "1.9.0 to 1.9.2 crash at start on SQLite, the app's store here: database migration 013 fails with " +
            "DuplicateColumnError; fixed in 1.9.3",
    },
];

/** The release the stacks deploy when nothing pins another. */
export const DEFAULT_VERSION = "1.11.0";

/** The app images of a release are named by the release workflows at its commit. */
function appImageSources(tag: string): Citation[] {
    return [at(tag, ".github/workflows/ghcr-build.yml"), at(tag, ".github/workflows/tag-image.yml")];
}

/** From 1.9.1 the agent-server image is `<repository>:<bundled openhands-agent-server>-python`. */
function bundledSources(tag: string): Citation[] {
    return [at(tag, "pyproject.toml"), at(tag, "openhands/app_server/sandbox/sandbox_spec_service.py")];
}

/** Every pinned release, newest first. */
export const RELEASES: readonly Release[] = [
    {
        version: "1.11.0",
        appImage: "ghcr.io/openhands/openhands:1.11.0",
        sandboxImage: "ghcr.io/openhands/agent-server:1.34.0-python",
        bundledAgentServer: "1.34.0",
        sources: [...appImageSources("1.11.0"), ...bundledSources("1.11.0")],
    },
    {
        version: "1.10.0",
        appImage: "ghcr.io/openhands/openhands:1.10.0",
        sandboxImage: "ghcr.io/openhands/agent-server:1.33.0-python",
        bundledAgentServer: "1.33.0",
        sources: [...appImageSources("1.10.0"), ...bundledSources("1.10.0")],
    },
    {
        version: "1.9.3",
        appImage: "ghcr.io/openhands/openhands:1.9.3",
        sandboxImage: "ghcr.io/openhands/agent-server:1.33.0-python",
        bundledAgentServer: "1.33.0",
        sources: [...appImageSources("1.9.3"), ...bundledSources("1.9.3")],
    },
    {
        version: "1.8.0",
        appImage: "ghcr.io/openhands/openhands:1.8.0",
        sandboxImage: "ghcr.io/openhands/agent-server:1.27.0-python",
        sources: [...appImageSources("1.8.0"), at("1.8.0", "openhands/app_server/sandbox/sandbox_spec_service.py")],
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
            { tag: "1.6.0", path: "containers/app/config.sh", how: "DOCKER_REGISTRY/DOCKER_ORG/DOCKER_IMAGE, joined by containers/build.sh" },
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

/** 0.x reads its settings by field name: `load_from_env` in utils.py upper-cases `<section>_<field>`. */
const V0_LOADER = "openhands/core/config/utils.py";

/**
 * Every environment variable any container of the component sets, with the file that reads
 * it at the oldest release cited and at the default release (1.11.0). Each citation was
 * checked by `scripts/check-citations.ts` against the mirror.
 */
export const ENV_CONTRACT: Readonly<Record<string, EnvContract>> = {
    SANDBOX_USER_ID: {
        generations: [Generation.V0],
        meaning: "uid the root entrypoint creates and switches to (it exits when unset)",
        readBy: [at("0.59.0", "containers/app/entrypoint.sh")],
    },
    WORKSPACE_MOUNT_PATH: {
        generations: [Generation.V0],
        meaning: "directory (on the Docker host) mounted into each runtime sandbox as its workspace (deprecated for SANDBOX_VOLUMES in late 0.x, still read)",
        readBy: [at("0.59.0", V0_LOADER, "load_from_env, field workspace_mount_path of openhands_config.py")],
    },
    SANDBOX_LOCAL_RUNTIME_URL: {
        generations: [Generation.V0],
        meaning: "where the app reaches the ports its runtime sandboxes publish on the Docker host",
        readBy: [at("0.59.0", V0_LOADER, "load_from_env, field local_runtime_url of sandbox_config.py")],
    },
    SANDBOX_RUNTIME_CONTAINER_IMAGE: {
        generations: [Generation.V0],
        meaning: "the runtime image of the 0.x sandboxes",
        readBy: [at("0.59.0", V0_LOADER, "load_from_env, field runtime_container_image of sandbox_config.py")],
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
        readBy: [
            at("0.59.0", V0_LOADER, "load_from_env, field file_store of openhands_config.py"),
            at("1.8.0", "openhands/app_server/utils/environment.py"), at("1.11.0", "openhands/app_server/utils/environment.py"),
        ],
    },
    FILE_STORE_PATH: {
        generations: [Generation.V0, Generation.V1],
        meaning: "where settings.json and conversations are kept (1.7+: fallback of OH_PERSISTENCE_DIR)",
        readBy: [
            at("0.59.0", V0_LOADER, "load_from_env, field file_store_path of openhands_config.py"),
            at("1.8.0", "openhands/app_server/config.py"), at("1.11.0", "openhands/app_server/config.py"),
        ],
    },
    OH_PERSISTENCE_DIR: {
        generations: [Generation.V1],
        meaning: "the V1 app server's state directory (its SQLite database openhands.db is there)",
        readBy: [at("1.2.0", "openhands/app_server/config.py"), at("1.11.0", "openhands/app_server/config.py")],
    },
    AGENT_SERVER_IMAGE_REPOSITORY: {
        generations: [Generation.V1],
        meaning: "sandbox image repository: up to 1.9.0 used only together with AGENT_SERVER_IMAGE_TAG; from 1.9.1 alone too",
        readBy: [
            at("1.8.0", "openhands/app_server/sandbox/sandbox_spec_service.py"),
            at("1.11.0", "openhands/app_server/sandbox/sandbox_spec_service.py"),
        ],
    },
    AGENT_SERVER_IMAGE_TAG: {
        generations: [Generation.V1],
        meaning: "sandbox image tag: up to 1.9.0 used only together with AGENT_SERVER_IMAGE_REPOSITORY; from 1.9.1 alone too, " +
            `and on ${OFFICIAL_AGENT_SERVER_REPOSITORY} a tag's version is replaced by the bundled agent-server's`,
        readBy: [
            at("1.8.0", "openhands/app_server/sandbox/sandbox_spec_service.py"),
            at("1.11.0", "openhands/app_server/sandbox/sandbox_spec_service.py"),
        ],
    },
    SANDBOX_CONTAINER_URL_PATTERN: {
        generations: [Generation.V1],
        meaning: "absolute URL of each sandbox port, {port} replaced by the published port; given to the browser and called by the app",
        readBy: [at("1.2.0", "openhands/app_server/config.py"), at("1.11.0", "openhands/app_server/config.py")],
    },
    SANDBOX_VOLUMES: {
        generations: [Generation.V1],
        meaning: "host:container:mode mounts of every sandbox; here the workspace at the sandbox's working directory",
        readBy: [at("1.8.0", "openhands/app_server/config.py"), at("1.11.0", "openhands/app_server/config.py")],
    },
    SANDBOX_STARTUP_GRACE_SECONDS: {
        generations: [Generation.V1],
        meaning: "seconds after a sandbox container starts during which a failing /health means 'starting', not 'error' " +
            "(read from 1.4.0; release default 15)",
        readBy: [
            at("1.4.0", "openhands/app_server/config.py"),
            at("1.11.0", "openhands/app_server/config.py"),
        ],
    },
    NO_SETUP: {
        generations: [Generation.V0, Generation.V1],
        meaning: "the entrypoint runs the app as the container's user instead of requiring root",
        readBy: [at("0.59.0", "containers/app/entrypoint.sh"), at("1.11.0", "containers/app/entrypoint.sh")],
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

/** The first release that reads SANDBOX_STARTUP_GRACE_SECONDS (1.2.0 and 1.3.0 only have the built-in 15 s). */
export const STARTUP_GRACE_SINCE: Version = { major: 1, minor: 4, patch: 0 };

/**
 * The component's SANDBOX_STARTUP_GRACE_SECONDS where a release reads it. The release's own 15 s
 * (STARTUP_GRACE_SECONDS in docker_sandbox_service.py) counts from the container's start, and the
 * agent-server answers /health only after its lifespan has started VS Code (whose start it awaits
 * for up to 30 s, vscode_service.py) and preloaded its tools (api.py, software-agent-sdk v1.34.0),
 * inside a Docker daemon that shares a CPU limit with every other sandbox of the pod: 120 s is four
 * times that VS Code bound. A sandbox that never comes up is reported after 2 minutes instead of 15 s.
 */
export const DEFAULT_STARTUP_GRACE_SECONDS = 120;

/**
 * How long a sandbox pod may take to start in the pods mode before the app gives up on it
 * (`OH_APP_CONVERSATION_SANDBOX_STARTUP_TIMEOUT`; the app's own default is 120 s). A node pulls
 * the agent-server image, several GB, on a sandbox's first start there: that alone can pass 120 s.
 */
export const PODS_STARTUP_TIMEOUT_SECONDS = 600;

/** Whether a 1.x release reads SANDBOX_STARTUP_GRACE_SECONDS ({@link STARTUP_GRACE_SINCE} and later). */
export function readsStartupGrace(v: Version): boolean {
    return compareVersions(v, STARTUP_GRACE_SINCE) >= 0;
}

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
        return "1.11.0 is the last release of the OpenHands app; higher version numbers are Agent Canvas's, a different app";
    }
    const broken = BROKEN_RELEASES.find((b) => compareVersions(v, b.from) >= 0 && compareVersions(v, b.to) <= 0);
    return broken?.why;
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

/**
 * Repositories whose images are the OpenHands app, so an image's tag there names a release of
 * it: the release table's, the guide's (the organisation's name before OpenHands), and the
 * registry the READMEs from 0.60 name (README.md at 0.62.0; OpenHands/OpenHands#15173 runs
 * 1.9.2 from it).
 */
export const APP_REPOSITORIES: readonly string[] = [
    ...new Set([
        ...RELEASES.map((r) => repositoryOf(r.appImage)),
        "docker.openhands.dev/openhands/openhands",
        "ghcr.io/all-hands-ai/openhands",
    ]),
];

/**
 * The repository of Agent Canvas, the different app (TypeScript, port 8000) that took over the
 * OpenHands repository after 1.11.0 and numbers its own releases 1.x too (README.md of
 * CrazyForks/OpenHands at 61dd77674: `ghcr.io/openhands/agent-canvas:1.12.0`).
 */
export const AGENT_CANVAS_REPOSITORY = "ghcr.io/openhands/agent-canvas";

/** Which app an image is, by its repository. */
export const ImageApp = {
    /** A repository of the OpenHands app: its tag names the release. */
    OpenHands: "openhands",
    /** Agent Canvas: never deployable here, whatever the tag. */
    AgentCanvas: "agentCanvas",
    /** Any other repository (a mirror, a build of one's own): the tag cannot say which app or release. */
    Unknown: "unknown",
} as const;
/** Which app an image is. */
export type ImageApp = (typeof ImageApp)[keyof typeof ImageApp];

/** An image reference without its tag and digest (`registry/path`), lower-cased. */
export function repositoryOf(image: string): string {
    const withoutDigest = image.trim().split("@")[0];
    const tag = tagOf(withoutDigest);
    return (tag === undefined ? withoutDigest : withoutDigest.slice(0, withoutDigest.length - tag.length - 1)).toLowerCase();
}

/** Which app an image is, by its repository alone. Agent Canvas is recognised under any registry host. */
export function imageApp(image: string): ImageApp {
    const repository = repositoryOf(image);
    if (APP_REPOSITORIES.includes(repository)) return ImageApp.OpenHands;
    const canvasPath = AGENT_CANVAS_REPOSITORY.slice(AGENT_CANVAS_REPOSITORY.indexOf("/"));
    if (repository === AGENT_CANVAS_REPOSITORY || repository.endsWith(canvasPath)) return ImageApp.AgentCanvas;
    return ImageApp.Unknown;
}

/** How a release reads the agent-server override (see {@link AgentServerOverride}). */
export function agentServerOverrideOf(v: Version): AgentServerOverride {
    return compareVersions(v, { major: 1, minor: 9, patch: 1 }) >= 0 ? AgentServerOverride.Separate : AgentServerOverride.Pair;
}

/**
 * The agent-server image a release runs when given AGENT_SERVER_IMAGE_REPOSITORY=`repository`
 * and AGENT_SERVER_IMAGE_TAG=`tag` (the component always sets both), as
 * `get_agent_server_image` computes it: up to 1.9.0 the pair as given; from 1.9.1, on the
 * official repository, a tag `<version>-<rest>` gets the bundled version in place of its
 * own. `bundled` is the release's openhands-agent-server version (needed from 1.9.1).
 */
export function agentServerImageRun(v: Version, bundled: string | undefined, repository: string, tag: string): string {
    if (agentServerOverrideOf(v) === AgentServerOverride.Pair || repository !== OFFICIAL_AGENT_SERVER_REPOSITORY || bundled === undefined) {
        return `${repository}:${tag}`;
    }
    const dash = tag.indexOf("-");
    if (dash < 0 || tag.slice(0, dash) === bundled) return `${repository}:${tag}`;
    return `${repository}:${bundled}${tag.slice(dash)}`;
}

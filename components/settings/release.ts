/**
 * Which release the args deploy, and the defaults that follow from it: the images,
 * the Docker engine and the app's user. Pure.
 */
import type { FlatArgs } from "../args";
import { DockerEngine, NO_DOCKER_ENGINE, Platform, SandboxMode } from "../enums";
import * as pulumi from "@pulumi/pulumi";
import {
    AGENT_CANVAS_REPOSITORY, agentServerImageRun, APP_REPOSITORIES, DEFAULT_STARTUP_GRACE_SECONDS, PODS_STARTUP_TIMEOUT_SECONDS, DEFAULT_VERSION, formatVersion, Generation,
    ImageApp, imageApp, parseVersion, readsStartupGrace, releaseOf, splitRepositoryAndTag, STARTUP_GRACE_SINCE, tagOf,
    unsupportedBecause, type Version,
} from "../releases";
import type { ResolvedRelease } from "./types";
import { argKey, InvalidSettingsError, type Problem, show, SUPPORTED_RANGE } from "./validate";

/** The uid and gid of the user `openhands` in the app image of every release. */
export const APP_IMAGE_USER = 42420;

/** The release and the defaults it decides. */
export interface ReleaseChoice {
    /** The release. */
    readonly release: ResolvedRelease;
    /** The app image. */
    readonly appImage: pulumi.Input<string>;
    /** 1.x: the agent-server image, when pinned by the user or the release table. */
    readonly agentServerImage?: pulumi.Input<string>;
    /** 0.x: the runtime image, when set by the user or the release table. */
    readonly runtimeImage?: pulumi.Input<string>;
    /** Where the Docker daemon comes from; `none` with `sandboxes: pods`. */
    readonly dockerEngine: DockerEngine | typeof NO_DOCKER_ENGINE;
    /** The app's non-root uid, when it runs as one. */
    readonly appRunAsUser?: number;
    /** SANDBOX_STARTUP_GRACE_SECONDS, when the release reads it: the user's, else the component's default. */
    readonly sandboxStartupGraceSeconds?: number;
    /** Problems with the combination. */
    readonly problems: Problem[];
}

/**
 * The first release whose runtime API client the adapter was checked against
 * (openhands/app_server/sandbox/remote_sandbox_service.py at 1.8.0 and 1.11.0, adapter/README.md).
 */
export const PODS_SINCE: Version = { major: 1, minor: 8, patch: 0 };


/** {@link DEFAULT_VERSION}, parsed. */
function defaultVersion(): Version {
    const parsed = parseVersion(DEFAULT_VERSION);
    if (parsed === undefined) throw new Error(`DEFAULT_VERSION '${DEFAULT_VERSION}' is not a version`);
    return parsed;
}

/** The version an app image's tag states, if its tag is a version. */
function versionOfImage(image: string): Version | undefined {
    const tag = tagOf(image);
    return tag === undefined ? undefined : parseVersion(tag);
}

/** The OpenHands app's own repository, as messages suggest it. */
const APP_REPOSITORY = APP_REPOSITORIES[0];

/** The problem of an Agent Canvas image, or of an image whose repository cannot say which app it is. */
function repositoryProblem(args: FlatArgs, image: string, app: ImageApp): Problem {
    if (app === ImageApp.AgentCanvas) {
        return `${argKey("appImage")}: ${show(image)} is an image of Agent Canvas (${AGENT_CANVAS_REPOSITORY}), a different ` +
            "app (TypeScript, port 8000) whose own 1.x version numbers collide with OpenHands'; this component deploys the " +
            `OpenHands app, not Agent Canvas; accepted: an image of the OpenHands app, e.g. ${APP_REPOSITORY}:${DEFAULT_VERSION}`;
    }
    if (app === ImageApp.Unknown && args.openhandsVersion === undefined) {
        return `${argKey("openhandsVersion")}: missing; ${argKey("appImage")} ${show(image)} is not of a repository this ` +
            `component knows as the OpenHands app (${APP_REPOSITORIES.join(", ")}), so its tag cannot say which app and ` +
            "release it runs (Agent Canvas numbers its releases 1.x too); accepted: the OpenHands version that image runs " +
            `(e.g. ${DEFAULT_VERSION} or 0.59), or an image of ${APP_REPOSITORY}`;
    }
    return undefined;
}

/**
 * Why `image` as `agentServerImage` would not be what the release runs, or undefined when it
 * would (see {@link agentServerImageRun}).
 */
export function agentServerOverrideProblem(version: Version, bundled: string | undefined, image: string): Problem {
    const split = splitRepositoryAndTag(image);
    if (split === undefined) return undefined;  // the catalog's own check reports it
    const run = agentServerImageRun(version, bundled, split.repository, split.tag);
    if (run === `${split.repository}:${split.tag}`) return undefined;
    return `${argKey("agentServerImage")}: ${show(image)} would not run: ${formatVersion(version)} puts the version of its ` +
        `bundled agent-server (${bundled}) into any '<version>-...' tag of ${split.repository}, so it would start ${run}, ` +
        `with only a warning in its log; accepted: ${split.repository}:${bundled}${split.tag.slice(split.tag.indexOf("-"))} ` +
        "(the release's own), or that image copied to another repository, which the app runs as given";
}

/**
 * `agentServerImage` checked against what the release does with it: a plain value now (the
 * problem is collected), another resource's output when it is known (it fails the resources that use it).
 */
function checkedAgentServerImage(
    image: pulumi.Input<string>, version: Version, bundled: string | undefined, problems: Problem[],
): pulumi.Input<string> {
    if (typeof image === "string") {
        problems.push(agentServerOverrideProblem(version, bundled, image));
        return image;
    }
    return pulumi.output(image).apply((known) => {
        const problem = agentServerOverrideProblem(version, bundled, known);
        if (problem !== undefined) throw new InvalidSettingsError([problem]);
        return known;
    });
}

/**
 * Resolves the release from `openhandsVersion` and `appImage` (its repository says which app
 * it is: the OpenHands app's own repositories name the release in their tag, Agent Canvas is
 * refused, and any other repository needs `openhandsVersion`), then its defaults.
 */
export function resolveRelease(args: FlatArgs, platform: Platform): ReleaseChoice {
    const problems: Problem[] = [];
    const stated = args.openhandsVersion === undefined ? undefined : parseVersion(args.openhandsVersion);
    const image = args.appImage;
    const imageIsPlain = typeof image === "string";
    const app = imageIsPlain ? imageApp(image) : undefined;
    const tagged = imageIsPlain && app !== ImageApp.AgentCanvas ? versionOfImage(image) : undefined;

    if (imageIsPlain) problems.push(repositoryProblem(args, image, app!));
    if (args.openhandsVersion === undefined && image !== undefined) {
        if (!imageIsPlain) {
            problems.push(`${argKey("openhandsVersion")}: missing; ${argKey("appImage")} is another resource's output, ` +
                `so its tag cannot tell which release it runs; accepted: the version that image runs, e.g. ${DEFAULT_VERSION} or 0.59`);
        } else if (app === ImageApp.OpenHands && tagged === undefined) {
            const tag = tagOf(image);
            problems.push(`${argKey("openhandsVersion")}: missing; ${argKey("appImage")} ${show(image)} ` +
                (tag === undefined ? "has no tag" : `has the tag '${tag}', which names no version`) +
                ", so nothing says which release's contract it follows; accepted: the version that image runs " +
                `(e.g. ${DEFAULT_VERSION} or 0.59), or an appImage tagged with its version`);
        }
    }
    if (stated !== undefined && tagged !== undefined && (stated.major !== tagged.major || stated.minor !== tagged.minor)) {
        problems.push(`${argKey("openhandsVersion")}: ${show(args.openhandsVersion)} disagrees with ${argKey("appImage")} ` +
            `${show(image)}, whose tag says ${tagged.major}.${tagged.minor}; accepted: the version the image runs`);
    }
    if (args.openhandsVersion === undefined && tagged !== undefined && app === ImageApp.OpenHands) {
        const why = unsupportedBecause(tagged);
        if (why !== undefined) {
            problems.push(`${argKey("appImage")}: ${show(image)} runs ${formatVersion(tagged)}, which is not supported ` +
                `(${why}); accepted: ${SUPPORTED_RANGE}`);
        }
    }

    // An image of an unknown repository says nothing about its release: only openhandsVersion does.
    const version = stated ?? (app === ImageApp.OpenHands ? tagged : undefined) ?? defaultVersion();
    const generation = version.major >= 1 ? Generation.V1 : Generation.V0;
    const pinned = releaseOf(version);
    const release: ResolvedRelease = {
        version: formatVersion(version),
        generation,
        pinned,
        nestedSettings: version.major > 1 || (version.major === 1 && version.minor >= 7),
    };

    const appImage = image ?? pinned?.appImage;
    if (appImage === undefined) {
        problems.push(`${argKey("appImage")}: missing; the release table pins no images for ${release.version}; ` +
            `accepted: the app image of that release, or a pinned ${argKey("openhandsVersion")}`);
    }

    const v1 = generation === Generation.V1;
    const tablePair = image === undefined ? pinned?.sandboxImage : undefined;
    const pods = args.sandboxes === SandboxMode.Pods;
    if (pods) problems.push(...podsProblems(release.version, version));
    const dockerEngine = pods ? NO_DOCKER_ENGINE : args.dockerEngine ??
        (!v1 && platform === Platform.OpenShift ? DockerEngine.HostSocket : DockerEngine.Dind);
    if (v1 && dockerEngine === DockerEngine.HostSocket) {
        problems.push(`${argKey("dockerEngine")}: 'hostSocket' cannot run the sandboxes of ${release.version}: they call ` +
            "the app back at host.docker.internal, which on the node's Docker is the node, not the app's pod, and the " +
            "pod's proxy cannot reach the ports they publish on the node; accepted: 'dind' (the default for 1.x), or " +
            `a 0.x ${argKey("openhandsVersion")}`);
    }
    if (v1 && args.runtimeImage !== undefined) {
        problems.push(`${argKey("runtimeImage")}: ${release.version} starts no runtime image (SANDBOX_RUNTIME_CONTAINER_IMAGE ` +
            `is a 0.x setting); accepted: leave it unset and set ${argKey("agentServerImage")} for 1.x sandboxes`);
    }
    if (args.sandboxStartupGraceSeconds !== undefined && !pods && !(v1 && readsStartupGrace(version))) {
        problems.push(`${argKey("sandboxStartupGraceSeconds")}: ${release.version} does not read SANDBOX_STARTUP_GRACE_SECONDS ` +
            `(${formatVersion(STARTUP_GRACE_SINCE)} and later 1.x releases do); accepted: leave it unset`);
    }
    const agentServerImage = v1 && args.agentServerImage !== undefined
        ? checkedAgentServerImage(args.agentServerImage, version, pinned?.bundledAgentServer, problems)
        : args.agentServerImage;
    if (!v1 && args.agentServerImage !== undefined) {
        problems.push(`${argKey("agentServerImage")}: ${release.version} runs 0.x runtime sandboxes, not agent-servers; ` +
            `accepted: leave it unset and set ${argKey("runtimeImage")}`);
    }
    return {
        release,
        appImage: appImage ?? "",
        // The table's sandbox image goes with the table's app image only; an app image of the user's own keeps
        // the sandbox image compiled into (1.x) or chosen by (0.x) that image unless one is set too.
        agentServerImage: v1 ? agentServerImage ?? tablePair : undefined,
        runtimeImage: v1 ? undefined : args.runtimeImage ?? tablePair,
        dockerEngine,
        appRunAsUser: args.appRunAsUser ?? (v1 && dockerEngine === DockerEngine.Dind ? APP_IMAGE_USER : undefined) ??
            // OpenShift's restricted-v2 SCC gives the pod a uid of the namespace's range itself, and refuses any other.
            (pods && platform !== Platform.OpenShift ? APP_IMAGE_USER : undefined),
        sandboxStartupGraceSeconds: pods ? args.sandboxStartupGraceSeconds ?? PODS_STARTUP_TIMEOUT_SECONDS
            : v1 && readsStartupGrace(version) ? args.sandboxStartupGraceSeconds ?? DEFAULT_STARTUP_GRACE_SECONDS : undefined,
        problems,
    };
}

/** What the pods mode cannot go with: a release before {@link PODS_SINCE}. */
function podsProblems(shown: string, version: Version): Problem[] {
    const problems: Problem[] = [];
    const older = version.major < PODS_SINCE.major ||
        (version.major === PODS_SINCE.major && version.minor < PODS_SINCE.minor);
    if (older) {
        problems.push(`${argKey("sandboxes")}: 'pods' needs the remote runtime API client of OpenHands ${formatVersion(PODS_SINCE)} ` +
            `or later, and ${argKey("openhandsVersion")} is ${shown}; accepted: 'docker' for this release, or a release from ` +
            `${formatVersion(PODS_SINCE)} on (e.g. ${DEFAULT_VERSION})`);
    }
    return problems;
}

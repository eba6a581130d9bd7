/**
 * Which release the args deploy, and the defaults that follow from it: the images,
 * the Docker engine and the app's user. Pure.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { FlatArgs } from "../args";
import { DockerEngine, Platform } from "../enums";
import {
    DEFAULT_VERSION, formatVersion, Generation, parseVersion, releaseOf, tagOf, unsupportedBecause, type Version,
} from "../releases";
import type { ResolvedRelease } from "./types";
import { argKey, type Problem, show, SUPPORTED_RANGE } from "./validate";

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
    /** Where the Docker daemon comes from. */
    readonly dockerEngine: DockerEngine;
    /** The app's non-root uid, when it runs as one. */
    readonly appRunAsUser?: number;
    /** Problems with the combination. */
    readonly problems: Problem[];
}

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

/**
 * Resolves the release from `openhandsVersion` and `appImage`'s tag (a tag that
 * names no version, such as `main`, needs `openhandsVersion`), then its defaults.
 */
export function resolveRelease(args: FlatArgs, platform: Platform): ReleaseChoice {
    const problems: Problem[] = [];
    const stated = args.openhandsVersion === undefined ? undefined : parseVersion(args.openhandsVersion);
    const image = args.appImage;
    const imageIsPlain = typeof image === "string";
    const tagged = imageIsPlain ? versionOfImage(image) : undefined;

    if (args.openhandsVersion === undefined && image !== undefined) {
        if (!imageIsPlain) {
            problems.push(`${argKey("openhandsVersion")}: missing; ${argKey("appImage")} is another resource's output, ` +
                "so its tag cannot tell which release it runs; accepted: the version that image runs, e.g. 1.8.0 or 0.59");
        } else if (tagged === undefined) {
            const tag = tagOf(image);
            problems.push(`${argKey("openhandsVersion")}: missing; ${argKey("appImage")} ${show(image)} ` +
                (tag === undefined ? "has no tag" : `has the tag '${tag}', which names no version`) +
                ", so nothing says which release's contract it follows; accepted: the version that image runs " +
                "(e.g. 1.8.0 or 0.59), or an appImage tagged with its version");
        }
    }
    if (stated !== undefined && tagged !== undefined && (stated.major !== tagged.major || stated.minor !== tagged.minor)) {
        problems.push(`${argKey("openhandsVersion")}: ${show(args.openhandsVersion)} disagrees with ${argKey("appImage")} ` +
            `${show(image)}, whose tag says ${tagged.major}.${tagged.minor}; accepted: the version the image runs`);
    }
    if (args.openhandsVersion === undefined && tagged !== undefined) {
        const why = unsupportedBecause(tagged);
        if (why !== undefined) {
            problems.push(`${argKey("appImage")}: ${show(image)} runs ${formatVersion(tagged)}, which is not supported ` +
                `(${why}); accepted: ${SUPPORTED_RANGE}`);
        }
    }

    const version = stated ?? tagged ?? defaultVersion();
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
    const dockerEngine = args.dockerEngine ??
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
    if (!v1 && args.agentServerImage !== undefined) {
        problems.push(`${argKey("agentServerImage")}: ${release.version} runs 0.x runtime sandboxes, not agent-servers; ` +
            `accepted: leave it unset and set ${argKey("runtimeImage")}`);
    }
    return {
        release,
        appImage: appImage ?? "",
        // The table's sandbox image goes with the table's app image only; an app image of the user's own keeps
        // the sandbox image compiled into (1.x) or chosen by (0.x) that image unless one is set too.
        agentServerImage: v1 ? args.agentServerImage ?? tablePair : undefined,
        runtimeImage: v1 ? undefined : args.runtimeImage ?? tablePair,
        dockerEngine,
        appRunAsUser: args.appRunAsUser ?? (v1 && dockerEngine === DockerEngine.Dind ? APP_IMAGE_USER : undefined),
        problems,
    };
}

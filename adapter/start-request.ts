/**
 * The body of the app's `POST /start`, read and checked. Pure: no I/O.
 *
 * The app's request (CrazyForks/OpenHands, openhands/app_server/sandbox/
 * remote_sandbox_service.py, `start_sandbox`, the same at tag 1.8.0 and at 1.11.0's
 * commit 11ca68ab2e15):
 *   {image, command, working_dir: "/workspace", environment, session_id,
 *    resource_factor, run_as_user: 10001, run_as_group: 10001, fs_group: 10001}
 * plus `runtime_class: "sysbox-runc"` only when the app is configured for sysbox.
 */

/** A request the adapter refuses before touching Kubernetes (answered 400). */
export class BadRequest extends Error {
    constructor(message: string) {
        super(message);
        this.name = "BadRequest";
    }
}

/** What the adapter takes from a /start body. */
export interface StartRequest {
    /** The agent-server image (the app sends its sandbox spec's id, an image reference). */
    readonly image: string;
    /** The server's command; the pod runs it under `tini --`. */
    readonly command: readonly string[];
    /** Working directory of the container. */
    readonly workingDir: string;
    /** The sandbox's environment as the app sent it (holds LLM keys: secret). */
    readonly environment: Readonly<Record<string, string>>;
    /** The app's id of the sandbox. */
    readonly sessionId: string;
    /** Multiplier of the sandbox's CPU and memory (1, 2, 4 or 8). */
    readonly resourceFactor: number;
    /** uid of the container's processes. */
    readonly runAsUser: number;
    /** gid of the container's processes. */
    readonly runAsGroup: number;
    /** Group that owns the mounted volumes. */
    readonly fsGroup: number;
    /** A runtime class the app asked for (only ever `sysbox-runc`); logged, never used. */
    readonly runtimeClass: string | undefined;
}

/** The uid/gid of the agent-server image's `openhands` user (software-agent-sdk's Dockerfile). */
export const IMAGE_USER = 10001;
/** Largest resource factor the adapter accepts (the app's injector documents 1, 2, 4 or 8). */
export const MAX_RESOURCE_FACTOR = 8;

/**
 * Session ids the app makes: 32 hex characters (a conversation's UUID) or base62 of 16
 * random bytes (about 22 characters). Anything of this alphabet up to 128 characters passes.
 */
const SESSION_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** An environment variable name Kubernetes accepts as a Secret key and envFrom passes on. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** An image reference: no spaces or control characters, at most 512 characters. */
const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._\-/:@+]{0,511}$/;
/** Largest total size of the environment, in bytes: a Secret holds at most 1 MiB. */
const MAX_ENV_BYTES = 512 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function id(value: unknown, field: string): number {
    if (value === undefined || value === null) return IMAGE_USER;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 2147483647) {
        throw new BadRequest(`${field} must be a positive integer (a non-root id)`);
    }
    return value;
}

/** The session id of a body, checked (used by /start and to validate path ids). */
export function checkSessionId(value: unknown): string {
    if (typeof value !== "string" || !SESSION_ID.test(value)) {
        throw new BadRequest("session_id must be 1-128 characters of letters, digits, '-' or '_'");
    }
    return value;
}

/** Reads a /start body; throws BadRequest naming the first bad field. */
export function parseStartRequest(body: unknown): StartRequest {
    if (!isRecord(body)) throw new BadRequest("the body must be a JSON object");
    const sessionId = checkSessionId(body.session_id);
    if (typeof body.image !== "string" || !IMAGE.test(body.image)) throw new BadRequest("image must be an image reference");
    const command = body.command;
    if (!Array.isArray(command) || command.length === 0 || !command.every((c) => typeof c === "string" && c.length > 0)) {
        throw new BadRequest("command must be a non-empty array of non-empty strings");
    }
    const workingDir = body.working_dir ?? "/workspace";
    if (typeof workingDir !== "string" || !workingDir.startsWith("/")) throw new BadRequest("working_dir must be an absolute path");
    const environment: Record<string, string> = {};
    const env = body.environment ?? {};
    if (!isRecord(env)) throw new BadRequest("environment must be an object of strings");
    let bytes = 0;
    for (const [key, value] of Object.entries(env)) {
        if (!ENV_NAME.test(key)) throw new BadRequest(`environment: "${key}" is not a valid variable name`);
        if (typeof value !== "string") throw new BadRequest(`environment: the value of ${key} must be a string`);
        bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
        environment[key] = value;
    }
    if (bytes > MAX_ENV_BYTES) throw new BadRequest(`environment is larger than ${MAX_ENV_BYTES} bytes`);
    const factor = body.resource_factor ?? 1;
    if (typeof factor !== "number" || !Number.isInteger(factor) || factor < 1 || factor > MAX_RESOURCE_FACTOR) {
        throw new BadRequest(`resource_factor must be an integer from 1 to ${MAX_RESOURCE_FACTOR}`);
    }
    const runtimeClass = body.runtime_class;
    if (runtimeClass !== undefined && runtimeClass !== null && typeof runtimeClass !== "string") {
        throw new BadRequest("runtime_class must be a string");
    }
    return {
        image: body.image,
        command: command as string[],
        workingDir,
        environment,
        sessionId,
        resourceFactor: factor,
        runAsUser: id(body.run_as_user, "run_as_user"),
        runAsGroup: id(body.run_as_group, "run_as_group"),
        fsGroup: id(body.fs_group, "fs_group"),
        runtimeClass: typeof runtimeClass === "string" ? runtimeClass : undefined,
    };
}

/** Whether `image` is allowed: any when the list is empty, else an exact match or a prefix ending in `/` or `:`. */
export function imageAllowed(image: string, allowed: readonly string[]): boolean {
    if (allowed.length === 0) return true;
    return allowed.some((entry) => entry === image || ((entry.endsWith("/") || entry.endsWith(":")) && image.startsWith(entry)));
}

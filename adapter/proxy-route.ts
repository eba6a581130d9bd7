/**
 * Pure parts of the browser's route to the sandboxes (proxy.ts): which sandbox and which of
 * its ports a request target names, the path the sandbox gets, and the headers passed on in
 * each direction. No I/O.
 *
 * The paths are those OpenHands' app builds in path mode from a runtime URL
 * `<base>/sandbox/<name>` (`_build_service_url` in remote_sandbox_service.py, CrazyForks/OpenHands
 * at 1.8.0 and 1.11.0's 11ca68ab2e15): the agent-server under the URL itself, VS Code at
 * `/sandbox/<name>/vscode` (its base path, OH_VSCODE_BASE_PATH, so the full path is kept) and the
 * workers at `/sandbox/<name>/work-1` and `/work-2`.
 */
import { type PORTS, RUNTIME_ID_PREFIX, isSandboxName } from "./sandbox-objects";

/** A port of a sandbox pod, by its role. */
export type PortKind = keyof typeof PORTS;

/** The TCP port of each role (sandbox-objects.ts's PORTS in production; loopback ports in tests). */
export type PortTable = { readonly [K in PortKind]: number };

/** Where one request goes. */
export interface ProxyRoute {
    /** The sandbox's name (`oh-<20 hex>`). */
    readonly name: string;
    /** Which of its ports. */
    readonly kind: PortKind;
    /** The request target the sandbox gets: its path (prefix stripped, except for VS Code) and the query as sent. */
    readonly target: string;
    /** The prefix stripped from the path; empty when the full path is kept (VS Code). */
    readonly strippedPrefix: string;
}

/** The first path segment of every sandbox route. */
export const ROUTE_PREFIX = `/${RUNTIME_ID_PREFIX}`;

/** The workers' path segments and their ports' roles. */
const WORKERS: ReadonlyArray<readonly [string, PortKind]> = [["work-1", "worker1"], ["work-2", "worker2"]];

/** A `.` or `..` segment, plain or percent-encoded: browsers never send one. */
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

/**
 * The route of a request target (`req.url`, as received), or undefined when it is not
 * `/sandbox/<name>[/...]` with a name exactly of the adapter's form, or its path holds a
 * dot segment. The name is matched as sent, so no percent-encoding passes for one.
 */
export function routeOf(requestTarget: string): ProxyRoute | undefined {
    const queryAt = requestTarget.indexOf("?");
    const path = queryAt < 0 ? requestTarget : requestTarget.slice(0, queryAt);
    const query = queryAt < 0 ? "" : requestTarget.slice(queryAt);
    if (!path.startsWith(ROUTE_PREFIX) || DOT_SEGMENT.test(path)) return undefined;
    const nameEnd = path.indexOf("/", ROUTE_PREFIX.length);
    const name = path.slice(ROUTE_PREFIX.length, nameEnd < 0 ? undefined : nameEnd);
    if (!isSandboxName(name)) return undefined;
    const base = ROUTE_PREFIX + name;
    const rest = path.slice(base.length);
    const under = (segment: string): boolean => rest === `/${segment}` || rest.startsWith(`/${segment}/`);
    if (under("vscode")) return { name, kind: "vscode", target: path + query, strippedPrefix: "" };
    for (const [segment, kind] of WORKERS) {
        if (under(segment)) {
            const prefix = `${base}/${segment}`;
            return { name, kind, target: (path.slice(prefix.length) || "/") + query, strippedPrefix: prefix };
        }
    }
    return { name, kind: "agentServer", target: (rest || "/") + query, strippedPrefix: base };
}

/** Headers as Node's http module takes them: a name (as first received) and one value or several. */
export type HeaderMap = Record<string, string | string[]>;

/** Hop-by-hop headers (RFC 9110 section 7.6.1, plus the old Keep-Alive and Proxy-Connection): never passed on. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"]);

/**
 * Request headers the proxy never passes on: the runtime API's key; what it sets itself; a
 * `Forwarded` it does not maintain; `X-Forwarded-Prefix`, which would make VS Code build its
 * paths on another base than the one it was given; and `Expect`, which Node's server has
 * already answered.
 */
const DROPPED_REQUEST_HEADERS = new Set([
    "x-api-key", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-prefix", "forwarded", "expect",
]);

/** The lower-case header names listed in the Connection header(s) of `raw` (they are hop-by-hop too). */
function connectionTokens(raw: readonly string[]): Set<string> {
    const tokens = new Set<string>();
    for (let i = 0; i < raw.length; i += 2) {
        if (raw[i].toLowerCase() !== "connection") continue;
        for (const token of raw[i + 1].split(",")) tokens.add(token.trim().toLowerCase());
    }
    return tokens;
}

/** Whether a header is hop-by-hop: in the fixed list, any `Proxy-*`, or named by Connection. */
function hopByHop(lower: string, listed: ReadonlySet<string>): boolean {
    return HOP_BY_HOP.has(lower) || lower.startsWith("proxy-") || listed.has(lower);
}

/** Adds a header value, keeping the case of the name as first seen and every repeated value. */
function add(headers: HeaderMap, names: Map<string, string>, name: string, value: string): void {
    const lower = name.toLowerCase();
    const key = names.get(lower) ?? name;
    names.set(lower, key);
    const existing = headers[key];
    if (existing === undefined) headers[key] = value;
    else headers[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
}

/** The first value of a header in `raw` (Node's `rawHeaders`), or undefined. */
function first(raw: readonly string[], lower: string): string | undefined {
    for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === lower) return raw[i + 1];
    return undefined;
}

/** An address as a peer's: IPv4-mapped IPv6 shown as IPv4. */
function plainAddress(address: string): string {
    return address.startsWith("::ffff:") && address.includes(".") ? address.slice("::ffff:".length) : address;
}

/** What {@link requestHeaders} adds about the client. */
export interface ClientFacts {
    /** The connection's peer address. */
    readonly remoteAddress: string;
    /** Whether this is an Upgrade (WebSocket) request, whose Connection and Upgrade are kept. */
    readonly upgrade: boolean;
}

/**
 * The headers a sandbox gets, from the client's (`rawHeaders`): hop-by-hop headers and
 * {@link DROPPED_REQUEST_HEADERS} removed (for an upgrade, `Connection: Upgrade` and `Upgrade`
 * kept), `Host` as sent, and
 * - `X-Forwarded-For`: the client's chain with the peer's address appended (a proxy in front
 *   sends the real client; the sandbox trusts it for nothing);
 * - `X-Forwarded-Proto`: `http` or `https` as a proxy in front reported it, else `http` (this
 *   listener's own scheme);
 * - `X-Forwarded-Host`: the `Host` sent.
 */
export function requestHeaders(raw: readonly string[], client: ClientFacts): HeaderMap {
    const listed = connectionTokens(raw);
    const headers: HeaderMap = {};
    const names = new Map<string, string>();
    const forwardedFor: string[] = [];
    for (let i = 0; i < raw.length; i += 2) {
        const [name, value] = [raw[i], raw[i + 1]];
        const lower = name.toLowerCase();
        if (lower === "x-forwarded-for") forwardedFor.push(value);
        if (hopByHop(lower, listed) || DROPPED_REQUEST_HEADERS.has(lower)) continue;
        add(headers, names, name, value);
    }
    if (client.upgrade) {
        const upgrade = first(raw, "upgrade");
        if (upgrade !== undefined) {
            add(headers, names, "Connection", "Upgrade");
            add(headers, names, "Upgrade", upgrade);
        }
    }
    const chain = forwardedFor.join(", ").split(",").map((s) => s.trim()).filter((s) => s !== "");
    add(headers, names, "X-Forwarded-For", [...chain, plainAddress(client.remoteAddress)].join(", "));
    const proto = first(raw, "x-forwarded-proto")?.trim().toLowerCase();
    add(headers, names, "X-Forwarded-Proto", proto === "https" || proto === "http" ? proto : "http");
    const host = first(raw, "host");
    if (host !== undefined) add(headers, names, "X-Forwarded-Host", host);
    return headers;
}

/**
 * Where a sandbox's redirect should point: a sandbox whose prefix was stripped builds its
 * redirects on its own root, so `Location: /x` and `Location: http(s)://<Host sent>/x` become
 * `<prefix>/x`. Anything else (another site, or a route with its full path) is kept.
 */
export function rewriteLocation(location: string, strippedPrefix: string, host: string | undefined): string {
    if (strippedPrefix === "") return location;
    if (location.startsWith("/") && !location.startsWith("//")) return strippedPrefix + location;
    if (host !== undefined) {
        for (const scheme of ["http://", "https://"]) {
            const own = `${scheme}${host}/`;
            if (location.toLowerCase().startsWith(own.toLowerCase())) return strippedPrefix + location.slice(own.length - 1);
        }
    }
    return location;
}

/** The headers the client gets from a sandbox's answer (`rawHeaders`): hop-by-hop ones removed, Location rewritten. */
export function responseHeaders(raw: readonly string[], route: ProxyRoute, host: string | undefined): HeaderMap {
    const listed = connectionTokens(raw);
    const headers: HeaderMap = {};
    const names = new Map<string, string>();
    for (let i = 0; i < raw.length; i += 2) {
        const [name, value] = [raw[i], raw[i + 1]];
        const lower = name.toLowerCase();
        if (hopByHop(lower, listed)) continue;
        add(headers, names, name, lower === "location" ? rewriteLocation(value, route.strippedPrefix, host) : value);
    }
    return headers;
}

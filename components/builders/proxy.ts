/**
 * The reverse proxy in the app's pod, as nginx configuration text (pure: options in, text
 * out). One port carries everything the browser needs:
 *
 * - `/` goes to the app on the pod's loopback (HTTP and WebSocket: the 0.x app's socket.io
 *   uses the same port);
 * - `<runtimePrefix>/<port>/<rest>` goes to `http://127.0.0.1:<port>/<rest>` for a sandbox
 *   port, HTTP and WebSocket alike, only when `<port>` is in `runtimePorts` (the kernel's
 *   ephemeral range, where Docker publishes sandbox ports); any other port or text there is
 *   answered 404 by nginx itself, so the app's own port, the Docker API and everything else
 *   on the loopback stay out of reach;
 * - or, in the pods mode (`sandboxRoute`), `/sandbox/...` goes to the adapter's proxy
 *   listener instead, which checks the sandbox's name and picks its port (adapter/proxy.ts),
 *   and there are no `<runtimePrefix>/<port>/` routes.
 *
 * The text is a complete `nginx.conf` for a read-only root filesystem: nginx writes only
 * under `tempDir` (pid file and temp directories), logs errors to stderr and requests to
 * stdout, and names no `user` (a non-root container cannot switch users; a root master's
 * workers run as nginx's compiled-in default, `nobody`). It uses only directives that both
 * nginx 1.22 (Debian 12, which the tests run) and 1.28 (the unprivileged nginx image)
 * accept. Run it in the foreground with {@link nginxArgs}. The access log opens `/dev/stdout`
 * by path, which works when stdout is a pipe, terminal or file (as a container's is), not a socket.
 */
import * as net from "net";

/**
 * The kernel's default ephemeral port range (`net.ipv4.ip_local_port_range`, 32768-60999):
 * where a bind to port 0 lands, so where Docker publishes each sandbox port.
 */
export const EPHEMERAL_PORTS = { min: 32768, max: 60999 } as const;

/** The default path prefix under which sandbox ports are proxied. */
export const DEFAULT_RUNTIME_PREFIX = "/runtime";

/** The default (and, in the pod, the only writable) directory for nginx's pid and temp files. */
export const DEFAULT_TEMP_DIR = "/tmp";

/** The default IPv4 address nginx listens on: every address of the pod. */
export const DEFAULT_LISTEN_ADDRESS = "0.0.0.0";

/**
 * The default largest request body, in MiB: the UI uploads files into the workspace through
 * the app and the sandbox; larger requests get 413 from nginx before reaching either.
 */
export const DEFAULT_MAX_BODY_MEGABYTES = 100;

/** Seconds nginx waits to open a connection to the app or a sandbox (both on the loopback). */
export const CONNECT_TIMEOUT_SECONDS = 10;

/** The loopback address the app and the published sandbox ports listen on. */
export const UPSTREAM_HOST = "127.0.0.1";

/** What the proxy configuration is built from. */
export interface ProxyConfigOptions {
    /**
     * Ports nginx listens on (IPv4 only, on `listenAddress`): the Service's target port and
     * any port the sandbox URL pattern names, so the app's own calls to that URL land here.
     * Non-empty, no duplicates, none inside `runtimePorts`, none equal to `appPort`. Ports
     * below 1024 need `net.ipv4.ip_unprivileged_port_start` to allow them for a non-root user.
     */
    readonly listenPorts: readonly number[];
    /** Port of the app on the pod's loopback (OpenHands: 3000); must be outside `runtimePorts`. */
    readonly appPort: number;
    /**
     * Inclusive range of sandbox ports proxied under `runtimePrefix`; use {@link EPHEMERAL_PORTS}.
     * Every other port is refused with 404.
     */
    readonly runtimePorts: { readonly min: number; readonly max: number };
    /**
     * `proxy_read_timeout` and `proxy_send_timeout`, in seconds (whole, at least 1): how long an
     * idle request or WebSocket may stay open in either direction (an hour for long agent runs).
     */
    readonly readTimeoutSeconds: number;
    /**
     * Path prefix of the sandbox routes: `/` followed by segments of letters, digits, `.`, `_`,
     * `~`, `-`, separated by `/`, no trailing `/`. Default {@link DEFAULT_RUNTIME_PREFIX}.
     */
    readonly runtimePrefix?: string;
    /** IPv4 address nginx listens on. Default {@link DEFAULT_LISTEN_ADDRESS} (all); tests use 127.0.0.1. */
    readonly listenAddress?: string;
    /**
     * Absolute directory for the pid file and temp directories (the only place nginx writes).
     * Default {@link DEFAULT_TEMP_DIR}; tests use a fresh temporary directory.
     */
    readonly tempDir?: string;
    /** Largest request body in MiB (whole, at least 1). Default {@link DEFAULT_MAX_BODY_MEGABYTES}. */
    readonly maxBodyMegabytes?: number;
    /**
     * Addresses or CIDRs of proxies in front of this one (e.g. a router's pods) whose
     * `X-Forwarded-For` names the real client. Default none: the client address is the
     * connection's peer, and whatever a client sends in `X-Forwarded-For` is discarded.
     */
    readonly trustedProxies?: readonly string[];
    /**
     * The pods mode's browser route: when given, `/sandbox/...` (HTTP and WebSocket) goes to
     * the adapter's proxy listener at `upstream` (`host:port`, a host name or IPv4 address) with
     * the request's path and query exactly as sent, under the same timeouts and body limit as
     * the rest, and no `<runtimePrefix>/<port>/` route is generated (the app's pod then has no
     * sandbox ports). nginx resolves a host name once, when it starts.
     */
    readonly sandboxRoute?: SandboxRoute;
}

/** Where the pods mode's `/sandbox/` route goes (see {@link ProxyConfigOptions.sandboxRoute}). */
export interface SandboxRoute {
    /** `host:port` of the adapter's proxy listener, e.g. `openhands-adapter.openhands.svc:8081`. */
    readonly upstream: string;
}

/** The path prefix of the pods mode's sandbox route (the adapter's runtime URLs: `<base>/sandbox/<name>`). */
export const SANDBOX_ROUTE_PREFIX = "/sandbox/";

/** A proxy option that cannot produce a working, safe configuration. */
export class ProxyConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ProxyConfigError";
    }
}

/** The leading decimal digit of `n` and the rest, as strings (e.g. 32768 -> "3", "2768"). */
function headAndTail(n: string): [string, string] {
    return [n.slice(0, 1), n.slice(1)];
}

/** `[a-b]` (or the single digit) for the digits a..b. */
function digitClass(a: number, b: number): string {
    if (a === b) return String(a);
    if (a === 0 && b === 9) return "[0-9]";
    return `[${a}-${b}]`;
}

/** Alternatives matching every string of equal length `lo.length` from `lo` to `hi` (numerically). */
function sameLengthAlternatives(lo: string, hi: string): string[] {
    if (lo.length === 1) return [digitClass(Number(lo), Number(hi))];
    const [loHead, loTail] = headAndTail(lo);
    const [hiHead, hiTail] = headAndTail(hi);
    if (loHead === hiHead) {
        return [loHead + group(sameLengthAlternatives(loTail, hiTail))];
    }
    const anyTail = "[0-9]".repeat(loTail.length);
    const lowFull = /^0*$/.test(loTail);
    const highFull = /^9*$/.test(hiTail);
    const middleFrom = Number(loHead) + (lowFull ? 0 : 1);
    const middleTo = Number(hiHead) - (highFull ? 0 : 1);
    const parts: string[] = [];
    if (!lowFull) parts.push(loHead + group(sameLengthAlternatives(loTail, "9".repeat(loTail.length))));
    if (middleFrom <= middleTo) parts.push(digitClass(middleFrom, middleTo) + anyTail);
    if (!highFull) parts.push(hiHead + group(sameLengthAlternatives("0".repeat(hiTail.length), hiTail)));
    return parts;
}

/** One alternative as is, several as a non-capturing group. */
function group(alternatives: string[]): string {
    return alternatives.length === 1 ? alternatives[0] : `(?:${alternatives.join("|")})`;
}

/**
 * A regular-expression fragment matching exactly the decimal integers `min`..`max` (inclusive),
 * written without leading zeros or sign. It is unanchored and wrapped in one non-capturing
 * group, `(?:...)`, so it can be placed between other parts: anchor it (`^...$`) or follow it
 * with a delimiter where it is used. It uses only `(?:|)`, `[a-b]` and literal digits, so it
 * means the same in PCRE (nginx) and JavaScript, and contains no `{`, `}` or `;`.
 *
 * @param min smallest integer matched (a non-negative safe integer)
 * @param max largest integer matched (a safe integer, at least `min`)
 */
export function portRangePattern(min: number, max: number): string {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || max < min) {
        throw new ProxyConfigError(`portRangePattern: need integers 0 <= min <= max, got ${min}..${max}`);
    }
    const alternatives: string[] = [];
    const minDigits = String(min).length;
    const maxDigits = String(max).length;
    for (let digits = minDigits; digits <= maxDigits; digits++) {
        const smallest = digits === 1 ? 0 : 10 ** (digits - 1);
        const largest = 10 ** digits - 1;
        const lo = Math.max(min, smallest);
        const hi = Math.min(max, largest);
        alternatives.push(...sameLengthAlternatives(String(lo), String(hi)));
    }
    return `(?:${alternatives.join("|")})`;
}

/** Whether `port` is a whole number in `range` (inclusive). */
export function inPortRange(port: number, range: { readonly min: number; readonly max: number }): boolean {
    return Number.isInteger(port) && port >= range.min && port <= range.max;
}

/** Throws unless `port` is a TCP port number (1..65535). */
function checkPort(what: string, port: number): void {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new ProxyConfigError(`${what}: ${port} is not a TCP port (an integer 1..65535)`);
    }
}

/** Throws unless `value` is a whole number of at least 1. */
function checkPositiveInteger(what: string, value: number): void {
    if (!Number.isSafeInteger(value) || value < 1) {
        throw new ProxyConfigError(`${what}: ${value} is not a whole number of at least 1`);
    }
}

/** Throws unless `value` is an IPv4 or IPv6 address, optionally with a `/prefix` that fits it. */
function checkAddressOrCidr(what: string, value: string): void {
    const match = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(value);
    const family = match ? net.isIP(match[1]) : 0;
    const prefix = match?.[2] === undefined ? undefined : Number(match[2]);
    const fits = prefix === undefined || (family === 4 && prefix <= 32) || (family === 6 && prefix <= 128);
    if (family === 0 || !fits) {
        throw new ProxyConfigError(`${what}: "${value}" is not an IPv4 or IPv6 address or CIDR (e.g. 10.128.0.0/14)`);
    }
}

/** One DNS label: letters, digits and inner hyphens, at most 63 characters. */
const DNS_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
/** `host:port` with a host name (dot-separated labels) or an IPv4 address. */
const HOST_PORT = new RegExp(`^(${DNS_LABEL}(?:\\.${DNS_LABEL})*):([0-9]{1,5})$`);

/** Throws unless `upstream` is `host:port` with a host name or IPv4 address and a TCP port. */
function checkUpstream(what: string, upstream: string): void {
    const match = HOST_PORT.exec(upstream);
    const host = match?.[1] ?? "";
    const numeric = /^[0-9.]+$/.test(host);
    if (!match || host.length > 253 || (numeric && !net.isIPv4(host))) {
        throw new ProxyConfigError(`${what}: "${upstream}" is not host:port with a host name or IPv4 address (e.g. openhands-adapter.openhands.svc:8081)`);
    }
    checkPort(what, Number(match[2]));
}

/** The options with their defaults filled in (the sandbox route stays optional). */
type ResolvedOptions = Required<Omit<ProxyConfigOptions, "sandboxRoute">> & { readonly sandboxRoute: SandboxRoute | undefined };

/** Every check on the options, and the options with their defaults filled in. */
function resolveOptions(o: ProxyConfigOptions): ResolvedOptions {
    const runtimePorts = o.runtimePorts;
    checkPort("runtimePorts.min", runtimePorts.min);
    checkPort("runtimePorts.max", runtimePorts.max);
    if (runtimePorts.min > runtimePorts.max) {
        throw new ProxyConfigError(`runtimePorts: min ${runtimePorts.min} is above max ${runtimePorts.max}`);
    }
    const range = `${runtimePorts.min}-${runtimePorts.max}`;
    checkPort("appPort", o.appPort);
    if (inPortRange(o.appPort, runtimePorts)) {
        throw new ProxyConfigError(`appPort: ${o.appPort} is inside runtimePorts ${range}: the app would be reachable as a sandbox`);
    }
    if (o.listenPorts.length === 0) throw new ProxyConfigError("listenPorts: empty; nginx needs at least one port");
    const seen = new Set<number>();
    for (const port of o.listenPorts) {
        checkPort("listenPorts", port);
        if (seen.has(port)) throw new ProxyConfigError(`listenPorts: ${port} is listed twice`);
        seen.add(port);
        if (inPortRange(port, runtimePorts)) {
            throw new ProxyConfigError(`listenPorts: ${port} is inside runtimePorts ${range}, where sandbox ports are published`);
        }
        if (port === o.appPort) throw new ProxyConfigError(`listenPorts: ${port} is the app's own port`);
    }
    checkPositiveInteger("readTimeoutSeconds", o.readTimeoutSeconds);
    const maxBodyMegabytes = o.maxBodyMegabytes ?? DEFAULT_MAX_BODY_MEGABYTES;
    checkPositiveInteger("maxBodyMegabytes", maxBodyMegabytes);
    const runtimePrefix = o.runtimePrefix ?? DEFAULT_RUNTIME_PREFIX;
    if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(runtimePrefix) || /\/\.{1,2}(\/|$)/.test(runtimePrefix)) {
        throw new ProxyConfigError(
            `runtimePrefix: "${runtimePrefix}" must be "/" and segments of letters, digits, ".", "_", "~", "-" (no trailing "/", no "." or ".." segment)`);
    }
    const listenAddress = o.listenAddress ?? DEFAULT_LISTEN_ADDRESS;
    if (!net.isIPv4(listenAddress)) throw new ProxyConfigError(`listenAddress: "${listenAddress}" is not an IPv4 address`);
    const tempDir = o.tempDir ?? DEFAULT_TEMP_DIR;
    if (!/^\/[A-Za-z0-9._/-]*$/.test(tempDir) || /\/\.{1,2}(\/|$)/.test(tempDir)) {
        throw new ProxyConfigError(`tempDir: "${tempDir}" must be an absolute path of letters, digits, ".", "_", "-", "/"`);
    }
    const trustedProxies = o.trustedProxies ?? [];
    for (const entry of trustedProxies) checkAddressOrCidr("trustedProxies", entry);
    if (o.sandboxRoute !== undefined) checkUpstream("sandboxRoute.upstream", o.sandboxRoute.upstream);
    return {
        sandboxRoute: o.sandboxRoute,
        listenPorts: o.listenPorts, appPort: o.appPort, runtimePorts, readTimeoutSeconds: o.readTimeoutSeconds,
        runtimePrefix, listenAddress, tempDir: tempDir.replace(/\/+$/, "") || "/", maxBodyMegabytes, trustedProxies,
    };
}

/** `dir/name` without a doubled slash when `dir` is `/`. */
function under(dir: string, name: string): string {
    return dir === "/" ? `/${name}` : `${dir}/${name}`;
}

/** The pid file's path for a temp directory (where {@link nginxConfig} puts it). */
export function nginxPidPath(tempDir: string = DEFAULT_TEMP_DIR): string {
    return under(tempDir.replace(/\/+$/, "") || "/", "nginx.pid");
}

/**
 * The arguments that run nginx with this configuration in the foreground, as a container's
 * main process: `-c <configPath> -e stderr -g "daemon off;"`. `-e stderr` keeps nginx from
 * opening its compiled-in error log before it reads the configuration; `daemon off` is given
 * here and not in the file because the unprivileged image's default command passes it too
 * (nginx refuses a duplicate).
 *
 * @param configPath absolute path of the file holding {@link nginxConfig}'s text
 */
export function nginxArgs(configPath: string): string[] {
    return ["-c", configPath, "-e", "stderr", "-g", "daemon off;"];
}

/**
 * The pods mode's sandbox route: `/sandbox/...` to the adapter's proxy listener, the request
 * URI as the client sent it (a `proxy_pass` without a path), and every header, timeout and
 * limit inherited from the `http` block. `^~` keeps any regex location from taking it.
 */
function sandboxRouteLocation(route: SandboxRoute): string[] {
    return [
        "        # The sandboxes (pods mode): the adapter's proxy, path and query as sent, HTTP and WebSocket.",
        `        location ^~ ${SANDBOX_ROUTE_PREFIX} {`,
        `            proxy_pass http://${route.upstream};`,
        "            proxy_redirect off;",
        "        }",
    ];
}

/**
 * The complete `nginx.conf` of the pod's reverse proxy (see this module's comment).
 *
 * Choices, each tested against the real binary by `npm run test:proxy`:
 * - Headers to the app and to sandboxes: `Host` as the client sent it (with its port, which
 *   the app and the sandboxes use to build URLs); `X-Forwarded-For` and `X-Real-IP` set to the
 *   client's address, replacing whatever the client sent (the app trusts these from 127.0.0.1
 *   and rate-limits by them, so a client must not choose them); `Forwarded` and
 *   `X-Forwarded-Host` removed for the same reason.
 * - `X-Forwarded-Proto`: a TLS-terminating router in front (an OpenShift Route with edge TLS)
 *   sends `https`, and nginx itself only ever sees plain HTTP, so an incoming value of exactly
 *   `http` or `https` is passed on; anything else becomes the connection's scheme. A client
 *   that claims `https` only changes the scheme of URLs built for its own requests, and
 *   affects no one else's; the address, which is shared state (the rate limit), is never
 *   taken from the client.
 * - `<prefix>/<port>` without a trailing slash is redirected (308, so the method and body are
 *   kept; the Location is relative, so it is right behind any router) to `<prefix>/<port>/`
 *   with the query kept: a page served there then resolves its relative links under the prefix.
 * - The prefix is stripped from nginx's normalised path (`rewrite ... break`), which nginx
 *   re-escapes when it forwards; the query string is forwarded as sent. Like any nginx path
 *   proxy, an encoded `%2F` reaches the sandbox as `/`. The port is read from the same
 *   normalised path, so `..` or percent-encoding cannot turn an allowed port into another.
 * - A sandbox's redirect to its own root (`Location: /x`, or `http(s)://<the Host sent>/x`) is
 *   rewritten into `<prefix>/<port>/x`, since the sandbox does not know its prefix.
 * - Responses and request bodies are streamed (no buffering): event streams arrive as sent,
 *   and uploads do not need temp space.
 * - `<prefix>/<port><prefix>/<port>/<rest>` (the same port twice) is served as
 *   `<prefix>/<port>/<rest>`: the 1.x UI's sandbox-metrics call (`getRuntimeConversation` in
 *   frontend/src/api/conversation-service/v1-conversation-service.api.ts, 1.8.0 to 1.11.0)
 *   appends the conversation URL's whole path to a base that already ends in the prefix. Two
 *   different ports there are answered 404 without contacting either. No agent-server route
 *   starts with the prefix (openhands-agent-server's api.py, software-agent-sdk v1.34.0).
 * - Sandbox ports get `X-Forwarded-Prefix: <prefix>/<port>` (replacing any a client sent; the
 *   app gets none): openvscode-server builds its page's absolute paths (static files, callback,
 *   and the `serverBasePath` its WebSocket uses) on that header when it is there
 *   (`src/vs/server/node/webClientServer.ts`, microsoft/vscode#237411, in VS Code 1.97 and later;
 *   every pinned agent-server ships openvscode-server v1.98.2). The agent-server ignores it.
 * - The pods mode's `/sandbox/` route passes the request URI as the client sent it (nginx's
 *   `proxy_pass` without a path), so the adapter sees the raw path: it refuses dot segments
 *   and any name not exactly its own, encoded or not. It gets no `X-Forwarded-Prefix`, since
 *   VS Code there has its base path (`OH_VSCODE_BASE_PATH`) and the full path is kept.
 */
export function nginxConfig(o: ProxyConfigOptions): string {
    const r = resolveOptions(o);
    /** The body of a sandbox location whose regex captured `openhands_port`; `strip` keeps the path in `$1`. */
    const sandboxProxy = (strip: string) => [
        `            set $openhands_forwarded_prefix ${r.runtimePrefix}/$openhands_port;`,
        `            rewrite "${strip}" $1 break;`,
        `            proxy_pass http://${UPSTREAM_HOST}:$openhands_port;`,
        `            proxy_redirect / ${r.runtimePrefix}/$openhands_port/;`,
        `            proxy_redirect http://$http_host/ ${r.runtimePrefix}/$openhands_port/;`,
        `            proxy_redirect https://$http_host/ ${r.runtimePrefix}/$openhands_port/;`,
    ];
    const tmp = (name: string) => under(r.tempDir, name);
    const prefixRegex = r.runtimePrefix.replace(/[.]/g, "\\.");
    const port = portRangePattern(r.runtimePorts.min, r.runtimePorts.max);
    const timeout = `${r.readTimeoutSeconds}s`;
    const realIp = r.trustedProxies.length === 0 ? [
        "    # No proxy in front is trusted: the client address is the connection's peer.",
    ] : [
        "    # The real client address, from the X-Forwarded-For of a trusted proxy in front.",
        ...r.trustedProxies.map((cidr) => `    set_real_ip_from ${cidr};`),
        "    real_ip_header X-Forwarded-For;",
        "    real_ip_recursive on;",
    ];
    /** The docker mode's routes to sandbox ports published on the loopback. */
    const runtimeLocations = [
        `        # A sandbox port (${r.runtimePorts.min}-${r.runtimePorts.max}) without its trailing slash.`,
        `        location ~ "^${prefixRegex}/(?<openhands_port>${port})$" {`,
        `            return 308 ${r.runtimePrefix}/$openhands_port/$is_args$args;`,
        "        }",
        "",
        "        # The UI's doubled prefix (its sandbox-metrics call puts the conversation URL's path after the",
        "        # prefix again): answered as the single prefix would be, for the same port only.",
        `        location ~ "^${prefixRegex}/(?<openhands_port>${port})${prefixRegex}/\\k<openhands_port>/" {`,
        ...sandboxProxy(`^${prefixRegex}/[0-9]+${prefixRegex}/[0-9]+(/.*)$`),
        "        }",
        `        location ~ "^${prefixRegex}/${port}${prefixRegex}/" {`,
        "            return 404;",
        "        }",
        "",
        "        # A sandbox port: the prefix and port stripped, the query kept, HTTP and WebSocket.",
        `        location ~ "^${prefixRegex}/(?<openhands_port>${port})/" {`,
        ...sandboxProxy(`^${prefixRegex}/[0-9]+(/.*)$`),
        "        }",
        "",
        "        # Any other port, or anything that is not a port: nothing is contacted.",
        `        location ${r.runtimePrefix}/ {`,
        "            return 404;",
        "        }",
        `        location = ${r.runtimePrefix} {`,
        "            return 404;",
        "        }",
    ];
    const lines = [
        "# nginx.conf of the OpenHands pod's reverse proxy, generated by components/builders/proxy.ts.",
        "# Run: nginx -c <this file> -e stderr -g 'daemon off;'",
        `# Writes only under ${r.tempDir} (read-only root filesystem); no user directive (runs as its container's user).`,
        "worker_processes 1;",
        `pid ${tmp("nginx.pid")};`,
        "error_log stderr warn;",
        "",
        "events {",
        "    worker_connections 1024;",
        "}",
        "",
        "http {",
        `    client_body_temp_path ${tmp("client_temp")};`,
        `    proxy_temp_path ${tmp("proxy_temp")};`,
        `    fastcgi_temp_path ${tmp("fastcgi_temp")};`,
        `    uwsgi_temp_path ${tmp("uwsgi_temp")};`,
        `    scgi_temp_path ${tmp("scgi_temp")};`,
        "",
        "    log_format openhands '$remote_addr \"$request\" $status $body_bytes_sent $request_time \"$http_user_agent\"';",
        "    access_log /dev/stdout openhands;",
        "    server_tokens off;",
        "    default_type application/octet-stream;",
        `    client_max_body_size ${r.maxBodyMegabytes}m;`,
        "    absolute_redirect off;",
        "",
        ...realIp,
        "",
        "    # WebSocket: pass the client's Upgrade on; a plain request closes its upstream connection.",
        "    map $http_upgrade $openhands_connection {",
        "        default upgrade;",
        "        \"\" close;",
        "    }",
        "    # The scheme a TLS-terminating router in front reports, if it is one; else this connection's.",
        "    map $http_x_forwarded_proto $openhands_forwarded_proto {",
        "        default $scheme;",
        "        http http;",
        "        https https;",
        "    }",
        "",
        "    # Inherited by every location below (none sets its own proxy_set_header).",
        "    proxy_http_version 1.1;",
        "    proxy_set_header Host $http_host;",
        "    proxy_set_header Upgrade $http_upgrade;",
        "    proxy_set_header Connection $openhands_connection;",
        "    proxy_set_header X-Forwarded-For $remote_addr;",
        "    proxy_set_header X-Real-IP $remote_addr;",
        "    proxy_set_header X-Forwarded-Proto $openhands_forwarded_proto;",
        "    proxy_set_header Forwarded \"\";",
        "    proxy_set_header X-Forwarded-Host \"\";",
        "    # A sandbox port's own prefix (VS Code builds its absolute paths on it); empty, so not sent, elsewhere.",
        "    proxy_set_header X-Forwarded-Prefix $openhands_forwarded_prefix;",
        `    proxy_connect_timeout ${CONNECT_TIMEOUT_SECONDS}s;`,
        `    proxy_read_timeout ${timeout};`,
        `    proxy_send_timeout ${timeout};`,
        "    proxy_buffering off;",
        "    proxy_request_buffering off;",
        "",
        "    server {",
        ...r.listenPorts.map((p) => `        listen ${r.listenAddress}:${p};`),
        "        set $openhands_forwarded_prefix \"\";",
        "",
        "        # The app.",
        "        location / {",
        `            proxy_pass http://${UPSTREAM_HOST}:${r.appPort};`,
        "        }",
        "",
        ...(r.sandboxRoute ? sandboxRouteLocation(r.sandboxRoute) : runtimeLocations),
        "    }",
        "}",
        "",
    ];
    return lines.join("\n");
}

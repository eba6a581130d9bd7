/** The reverse proxy's pure builders: the port pattern, the options' checks, the nginx.conf they make. */
import * as assert from "assert";
import {
    DEFAULT_MAX_BODY_MEGABYTES, DEFAULT_RUNTIME_PREFIX, DEFAULT_TEMP_DIR, EPHEMERAL_PORTS, ProxyConfigError, SANDBOX_ROUTE_PREFIX,
    inPortRange, nginxArgs, nginxConfig, nginxPidPath, portRangePattern, type ProxyConfigOptions,
} from "../components/builders/proxy";
import { all, blockOf, type Directive, everyDirective, expand, one, parseNginx, selectLocation } from "./support/nginx-conf";

const base: ProxyConfigOptions = { listenPorts: [8080], appPort: 3000, runtimePorts: EPHEMERAL_PORTS, readTimeoutSeconds: 3600 };

/** Deterministic pseudo-random integers (a linear congruential generator), so failures repeat. */
function lcg(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        return state;
    };
}

/** 0..65535 as decimal text, made once for the ~60 ranges checked against all of them. */
const PORT_TEXTS = Array.from({ length: 65536 }, (_, n) => String(n));

/** Every integer 0..65535 is matched exactly when it is in min..max. */
function assertExact(min: number, max: number): void {
    const pattern = portRangePattern(min, max);
    const re = new RegExp(`^${pattern}$`);
    for (let n = 0; n <= 65535; n++) {
        if (re.test(PORT_TEXTS[n]) !== (n >= min && n <= max)) {
            assert.fail(`portRangePattern(${min}, ${max}) = ${pattern}: ${n} ${re.test(PORT_TEXTS[n]) ? "matched" : "missed"}`);
        }
    }
}

describe("proxy: portRangePattern", () => {
    it("matches exactly the kernel's ephemeral ports among 0..65535", () => {
        assertExact(EPHEMERAL_PORTS.min, EPHEMERAL_PORTS.max);
        assert.deepStrictEqual(EPHEMERAL_PORTS, { min: 32768, max: 60999 });
    });

    it("matches exactly min..max for edge ranges and 40 pseudo-random ones", () => {
        const ranges: Array<[number, number]> = [
            [0, 65535], [0, 0], [0, 9], [1, 9], [5, 5], [9, 10], [10, 99], [99, 100], [0, 100], [1000, 1000],
            [1024, 49151], [32768, 32768], [59999, 60000], [60999, 61000], [65535, 65535], [1, 65535], [19, 91],
            [100, 999], [101, 998], [10000, 19999], [12345, 54321],
        ];
        const next = lcg(13);
        for (let i = 0; i < 40; i++) {
            const a = next() % 65536;
            const b = next() % 65536;
            ranges.push([Math.min(a, b), Math.max(a, b)]);
        }
        for (const [min, max] of ranges) assertExact(min, max);
    });

    it("rejects leading zeros, signs, spaces and non-digits; works beyond 65535", () => {
        const re = new RegExp(`^${portRangePattern(EPHEMERAL_PORTS.min, EPHEMERAL_PORTS.max)}$`);
        for (const text of ["032768", "0040000", "+40000", "-40000", " 40000", "40000 ", "4e4", "40000.0", "", "0x9c40", "４００００"]) {
            assert.strictEqual(re.test(text), false, text);
        }
        const zeroTo = new RegExp(`^${portRangePattern(0, 10)}$`);
        assert.strictEqual(zeroTo.test("0"), true);
        assert.strictEqual(zeroTo.test("00"), false);
        assert.strictEqual(zeroTo.test("01"), false);
        const big = new RegExp(`^${portRangePattern(99990, 1000005)}$`);
        for (const n of [99990, 99999, 100000, 999999, 1000000, 1000005]) assert.ok(big.test(String(n)), String(n));
        for (const n of [99989, 1000006, 9999999]) assert.ok(!big.test(String(n)), String(n));
    });

    it("is one unanchored non-capturing group, with no braces or semicolons (safe in nginx.conf)", () => {
        const pattern = portRangePattern(EPHEMERAL_PORTS.min, EPHEMERAL_PORTS.max);
        assert.match(pattern, /^\(\?:.*\)$/);
        assert.doesNotMatch(pattern, /[{};^$\\]/);
        assert.strictEqual(new RegExp(`${pattern}`).exec("/runtime/40000/x")?.[0], "40000", "finds a port inside text");
        assert.strictEqual(new RegExp(`^x${pattern}y$`).test("x40000y"), true, "the group binds its alternatives");
        assert.strictEqual(new RegExp(`^x${pattern}y$`).test("x4000y"), false);
    });

    it("refuses a reversed, negative or fractional range", () => {
        for (const [min, max] of [[5, 4], [-1, 10], [1.5, 10], [0, Number.NaN], [0, Infinity]]) {
            assert.throws(() => portRangePattern(min, max), ProxyConfigError, `${min}..${max}`);
        }
    });

    it("inPortRange reads a range inclusively", () => {
        assert.ok(inPortRange(32768, EPHEMERAL_PORTS) && inPortRange(60999, EPHEMERAL_PORTS));
        assert.ok(!inPortRange(32767, EPHEMERAL_PORTS) && !inPortRange(61000, EPHEMERAL_PORTS) && !inPortRange(40000.5, EPHEMERAL_PORTS));
    });
});

describe("proxy: option checks", () => {
    const refused: Array<[string, Partial<ProxyConfigOptions>, RegExp]> = [
        ["no listen port", { listenPorts: [] }, /listenPorts: empty/],
        ["a listen port of 0", { listenPorts: [0] }, /listenPorts: 0 is not a TCP port/],
        ["a listen port above 65535", { listenPorts: [65536] }, /listenPorts: 65536 is not a TCP port/],
        ["a fractional listen port", { listenPorts: [8080.5] }, /listenPorts: 8080.5 is not a TCP port/],
        ["a NaN listen port", { listenPorts: [Number.NaN] }, /listenPorts: NaN is not a TCP port/],
        ["a listen port twice", { listenPorts: [8080, 8080] }, /8080 is listed twice/],
        ["a listen port at the range's bottom", { listenPorts: [8080, 32768] }, /listenPorts: 32768 is inside runtimePorts 32768-60999/],
        ["a listen port at the range's top", { listenPorts: [60999] }, /listenPorts: 60999 is inside runtimePorts/],
        ["a listen port on the app's port", { listenPorts: [3000] }, /listenPorts: 3000 is the app's own port/],
        ["an app port in the range", { appPort: 40000 }, /appPort: 40000 is inside runtimePorts 32768-60999/],
        ["an app port of 0", { appPort: 0 }, /appPort: 0 is not a TCP port/],
        ["a fractional app port", { appPort: 3000.1 }, /appPort: 3000.1 is not a TCP port/],
        ["a reversed range", { runtimePorts: { min: 60999, max: 32768 } }, /runtimePorts: min 60999 is above max 32768/],
        ["a range starting at 0", { runtimePorts: { min: 0, max: 100 } }, /runtimePorts.min: 0 is not a TCP port/],
        ["a range past 65535", { runtimePorts: { min: 32768, max: 70000 } }, /runtimePorts.max: 70000 is not a TCP port/],
        ["a zero timeout", { readTimeoutSeconds: 0 }, /readTimeoutSeconds: 0 is not a whole number/],
        ["a fractional timeout", { readTimeoutSeconds: 1.5 }, /readTimeoutSeconds: 1.5/],
        ["a zero body size", { maxBodyMegabytes: 0 }, /maxBodyMegabytes: 0/],
        ["a prefix without its slash", { runtimePrefix: "runtime" }, /runtimePrefix: "runtime"/],
        ["a prefix with a trailing slash", { runtimePrefix: "/runtime/" }, /runtimePrefix/],
        ["a prefix of /", { runtimePrefix: "/" }, /runtimePrefix/],
        ["a prefix with a space", { runtimePrefix: "/run time" }, /runtimePrefix/],
        ["a prefix with a brace", { runtimePrefix: "/run{1}" }, /runtimePrefix/],
        ["a prefix with a .. segment", { runtimePrefix: "/a/.." }, /runtimePrefix/],
        ["a hostname to listen on", { listenAddress: "localhost" }, /listenAddress: "localhost" is not an IPv4 address/],
        ["an IPv6 address to listen on", { listenAddress: "::" }, /listenAddress/],
        ["a relative temp dir", { tempDir: "tmp" }, /tempDir: "tmp"/],
        ["a temp dir with a semicolon", { tempDir: "/tmp;user root" }, /tempDir/],
        ["a temp dir with ..", { tempDir: "/tmp/../etc" }, /tempDir/],
        ["a trusted proxy that is a name", { trustedProxies: ["router.example"] }, /trustedProxies: "router.example"/],
        ["a trusted IPv4 prefix past 32", { trustedProxies: ["10.0.0.0/33"] }, /trustedProxies/],
        ["a trusted IPv6 prefix past 128", { trustedProxies: ["fd00::/129"] }, /trustedProxies/],
        ["a trusted proxy with a semicolon", { trustedProxies: ["10.0.0.1; user root"] }, /trustedProxies/],
        ...["", "adapter", "adapter:", ":8081", "adapter:0", "adapter:65536", "adapter:123456", "adapter:8081/x", "http://adapter:8081",
            "[::1]:8081", "::1", "999.1.1.1:80", "10.0.0:80", "a_b:80", "adapter:80;", "adapter :80", "-adapter:80", "adapter-:80",
            "a..b:80", "adapter.:80", "$host:80", `${"a".repeat(64)}:80`, `${Array(64).fill("abc").join(".")}:80`,
        ].map((upstream): [string, Partial<ProxyConfigOptions>, RegExp] =>
            [`a sandbox route to ${JSON.stringify(upstream)}`, { sandboxRoute: { upstream } }, /^sandboxRoute\.upstream: /]),
    ];
    for (const [what, change, message] of refused) {
        it(`refuses ${what}`, () => {
            assert.throws(() => nginxConfig({ ...base, ...change }), (e: unknown) => e instanceof ProxyConfigError && message.test(e.message));
        });
    }

    it("accepts a sandbox route to a host name or IPv4 address and a port", () => {
        for (const upstream of ["127.0.0.1:8081", "openhands-adapter.openhands.svc:8081", "localhost:1", "Adapter.EXAMPLE:65535", "10.96.0.12:80"]) {
            assert.doesNotThrow(() => nginxConfig({ ...base, sandboxRoute: { upstream } }), upstream);
        }
    });

    it("accepts ports just outside the range, below 1024, and trusted IPv4/IPv6 addresses and CIDRs", () => {
        assert.doesNotThrow(() => nginxConfig({
            ...base, listenPorts: [80, 32767, 61000, 65535], appPort: 1,
            trustedProxies: ["10.128.0.0/14", "192.168.1.7", "fd00::/8", "::1"],
        }));
    });
});

/** The server block, http block and top level of a configuration. */
function parts(options: ProxyConfigOptions): { top: Directive[]; http: readonly Directive[]; server: readonly Directive[] } {
    const top = parseNginx(nginxConfig(options));
    const http = blockOf(top, "http");
    return { top, http, server: blockOf(http, "server") };
}

/** Where nginx sends `uri` under this server: a proxied URL (prefix stripped), a redirect, or a status. */
function route(server: readonly Directive[], uri: string, args = ""): string {
    const match = selectLocation(server, uri);
    if (!match) return "none";
    const block = match.location.block ?? [];
    const vars = { ...match.captures, is_args: args ? "?" : "", args };
    const ret = all(block, "return")[0];
    if (ret) return ret.args.length === 1 ? `status ${ret.args[0]}` : `redirect ${ret.args[0]} ${expand(ret.args[1], vars)}`;
    let path = uri;
    const rewrite = all(block, "rewrite")[0];
    if (rewrite) {
        assert.strictEqual(rewrite.args[2], "break");
        const m = new RegExp(rewrite.args[0]).exec(uri);
        assert.ok(m, `rewrite ${rewrite.args[0]} matches ${uri}`);
        path = expand(rewrite.args[1], { ...vars, ...Object.fromEntries(m.map((v, i) => [String(i), v])) });
    }
    const pass = expand(one(block, "proxy_pass").args[0], vars);
    return `proxy ${pass}${pass.replace(/^http:\/\/[^/]+/, "") === "" ? path : ""}${args ? `?${args}` : ""}`;
}

describe("proxy: nginx.conf", () => {
    it("is a complete main configuration for a read-only root: writes only under /tmp, logs to stderr/stdout, no user", () => {
        const { top, http } = parts(base);
        assert.deepStrictEqual(one(top, "pid").args, ["/tmp/nginx.pid"]);
        assert.strictEqual(nginxPidPath(), "/tmp/nginx.pid");
        assert.strictEqual(DEFAULT_TEMP_DIR, "/tmp");
        assert.deepStrictEqual(one(top, "error_log").args[0], "stderr");
        assert.ok(one(top, "events").block, "an events block");
        assert.deepStrictEqual(one(http, "access_log").args.slice(0, 1), ["/dev/stdout"]);
        for (const temp of ["client_body_temp_path", "proxy_temp_path", "fastcgi_temp_path", "uwsgi_temp_path", "scgi_temp_path"]) {
            assert.match(one(http, temp).args[0], /^\/tmp\/[a-z_]+$/, temp);
        }
        const everything = everyDirective(top);
        assert.deepStrictEqual(everything.filter((d) => ["user", "daemon", "include", "load_module"].includes(d.name)), []);
        const paths = everything.flatMap((d) => d.args).filter((a) => /^\/(?!runtime)/.test(a) && a !== "/" && a.length > 1);
        assert.deepStrictEqual(paths.filter((p) => !p.startsWith("/tmp/") && p !== "/dev/stdout"), [], "no file outside /tmp");
    });

    it("puts the pid and temp directories under tempDir", () => {
        const { top, http } = parts({ ...base, tempDir: "/var/run/proxy-test/" });
        assert.deepStrictEqual(one(top, "pid").args, ["/var/run/proxy-test/nginx.pid"]);
        assert.strictEqual(nginxPidPath("/var/run/proxy-test/"), "/var/run/proxy-test/nginx.pid");
        assert.deepStrictEqual(one(http, "proxy_temp_path").args, ["/var/run/proxy-test/proxy_temp"]);
    });

    it("listens on every listen port, IPv4 only, on all addresses by default or the one given", () => {
        assert.deepStrictEqual(all(parts({ ...base, listenPorts: [8080, 80, 443] }).server, "listen").map((d) => d.args),
            [["0.0.0.0:8080"], ["0.0.0.0:80"], ["0.0.0.0:443"]]);
        assert.deepStrictEqual(all(parts({ ...base, listenAddress: "127.0.0.1" }).server, "listen").map((d) => d.args), [["127.0.0.1:8080"]]);
    });

    it("forwards the client's address (never the client's own claim), Host, scheme, WebSocket upgrade, with long timeouts and no buffering", () => {
        const { http, server } = parts({ ...base, readTimeoutSeconds: 1234 });
        const headers = new Map(all(http, "proxy_set_header").map((d) => [d.args[0].toLowerCase(), d.args[1]]));
        assert.strictEqual(headers.get("x-forwarded-for"), "$remote_addr", "overwritten, not $proxy_add_x_forwarded_for");
        assert.strictEqual(headers.get("x-real-ip"), "$remote_addr");
        assert.strictEqual(headers.get("host"), "$http_host");
        assert.strictEqual(headers.get("upgrade"), "$http_upgrade");
        assert.strictEqual(headers.get("forwarded"), "", "a client's Forwarded is dropped");
        assert.strictEqual(headers.get("x-forwarded-host"), "");
        assert.strictEqual(headers.get("x-forwarded-prefix"), "$openhands_forwarded_prefix", "VS Code's base path, from the route");
        assert.deepStrictEqual(all(server, "set").map((d) => d.args), [["$openhands_forwarded_prefix", ""]], "empty (not sent) unless a sandbox route sets it");
        const setters = all(server, "location").filter((l) => all(l.block ?? [], "set").length > 0);
        assert.strictEqual(setters.length, 2, "the sandbox route and the doubled-prefix route");
        for (const l of setters) assert.deepStrictEqual(all(l.block ?? [], "set")[0].args, ["$openhands_forwarded_prefix", "/runtime/$openhands_port"]);
        const connection = all(http, "map").find((m) => m.args[1] === headers.get("connection"));
        assert.ok(connection, "Connection comes from a map");
        assert.strictEqual(connection.args[0], "$http_upgrade");
        assert.deepStrictEqual(connection.block?.map((d) => [d.name, ...d.args]), [["default", "upgrade"], ["", "close"]]);
        const proto = all(http, "map").find((m) => m.args[1] === headers.get("x-forwarded-proto"));
        assert.ok(proto, "X-Forwarded-Proto comes from a map");
        assert.strictEqual(proto.args[0], "$http_x_forwarded_proto");
        assert.deepStrictEqual(proto.block?.map((d) => [d.name, ...d.args]), [["default", "$scheme"], ["http", "http"], ["https", "https"]]);
        assert.deepStrictEqual(one(http, "proxy_http_version").args, ["1.1"]);
        assert.deepStrictEqual(one(http, "proxy_read_timeout").args, ["1234s"]);
        assert.deepStrictEqual(one(http, "proxy_send_timeout").args, ["1234s"]);
        assert.deepStrictEqual(one(http, "proxy_buffering").args, ["off"]);
        assert.deepStrictEqual(one(http, "proxy_request_buffering").args, ["off"]);
        assert.deepStrictEqual(one(http, "server_tokens").args, ["off"]);
        assert.deepStrictEqual(one(http, "absolute_redirect").args, ["off"]);
        assert.deepStrictEqual(one(http, "client_max_body_size").args, [`${DEFAULT_MAX_BODY_MEGABYTES}m`]);
        assert.deepStrictEqual(all(http, "set_real_ip_from"), [], "no proxy trusted by default");
        for (const location of all(server, "location")) {
            assert.deepStrictEqual(all(location.block ?? [], "proxy_set_header"), [], "a location's own header would drop the inherited ones");
        }
    });

    it("trusts X-Forwarded-For only from the trusted proxies given", () => {
        const { http } = parts({ ...base, trustedProxies: ["10.128.0.0/14", "fd00::/8"] });
        assert.deepStrictEqual(all(http, "set_real_ip_from").map((d) => d.args[0]), ["10.128.0.0/14", "fd00::/8"]);
        assert.deepStrictEqual(one(http, "real_ip_header").args, ["X-Forwarded-For"]);
        assert.deepStrictEqual(one(http, "real_ip_recursive").args, ["on"]);
    });

    it("routes / to the app, sandbox ports under /runtime/<port>/ to that port, and refuses every other port", () => {
        const { server } = parts(base);
        assert.strictEqual(DEFAULT_RUNTIME_PREFIX, "/runtime");
        const table: Array<[string, string, string]> = [
            ["/", "", "proxy http://127.0.0.1:3000/"],
            ["/api/conversations", "page=2", "proxy http://127.0.0.1:3000/api/conversations?page=2"],
            ["/socket.io/", "EIO=4&transport=websocket", "proxy http://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket"],
            ["/runtimes/40000/x", "", "proxy http://127.0.0.1:3000/runtimes/40000/x"],
            ["/runtime/40000/path", "q=1", "proxy http://127.0.0.1:40000/path?q=1"],
            ["/runtime/32768/", "", "proxy http://127.0.0.1:32768/"],
            ["/runtime/60999/sockets/events/abc", "", "proxy http://127.0.0.1:60999/sockets/events/abc"],
            ["/runtime/40000/runtime/40000/api/conversations/abc", "", "proxy http://127.0.0.1:40000/api/conversations/abc"],
            ["/runtime/40000/runtime/40000/", "x=1", "proxy http://127.0.0.1:40000/?x=1"],
            ["/runtime/40000/runtime/3000/x", "", "status 404"],
            ["/runtime/40000/runtime/41000/api/conversations/abc", "", "status 404"],
            ["/runtime/3000/runtime/3000/api", "", "status 404"],
            ["/runtime/40000/runtime/40000", "", "status 404"],
            ["/runtime/40000", "", "redirect 308 /runtime/40000/"],
            ["/runtime/40000", "tkn=a&folder=/w", "redirect 308 /runtime/40000/?tkn=a&folder=/w"],
            ["/runtime/3000/api", "", "status 404"],
            ["/runtime/2375/containers/json", "", "status 404"],
            ["/runtime/22/", "", "status 404"],
            ["/runtime/28400/", "", "status 404"],
            ["/runtime/32767/", "", "status 404"],
            ["/runtime/61000/", "", "status 404"],
            ["/runtime/65535/", "", "status 404"],
            ["/runtime/032768/", "", "status 404"],
            ["/runtime/40000abc/", "", "status 404"],
            ["/runtime/abc/", "", "status 404"],
            ["/runtime/", "", "status 404"],
            ["/runtime", "", "status 404"],
            ["/runtime/3000", "", "status 404"],
        ];
        for (const [uri, args, expected] of table) assert.strictEqual(route(server, uri, args), expected, `${uri}?${args}`);
    });

    it("routes under another prefix and range, escaping the prefix's dots", () => {
        const { server } = parts({ ...base, runtimePrefix: "/oh/sandbox.v1", runtimePorts: { min: 40000, max: 40010 } });
        assert.strictEqual(route(server, "/oh/sandbox.v1/40010/x"), "proxy http://127.0.0.1:40010/x");
        assert.strictEqual(route(server, "/oh/sandboxXv1/40010/x"), "proxy http://127.0.0.1:3000/oh/sandboxXv1/40010/x");
        assert.strictEqual(route(server, "/oh/sandbox.v1/40011/x"), "status 404");
        assert.strictEqual(route(server, "/oh/sandbox.v1/40005"), "redirect 308 /oh/sandbox.v1/40005/");
        assert.strictEqual(route(server, "/runtime/40005/x"), "proxy http://127.0.0.1:3000/runtime/40005/x");
    });

    it("rewrites a sandbox's redirects to its own root into its prefix", () => {
        const { server } = parts(base);
        const location = selectLocation(server, "/runtime/40000/x")!.location;
        assert.deepStrictEqual(all(location.block ?? [], "proxy_redirect").map((d) => d.args), [
            ["/", "/runtime/$openhands_port/"],
            ["http://$http_host/", "/runtime/$openhands_port/"],
            ["https://$http_host/", "/runtime/$openhands_port/"],
        ]);
    });

    it("with a sandbox route (pods mode), sends /sandbox/... to the adapter's proxy with the path as sent, and has no /runtime/<port>/ route", () => {
        const upstream = "openhands-adapter.openhands.svc:8081";
        const { http, server } = parts({ ...base, sandboxRoute: { upstream } });
        assert.strictEqual(SANDBOX_ROUTE_PREFIX, "/sandbox/");
        const name = "oh-0123456789abcdef0123";
        const table: Array<[string, string, string]> = [
            [`/sandbox/${name}`, "", `proxy http://${upstream}/sandbox/${name}`],
            [`/sandbox/${name}/api/conversations/x`, "a=%2F", `proxy http://${upstream}/sandbox/${name}/api/conversations/x?a=%2F`],
            [`/sandbox/${name}/vscode`, "tkn=t&folder=/workspace", `proxy http://${upstream}/sandbox/${name}/vscode?tkn=t&folder=/workspace`],
            [`/sandbox/${name}/work-1/x`, "", `proxy http://${upstream}/sandbox/${name}/work-1/x`],
            ["/sandbox/kube-system/", "", `proxy http://${upstream}/sandbox/kube-system/`],
            ["/sandbox", "", "proxy http://127.0.0.1:3000/sandbox"],
            ["/", "", "proxy http://127.0.0.1:3000/"],
            ["/runtime/40000/x", "", "proxy http://127.0.0.1:3000/runtime/40000/x"],
            ["/runtime/40000", "", "proxy http://127.0.0.1:3000/runtime/40000"],
        ];
        for (const [uri, args, expected] of table) assert.strictEqual(route(server, uri, args), expected, `${uri}?${args}`);
        const location = selectLocation(server, `/sandbox/${name}/x`)!.location;
        assert.deepStrictEqual(location.args, ["^~", "/sandbox/"], "no regular expression can take it");
        assert.deepStrictEqual(location.block?.map((d) => [d.name, ...d.args]), [["proxy_pass", `http://${upstream}`], ["proxy_redirect", "off"]],
            "a proxy_pass without a path (the URI as sent), and every header, timeout and limit inherited");
        assert.ok(!nginxConfig({ ...base, sandboxRoute: { upstream } }).includes("$openhands_port"), "no sandbox port route at all");
        assert.deepStrictEqual(all(server, "location").map((l) => l.args.join(" ")), ["/", "^~ /sandbox/"]);
        // The same http-level settings as the docker mode's routes.
        const docker = parts(base).http.filter((d) => d.name !== "server");
        assert.deepStrictEqual(http.filter((d) => d.name !== "server"), docker);
    });

    it("without a sandbox route (docker mode), has no /sandbox/ route", () => {
        const { server } = parts(base);
        assert.strictEqual(route(server, "/sandbox/oh-0123456789abcdef0123/x"), "proxy http://127.0.0.1:3000/sandbox/oh-0123456789abcdef0123/x");
    });

    it("nginxArgs runs the file in the foreground with errors on stderr", () => {
        assert.deepStrictEqual(nginxArgs("/etc/nginx/nginx.conf"), ["-c", "/etc/nginx/nginx.conf", "-e", "stderr", "-g", "daemon off;"]);
    });
});

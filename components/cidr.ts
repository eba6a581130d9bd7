// CIDRs as numbers, for the checks the API server makes and for containment. A leaf module.
import { isIPv4, isIPv6 } from "net";

/** A parsed address range. */
export interface Cidr {
    /** 4 or 6. */
    readonly family: 4 | 6;
    /** The address as a number. */
    readonly address: bigint;
    /** The prefix length. */
    readonly prefix: number;
}

/** An IPv4 or IPv6 address as a number (undefined when not one; IPv4 octets with leading zeros are refused). */
export function parseAddress(text: string): { family: 4 | 6; value: bigint } | undefined {
    if (isIPv4(text)) {
        if (text.split(".").some((octet) => octet.length > 1 && octet.startsWith("0"))) return undefined;
        return { family: 4, value: text.split(".").reduce((sum, octet) => (sum << 8n) + BigInt(octet), 0n) };
    }
    if (!isIPv6(text) || text.includes(".")) return undefined;
    const [head, tail = ""] = text.split("::");
    const groups = (part: string) => (part === "" ? [] : part.split(":"));
    const h = groups(head);
    const t = text.includes("::") ? groups(tail) : [];
    const all: string[] = [...h, ...new Array<string>(8 - h.length - t.length).fill("0"), ...t];
    return { family: 6, value: all.reduce((sum, g) => (sum << 16n) + BigInt(parseInt(g, 16)), 0n) };
}

/** Parses `address/prefix`; undefined when either part is not valid. */
export function parseCidr(text: string): Cidr | undefined {
    const parts = text.split("/");
    if (parts.length !== 2 || !/^(0|[1-9][0-9]{0,2})$/.test(parts[1])) return undefined;
    const address = parseAddress(parts[0]);
    const prefix = Number(parts[1]);
    if (address === undefined || prefix > (address.family === 4 ? 32 : 128)) return undefined;
    return { family: address.family, address: address.value, prefix };
}

/** The bits of the address below the prefix, which must be zero in a network's CIDR. */
export function hostBits(cidr: Cidr): bigint {
    const width = BigInt(cidr.family === 4 ? 32 : 128);
    return cidr.address & ((1n << (width - BigInt(cidr.prefix))) - 1n);
}

/** Whether `address` (text) lies inside `cidr` (text). */
export function cidrContains(cidr: string, address: string): boolean {
    const range = parseCidr(cidr);
    const ip = parseAddress(address);
    if (range === undefined || ip === undefined || ip.family !== range.family) return false;
    const width = BigInt(range.family === 4 ? 32 : 128);
    const shift = width - BigInt(range.prefix);
    return (ip.value >> shift) === (range.address >> shift);
}

/** Whether a CIDR covers its whole address family (`0.0.0.0/0`, `::/0`). */
export function isWholeFamily(cidr: string): boolean {
    return parseCidr(cidr)?.prefix === 0;
}

/** The host and port of an http(s) URL, and whether the host is an IP address; undefined when not a URL. */
export function urlEndpoint(value: unknown): { readonly host: string; readonly port: number; readonly isAddress: boolean } | undefined {
    if (typeof value !== "string") return undefined;
    try {
        const url = new URL(value.trim());
        const host = url.hostname.replace(/^\[|\]$/g, "");
        const port = url.port !== "" ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
        return { host, port, isAddress: parseAddress(host) !== undefined };
    } catch {
        return undefined;
    }
}

/** The cloud metadata server: on GKE with Workload Identity it hands out the app's Google identity. */
export const METADATA_CIDR = "169.254.169.254/32";

/** Private and shared address ranges, where pods, Services, nodes and the API server usually are. */
export const CLUSTER_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"];

/**
 * Where the app's pod may not connect: the configured list, else the metadata server and,
 * with a dind daemon, the cluster's ranges too. With the node's Docker socket the app reaches
 * its sandboxes on the node's own address, which lies in those ranges, so only the metadata
 * server is denied there (and the sandboxes, being the node's containers, are outside any
 * pod policy: see docs/security.md).
 */
export function deniedEgress(configured: readonly string[] | undefined, dind: boolean): readonly string[] {
    if (configured !== undefined) return configured;
    return dind ? [METADATA_CIDR, ...CLUSTER_RANGES] : [METADATA_CIDR];
}

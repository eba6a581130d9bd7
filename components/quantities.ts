// Kubernetes quantities read as numbers, and written back as the API server writes them. A leaf
// module (it imports nothing), shared by the validators and the builders.

const QUANTITY = /^([0-9]+)(?:\.([0-9]+))?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const BINARY_SUFFIXES = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"] as const;
const DECIMAL_SUFFIXES = ["", "k", "M", "G", "T", "P", "E"] as const;

/** The multiplier of a suffix, exactly. */
function multiplier(suffix: string): bigint {
    const binary = BINARY_SUFFIXES.indexOf(suffix as typeof BINARY_SUFFIXES[number]);
    if (suffix !== "" && binary > 0) return 1024n ** BigInt(binary);
    return 1000n ** BigInt(DECIMAL_SUFFIXES.indexOf(suffix as typeof DECIMAL_SUFFIXES[number]));
}

/** A quantity of bytes read exactly: whole bytes only, with whether its suffix was binary. */
function exactBytes(value: string): { readonly bytes: bigint; readonly binary: boolean } | undefined {
    const match = QUANTITY.exec(value);
    if (!match) return undefined;
    const fraction = match[2] ?? "";
    const scaled = BigInt(match[1] + fraction) * multiplier(match[3] ?? "");
    const divisor = 10n ** BigInt(fraction.length);
    if (scaled % divisor !== 0n) return undefined;
    return { bytes: scaled / divisor, binary: (match[3] ?? "").endsWith("i") };
}

/**
 * A storage or memory quantity such as `2Gi` or `500M` in bytes, or `undefined` when it is
 * not one. Milli-units and exponents are refused: there is no fraction of a byte to store.
 */
export function parseStorageQuantity(value: string): number | undefined {
    const match = QUANTITY.exec(value);
    if (!match) return undefined;
    return Number(`${match[1]}.${match[2] ?? "0"}`) * Number(multiplier(match[3] ?? ""));
}

/** Divides `n` by `base` while it divides evenly, at most six times: the mantissa and the suffix's index. */
function reduce(n: bigint, base: bigint): [bigint, number] {
    let index = 0;
    while (index < 6 && n % base === 0n) {
        n /= base;
        index++;
    }
    return [n, index];
}

/**
 * A whole-byte quantity as the API server writes it back (apimachinery's
 * `Quantity.CanonicalizeBytes`): a binary suffix stays binary, as the largest one that keeps a
 * whole number (`1024Mi` -> `1Gi`, `1.5Gi` -> `1536Mi`), except under 1024, which is written in
 * decimal; a decimal suffix or none becomes the largest decimal suffix that keeps a whole number
 * (`1000k` -> `1M`). Values past `E` would be written in exponent form (`1e21`): the bounds of
 * the validators keep them out. `undefined` when the value is not whole bytes.
 */
export function canonicalBytes(value: string): string | undefined {
    const parsed = exactBytes(value);
    if (parsed === undefined) return undefined;
    if (parsed.bytes === 0n) return "0";
    if (parsed.binary && parsed.bytes >= 1024n) {
        const [mantissa, index] = reduce(parsed.bytes, 1024n);
        return `${mantissa}${BINARY_SUFFIXES[index]}`;
    }
    const [mantissa, index] = reduce(parsed.bytes, 1000n);
    return `${mantissa}${DECIMAL_SUFFIXES[index]}`;
}

const CPU = /^([0-9]+)(?:\.([0-9]+))?(m)?$/;

/** CPU in cores: `250m`, `0.5` or `2`; parsed to cores, or undefined. */
export function parseCpu(value: string): number | undefined {
    const match = CPU.exec(value);
    if (!match) return undefined;
    return Number(`${match[1]}.${match[2] ?? "0"}`) / (match[3] === "m" ? 1000 : 1);
}

/**
 * CPU as the API server writes it back: whole cores as a number (`2000m` -> `2`), anything
 * else in millicores (`0.5` -> `500m`). `undefined` when the value is not whole millicores
 * (the API server would round `0.0005` up to `1m`).
 */
export function canonicalCpu(value: string): string | undefined {
    const match = CPU.exec(value);
    if (!match) return undefined;
    const fraction = match[2] ?? "";
    const scaled = BigInt(match[1] + fraction) * (match[3] === "m" ? 1n : 1000n);
    const divisor = 10n ** BigInt(fraction.length);
    if (scaled % divisor !== 0n) return undefined;
    const millicores = scaled / divisor;
    if (millicores === 0n) return "0";
    return millicores % 1000n === 0n ? `${millicores / 1000n}` : `${millicores}m`;
}

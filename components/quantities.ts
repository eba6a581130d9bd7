// Kubernetes quantities read as numbers. A leaf module (it imports nothing), shared by the
// validators and the builders.

const QUANTITY = /^([0-9]+(\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const SUFFIX: Record<string, number> = {
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
    k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, "": 1,
};

/**
 * A storage or memory quantity such as `2Gi` or `500M` in bytes, or `undefined` when it is
 * not one. Milli-units and exponents are refused: there is no fraction of a byte to store.
 */
export function parseStorageQuantity(value: string): number | undefined {
    const match = QUANTITY.exec(value);
    if (!match) return undefined;
    return Number(match[1]) * SUFFIX[match[3] ?? ""];
}

const CPU = /^([0-9]+(\.[0-9]+)?)(m)?$/;

/** CPU in cores: `250m`, `0.5` or `2`; parsed to cores, or undefined. */
export function parseCpu(value: string): number | undefined {
    const match = CPU.exec(value);
    if (!match) return undefined;
    return Number(match[1]) / (match[3] === "m" ? 1000 : 1);
}

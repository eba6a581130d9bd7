import * as pulumi from "@pulumi/pulumi";
import { Problem } from "./validate";

// The SDK exports isConfigSecret at run time but not in its type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

/**
 * Reads one config namespace with `pulumi.Config`'s validating getters, turning
 * each failure into a problem line (key, value, what is accepted) instead of
 * stopping at the first, so the user sees every bad key at once.
 */
export class ConfigReader {
    private readonly config: pulumi.Config;

    /**
     * @param namespace config namespace, e.g. `openhands` or `gcp`
     * @param problems where problem lines are collected; shared between readers
     */
    constructor(public readonly namespace: string, public readonly problems: Problem[]) {
        this.config = new pulumi.Config(namespace);
    }

    /** The fully qualified key, e.g. `openhands:nodePort`. */
    key(name: string): string {
        return `${this.namespace}:${name}`;
    }

    /** An optional string, checked against `allowedValues` when given. */
    string(name: string, allowedValues?: readonly string[]): string | undefined {
        return this.attempt(() => this.config.get(name, allowedValues ? { allowedValues: [...allowedValues] } : undefined),
            allowedValues?.join(", "));
    }

    /**
     * An optional string whose empty value means "unset": Pulumi.yaml gives every optional
     * key a default (a key without one is required), and `""` is that default here.
     */
    optionalString(name: string, allowedValues?: readonly string[]): string | undefined {
        const value = this.string(name, allowedValues && ["", ...allowedValues]);
        return value === "" ? undefined : value;
    }

    /** An optional whole number whose `0` means "unset" (see {@link optionalString}). */
    optionalNumber(name: string, min: number, max?: number): number | undefined {
        const value = this.attempt(() => this.config.getNumber(name), undefined);
        if (value === undefined || value === 0) return undefined;
        const range = max === undefined ? `0 (unset) or a whole number >= ${min}` : `0 (unset) or a whole number from ${min} to ${max}`;
        if (value < min || (max !== undefined && value > max)) {
            this.problems.push(`Configuration '${this.key(name)}' value '${value}' is outside of the legal range; accepted: ${range}`);
            return undefined;
        }
        return value;
    }

    /** A required string, checked against `allowedValues` when given. */
    requiredString(name: string, allowedValues?: readonly string[]): string | undefined {
        return this.attempt(
            () => this.config.require(name, allowedValues ? { allowedValues: [...allowedValues] } : undefined),
            allowedValues?.join(", "));
    }

    /** An optional number within `[min, max]`; whole-number checks belong to the validators. */
    number(name: string, min?: number, max?: number): number | undefined {
        const range = min === undefined ? "a number"
            : max === undefined ? `a whole number >= ${min}` : `a whole number from ${min} to ${max}`;
        return this.attempt(() => this.config.getNumber(name, { min, max }), range);
    }

    /** An optional boolean. */
    boolean(name: string): boolean | undefined {
        return this.attempt(() => this.config.getBoolean(name), "true or false");
    }

    /** An optional structured (JSON/YAML object) value. */
    object<T>(name: string, accepted: string): T | undefined {
        return this.attempt(() => this.config.getObject<T>(name), accepted);
    }

    /** Whether the key's value is stored as a Pulumi secret. */
    isSecret(name: string): boolean {
        return runtimeConfig.isConfigSecret(this.key(name));
    }

    /** The key's value as a secret Output (read it with {@link string} first to check it). */
    secret(name: string): pulumi.Output<string> | undefined {
        return this.config.getSecret(name);
    }

    private attempt<T>(getter: () => T, accepted?: string): T | undefined {
        try {
            return getter();
        } catch (err) {
            const message = (err as Error).message.split("\n")[0];
            this.problems.push(accepted ? `${message}; accepted: ${accepted}` : message);
            return undefined;
        }
    }
}

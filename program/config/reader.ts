import type { SettingType } from "../../components/settings/catalog";
import { type Problem, show } from "../../components/settings/validate";

/** The "unset" value of each type: what `Pulumi.yaml` gives a key that has no default of its own. */
export const UNSET: Readonly<Record<SettingType, unknown>> = { string: "", integer: 0, boolean: undefined, object: {}, array: [] };

/**
 * Reads one config namespace by type, turning each failure into a problem line
 * (key, value, what is accepted) instead of stopping at the first, so the user
 * sees every bad key at once. Checks of what a value means belong to the
 * settings catalog, not here.
 */
export class ConfigReader {
    /**
     * @param namespace config namespace, e.g. `openhands` or `gcp`
     * @param problems where problem lines are collected; shared between readers
     * @param values the whole stack configuration by full key, read once by the caller (the
     *   SDK parses all of it again for every key it is asked for)
     */
    constructor(
        public readonly namespace: string, public readonly problems: Problem[],
        private readonly values: Readonly<Record<string, string>>,
    ) {}

    /** The fully qualified key, e.g. `openhands:nodePort`. */
    key(name: string): string {
        return `${this.namespace}:${name}`;
    }

    /** The raw text of a key, undefined when absent. */
    raw(name: string): string | undefined {
        return this.values[this.key(name)];
    }

    /**
     * A key's value as its type; `undefined` when absent or when it holds its type's
     * unset value and `unsetAllowed`. A value of the wrong type is a problem.
     */
    read(name: string, type: SettingType, unsetAllowed: boolean): unknown {
        const text = this.raw(name);
        if (text === undefined) return undefined;
        const value = this.parse(name, type, text);
        if (value === undefined) return undefined;
        if (unsetAllowed && JSON.stringify(value) === JSON.stringify(UNSET[type])) return undefined;
        return value;
    }

    private parse(name: string, type: SettingType, text: string): unknown {
        const key = this.key(name);
        switch (type) {
            case "string":
                return text;
            case "integer":
                // Strictly digits: parseFloat would take '30495abc' as 30495.
                if (/^-?[0-9]+$/.test(text.trim())) return Number(text.trim());
                this.problems.push(`${key}: ${show(text)} is not a whole number; accepted: digits, e.g. '30080'`);
                return undefined;
            case "boolean":
                if (text === "true" || text === "false") return text === "true";
                this.problems.push(`${key}: ${show(text)} is not a boolean; accepted: true or false`);
                return undefined;
            case "object":
            case "array":
                try {
                    return JSON.parse(text);
                } catch {
                    this.problems.push(`${key}: is not valid JSON or YAML structure; accepted: ` +
                        (type === "array" ? "a list, e.g. [\"203.0.113.0/24\"]" : "an object, e.g. {\"app\": {\"memoryLimit\": \"8Gi\"}}"));
                    return undefined;
                }
        }
    }
}

/**
 * The LLM settings, seeded into the app's `settings.json`. The UI reads its model,
 * key and base URL only from that file in the file store (`LLM_*` variables set
 * nothing there, and 1.x copies every `LLM_*` variable of the app into every
 * sandbox, where agent code can read it). So the values go into a Secret as the
 * file's JSON, and an init container copies it into the state volume: on first
 * start, and again only while the file is still the one it last wrote, so a file
 * changed in the UI is never overwritten.
 */
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { FILE_STORE_PATH } from "../guide";
import type { OpenHandsSettings } from "../settings/types";
import { namespacedMeta } from "./metadata";

/** The Secret's key that holds the file, and the file's name in the file store. */
export const SETTINGS_FILE = "settings.json";
/** Where the init container sees the Secret. */
export const SEED_MOUNT_PATH = "/seed";
/** The copy of the last seeded file, kept beside it to tell a UI change from our own. */
export const LAST_SEED_FILE = ".settings.seeded.json";

/** The LLM values, as given. */
export interface LlmValues {
    /** Model name, e.g. `anthropic/claude-sonnet-4-20250514`. */
    readonly model?: string;
    /** API key. */
    readonly apiKey?: string;
    /** Base URL of an OpenAI-compatible endpoint. */
    readonly baseUrl?: string;
}

/**
 * `settings.json` in the schema of the release: 1.7 and later nest the LLM under
 * `agent_settings.llm` (openhands/app_server/settings/settings_models.py at 1.8.0; still read at
 * 1.11.0, whose loader, `validate_agent_settings` in software-agent-sdk v1.34.0's
 * openhands-sdk/openhands/sdk/settings/model.py, takes a payload without `agent_kind` as the
 * OpenHands agent's);
 * older releases keep flat `llm_model`, `llm_api_key`, `llm_base_url`
 * (openhands/storage/data_models/settings.py at 0.59.0 and 1.6.0). Unset values are left out.
 */
export function settingsJson(nested: boolean, llm: LlmValues): string {
    const defined = (entries: Array<[string, string | undefined]>) =>
        Object.fromEntries(entries.filter(([, value]) => value !== undefined));
    const body = nested
        ? { agent_settings: { llm: defined([["model", llm.model], ["api_key", llm.apiKey], ["base_url", llm.baseUrl]]) } }
        : defined([["llm_model", llm.model], ["llm_api_key", llm.apiKey], ["llm_base_url", llm.baseUrl]]);
    return JSON.stringify(body, null, 2);
}

/** Whether any LLM value is set, so there is something to seed. */
export function seedsSettings(settings: OpenHandsSettings): boolean {
    return settings.llmModel !== undefined || settings.llmApiKey !== undefined || settings.llmBaseUrl !== undefined;
}

/** The Secret that carries the seeded `settings.json`; its data is secret in state whatever was passed. */
export function settingsSecretManifest(settings: OpenHandsSettings): k8s.types.input.core.v1.Secret {
    const json = pulumi.all([settings.llmModel, settings.llmApiKey, settings.llmBaseUrl]).apply(([model, apiKey, baseUrl]) =>
        settingsJson(settings.release.nestedSettings, { model, apiKey, baseUrl }));
    return {
        metadata: namespacedMeta(settings, settings.names.llmSecret),
        type: "Opaque",
        stringData: { [SETTINGS_FILE]: pulumi.secret(json) },
    };
}

/**
 * The init container's script (POSIX sh): write the seed when the file is missing, or
 * when it is byte-for-byte what the last seed wrote; otherwise keep the user's file.
 * With `owner` it first hands the state directory to the app's user (hostPath volumes
 * ignore fsGroup). The file is written beside and renamed, so the app never reads half.
 */
export function seedScript(seed: boolean, owner?: number): string {
    const dir = FILE_STORE_PATH;
    const lines = ["set -eu", "umask 077"];
    if (owner !== undefined) lines.push(`chown ${owner}:${owner} ${dir}`, `chmod 0750 ${dir}`);
    if (seed) {
        const file = `${dir}/${SETTINGS_FILE}`;
        const last = `${dir}/${LAST_SEED_FILE}`;
        lines.push(
            `if [ ! -e ${file} ] || { [ -e ${last} ] && [ "$(cat ${file})" = "$(cat ${last})" ]; }; then`,
            `  cp ${SEED_MOUNT_PATH}/${SETTINGS_FILE} ${file}.new && mv ${file}.new ${file}`,
            `  cp ${SEED_MOUNT_PATH}/${SETTINGS_FILE} ${last}`,
            ...(owner === undefined ? [] : [`  chown ${owner}:${owner} ${file} ${last}`]),
            "  echo 'settings.json seeded from the stack settings'",
            "else",
            "  echo 'settings.json was changed in the UI: kept'",
            "fi",
        );
    }
    return lines.join("\n");
}

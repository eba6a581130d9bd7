/**
 * JSON-lines logging to stdout. Callers pass fields explicitly; nothing here knows about
 * requests, so nothing can log a body, a header or a key by accident. A leaf.
 */

/** Severity of a log line. */
export type Level = "debug" | "info" | "warn" | "error";

/** Field values a log line may carry. */
export type Fields = Readonly<Record<string, string | number | boolean | undefined>>;

/** Where log lines go. */
export interface Logger {
    log(level: Level, msg: string, fields?: Fields): void;
}

/** A logger writing one JSON object per line to `write` (stdout by default). */
export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
    return {
        log(level, msg, fields = {}) {
            write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
        },
    };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { log() { /* nothing */ } };

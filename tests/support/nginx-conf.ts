/**
 * A small reader of nginx configuration text, for tests that assert what a generated
 * configuration says (not how it is laid out): directives as a tree, and the location
 * nginx would pick for a path, by nginx's documented rules.
 */

/** One directive: its name, its arguments (quotes removed), and its block if it has one. */
export interface Directive {
    readonly name: string;
    readonly args: readonly string[];
    readonly block?: readonly Directive[];
}

/** The words, quoted strings and `{ } ;` of nginx configuration text, comments dropped. */
function tokens(text: string): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (/\s/.test(c)) { i++; continue; }
        if (c === "#") { while (i < text.length && text[i] !== "\n") i++; continue; }
        if (c === "{" || c === "}" || c === ";") { out.push(c); i++; continue; }
        if (c === "\"" || c === "'") {
            let j = i + 1;
            let word = "";
            while (j < text.length && text[j] !== c) {
                if (text[j] === "\\" && text[j + 1] === c) { word += c; j += 2; continue; }
                word += text[j++];
            }
            if (j >= text.length) throw new Error(`unterminated quote at ${i}`);
            out.push(`\u0000${word}`); // marks a quoted word, so "{" in quotes is not a brace
            i = j + 1;
            continue;
        }
        let j = i;
        while (j < text.length && !/[\s{};]/.test(text[j])) j++;
        out.push(text.slice(i, j));
        i = j;
    }
    return out;
}

/** The directive tree of nginx configuration text; throws on unbalanced braces or a missing `;`. */
export function parseNginx(text: string): Directive[] {
    const list = tokens(text);
    let at = 0;
    const unquote = (t: string) => t.startsWith("\u0000") ? t.slice(1) : t;
    const readBlock = (closing: boolean): Directive[] => {
        const out: Directive[] = [];
        while (at < list.length) {
            if (list[at] === "}") {
                if (!closing) throw new Error("unexpected }");
                at++;
                return out;
            }
            const words: string[] = [];
            while (at < list.length && list[at] !== ";" && list[at] !== "{" && list[at] !== "}") words.push(unquote(list[at++]));
            if (words.length === 0) throw new Error(`empty directive at token ${at}`);
            const [name, ...args] = words;
            if (list[at] === ";") { at++; out.push({ name, args }); continue; }
            if (list[at] === "{") { at++; out.push({ name, args, block: readBlock(true) }); continue; }
            throw new Error(`directive ${name} has no ; or block`);
        }
        if (closing) throw new Error("missing }");
        return out;
    };
    return readBlock(false);
}

/** The directives named `name` in `block`. */
export function all(block: readonly Directive[], name: string): Directive[] {
    return block.filter((d) => d.name === name);
}

/** The one directive named `name` in `block`; throws if there is none or several. */
export function one(block: readonly Directive[], name: string): Directive {
    const found = all(block, name);
    if (found.length !== 1) throw new Error(`expected one ${name}, found ${found.length}`);
    return found[0];
}

/** The block of the one directive named `name`. */
export function blockOf(block: readonly Directive[], name: string): readonly Directive[] {
    const d = one(block, name);
    if (!d.block) throw new Error(`${name} has no block`);
    return d.block;
}

/** Every directive in the tree, depth first. */
export function everyDirective(block: readonly Directive[]): Directive[] {
    return block.flatMap((d) => [d, ...(d.block ? everyDirective(d.block) : [])]);
}

/** A location nginx picked for a path, and the named captures of its regular expression. */
export interface Match {
    readonly location: Directive;
    readonly captures: Readonly<Record<string, string>>;
}

/**
 * The location of `server` nginx picks for the (already normalised) path `uri`: an exact
 * match (`=`) wins; else the longest prefix; unless that prefix is `^~`, the first regular
 * expression (`~`, `~*`) that matches, in order, wins over it. Top-level locations only.
 */
export function selectLocation(server: readonly Directive[], uri: string): Match | undefined {
    const locations = all(server, "location");
    const exact = locations.find((l) => l.args[0] === "=" && l.args[1] === uri);
    if (exact) return { location: exact, captures: {} };
    let prefix: Directive | undefined;
    for (const l of locations) {
        const isPrefix = l.args.length === 1 || l.args[0] === "^~";
        const text = l.args[l.args.length - 1];
        if (isPrefix && uri.startsWith(text) && (!prefix || text.length > prefix.args[prefix.args.length - 1].length)) prefix = l;
    }
    if (prefix?.args[0] === "^~") return { location: prefix, captures: {} };
    for (const l of locations) {
        if (l.args[0] !== "~" && l.args[0] !== "~*") continue;
        const m = new RegExp(l.args[1], l.args[0] === "~*" ? "i" : "").exec(uri);
        if (m) return { location: l, captures: { ...(m.groups ?? {}) } };
    }
    return prefix ? { location: prefix, captures: {} } : undefined;
}

/** `value` with each `$name` (or `${name}`) replaced from `vars`; throws on an unknown name. */
export function expand(value: string, vars: Readonly<Record<string, string>>): string {
    return value.replace(/\$\{?([A-Za-z0-9_]+)\}?/g, (_, name: string) => {
        if (!(name in vars)) throw new Error(`unknown variable $${name} in ${value}`);
        return vars[name];
    });
}

/**
 * Checks every citation of components/releases.ts against a git clone of the OpenHands app
 * (e.g. the public mirror CrazyForks/OpenHands): each file of the environment contract, at
 * its tag or release commit, names the variable it is cited for (or, for 0.x's generic
 * loader, defines `load_from_env` and the config file has the field); each release's sources
 * name its app image repository, its agent-server image or its bundled agent-server version;
 * each release commit is that release's.
 *
 *   npm run check:citations -- <git directory of the app's repository>
 *
 * Not part of `npm test`: it needs the clone, which the tests do not have.
 */
import { execFileSync } from "child_process";
import { type Citation, ENV_CONTRACT, RELEASES, RELEASE_COMMITS, repositoryOf } from "../components/releases";

/** The text of `path` at a citation's commit or tag, or undefined when the file is not there. */
function show(gitDir: string, c: Citation, path = c.path): string | undefined {
    try {
        return execFileSync("git", ["--git-dir", gitDir, "show", `${c.commit ?? c.tag}:${path}`],
            { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 * 1024 * 1024 });
    } catch {
        return undefined;
    }
}

/** Every problem found; empty when every citation holds. */
export function checkCitations(gitDir: string): string[] {
    const problems: string[] = [];
    const where = (c: Citation) => `${c.path} @ ${c.tag}${c.commit ? ` (${c.commit})` : ""}`;
    for (const [name, contract] of Object.entries(ENV_CONTRACT)) {
        for (const c of contract.readBy) {
            const text = show(gitDir, c);
            if (text === undefined) { problems.push(`${name}: ${where(c)} does not exist`); continue; }
            if (c.how === undefined) {
                if (!text.includes(name)) problems.push(`${name}: ${where(c)} does not name it`);
                continue;
            }
            const field = /field (\w+) of (\S+)/.exec(c.how);
            const config = field && show(gitDir, c, `openhands/core/config/${field[2]}`);
            if (!text.includes("def load_from_env") || !field || !config?.includes(`${field[1]}:`)) {
                problems.push(`${name}: ${where(c)} (${c.how}) does not hold`);
            }
        }
    }
    for (const release of RELEASES) {
        const needles = [repositoryOf(release.appImage), release.sandboxImage, release.sandboxImage.split(":").pop() ?? "",
            ...(release.bundledAgentServer ? [`openhands-agent-server==${release.bundledAgentServer}`, repositoryOf(release.sandboxImage)] : [])];
        // A build script's config names the app repository's parts as NAME=value lines.
        const inParts = (text: string) => repositoryOf(release.appImage).split("/").every((part) => text.includes(`=${part}\n`));
        for (const c of release.sources) {
            const text = show(gitDir, c);
            if (text === undefined) problems.push(`${release.version}: ${where(c)} does not exist`);
            else if (!needles.some((n) => text.includes(n)) && !inParts(text)) {
                problems.push(`${release.version}: ${where(c)} names none of ${needles.join(", ")}`);
            }
        }
    }
    for (const [version, commit] of Object.entries(RELEASE_COMMITS)) {
        const subject = execFileSync("git", ["--git-dir", gitDir, "log", "-1", "--format=%s", commit], { encoding: "utf8" }).trim();
        const pyproject = show(gitDir, { tag: version, commit, path: "pyproject.toml" }) ?? "";
        if (!subject.includes(`release ${version}`) || !pyproject.includes(`version = "${version}"`)) {
            problems.push(`${commit} is not the release commit of ${version} ('${subject}')`);
        }
    }
    return problems;
}

if (require.main === module) {
    const gitDir = process.argv[2];
    if (!gitDir) {
        console.error("usage: npm run check:citations -- <git directory of the OpenHands app repository>");
        process.exit(2);
    }
    const problems = checkCitations(gitDir);
    for (const p of problems) console.error(p);
    const count = Object.values(ENV_CONTRACT).reduce((n, c) => n + c.readBy.length, 0) +
        RELEASES.reduce((n, r) => n + r.sources.length, 0) + Object.keys(RELEASE_COMMITS).length;
    console.log(`${count - problems.length} of ${count} citations hold`);
    process.exit(problems.length === 0 ? 0 : 1);
}

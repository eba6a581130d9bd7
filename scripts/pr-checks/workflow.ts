/**
 * Renders the GitHub workflow of the pull-request check from its definition. Pure:
 * text in, text out. The text is written line by line (not dumped by a YAML library)
 * because each pinned action carries its release as a comment, which YAML libraries
 * do not write.
 */
import type { ConfigSource, PinnedAction, PrCheck, PreviewedStack } from "./definition";

/** The first line of the generated file. */
export const GENERATED_HEADER =
    "# Generated from scripts/pr-checks/definition.ts by `npm run gen:workflow`; edit the definition, not this file.";

/** A GitHub expression, `${{ ... }}`. */
function expr(body: string): string {
    return "${{ " + body + " }}";
}

/** A YAML scalar: plain when that reads back as the same string, else double-quoted (JSON is valid YAML). */
export function scalar(text: string): string {
    const plain = /^[A-Za-z0-9_./${}@ -]+$/.test(text) && !/^[-.\s{[]|\s$|: | #/.test(text)
        && !/^(true|false|yes|no|on|off|null|~|[0-9.+-]+)$/i.test(text);
    return plain ? text : JSON.stringify(text);
}

/** `uses: owner/name@<commit> # <version>`. */
function uses(action: PinnedAction): string {
    return `uses: ${action.repository}@${action.commit} # ${action.version}`;
}

/** A GitHub expression string literal, `'...'` with quotes doubled. */
function literal(text: string): string {
    return `'${text.replace(/'/g, "''")}'`;
}

/** The condition "this job is one of these stacks". */
function forStacks(stacks: readonly PreviewedStack[]): string {
    return stacks.map((s) => `matrix.stack == ${literal(s.name)}`).join(" || ");
}

/** The action's `config-map` for one stack: JSON (valid YAML) with variables as expressions. */
function configMap(config: Readonly<Record<string, ConfigSource>>): string {
    const entries = Object.entries(config).map(([key, source]) => {
        const value = "value" in source ? JSON.stringify(source.value) : expr(`toJSON(vars.${source.variable})`);
        return `${JSON.stringify(key)}: {"value": ${value}}`;
    });
    return `{${entries.join(", ")}}`;
}

/** The workflow file's text. */
export function renderWorkflow(check: PrCheck, pulumiVersion: string): string {
    const { actions, preview } = check;
    if (check.stacks.length === 0) throw new Error("the check previews no stack");
    const lines: string[] = [
        GENERATED_HEADER,
        "# `npm run preview:pr` runs the same steps on this machine, with the e2e toolchain against the local control plane.",
        `name: ${scalar(check.workflowName)}`,
        "",
        "on:",
        "  pull_request:",
        "",
        "# Nothing by default; the job asks for what it uses.",
        "permissions: {}",
        "",
        "jobs:",
        "  preview:",
        `    name: ${scalar(`preview (${expr("matrix.stack")})`)}`,
        "    runs-on: ubuntu-24.04",
        "    timeout-minutes: 30",
        "    permissions:",
        "      contents: read        # check out the code",
        "      pull-requests: write  # post the preview as a comment",
        "    # One preview per pull request and stack at a time; a new push cancels the running one.",
        "    concurrency:",
        `      group: ${scalar(`${check.workflowName.toLowerCase().replace(/\s+/g, "-")}-${expr("github.event.pull_request.number")}-${expr("matrix.stack")}`)}`,
        "      cancel-in-progress: true",
        "    strategy:",
        "      fail-fast: false",
        "      matrix:",
        "        include:",
    ];
    for (const stack of check.stacks) {
        lines.push(`          - stack: ${scalar(stack.name)}`, `            config-map: ${scalar(configMap(stack.ciConfig))}`);
    }
    lines.push("    env:");
    for (const [env, secret] of Object.entries(check.backend.secretEnv)) lines.push(`      ${env}: ${expr(`secrets.${secret}`)}`);
    // A secret reaches only the stacks that name it (always by a literal name: a computed
    // `secrets[...]` would send every secret of the repository to the job).
    const stackSecretEnv = new Map<string, { secret: string; stacks: PreviewedStack[] }>();
    for (const stack of check.stacks) {
        for (const [env, secret] of Object.entries(stack.ciSecretEnv)) {
            const entry = stackSecretEnv.get(env) ?? { secret, stacks: [] };
            if (entry.secret !== secret) throw new Error(`${env} is filled from two different secrets`);
            entry.stacks.push(stack);
            stackSecretEnv.set(env, entry);
        }
    }
    for (const [env, { secret, stacks }] of stackSecretEnv) {
        lines.push(`      ${env}: ${expr(`(${forStacks(stacks)}) && secrets.${secret} || ''`)}`);
    }
    lines.push(
        "    steps:",
        "      - name: Check out the pull request",
        `        ${uses(actions.checkout)}`,
        "        with:",
        "          persist-credentials: false",
        "      - name: Set up Node.js",
        `        ${uses(actions.setupNode)}`,
        "        with:",
        `          node-version: ${scalar(check.nodeVersion)}`,
        "          cache: npm",
    );
    for (const step of check.setup) lines.push(`      - name: ${scalar(step.name)}`, `        run: ${scalar(step.run)}`);
    for (const stack of check.stacks.filter((s) => s.ciKubeconfigSecret !== undefined)) {
        lines.push(
            `      - name: ${scalar(`Kubeconfig of the ${stack.name} cluster`)}`,
            `        if: ${forStacks([stack])}`,
            "        env:",
            `          KUBECONFIG_CONTENT: ${expr(`secrets.${stack.ciKubeconfigSecret}`)}`,
            "        run: |",
            "          if [ -z \"$KUBECONFIG_CONTENT\" ]; then",
            `            echo "::error::the repository secret ${stack.ciKubeconfigSecret} is empty or not readable by this run"`,
            "            exit 1",
            "          fi",
            "          umask 077",
            "          printf '%s\\n' \"$KUBECONFIG_CONTENT\" > \"$RUNNER_TEMP/kubeconfig\"",
            "          echo \"KUBECONFIG=$RUNNER_TEMP/kubeconfig\" >> \"$GITHUB_ENV\"",
        );
    }
    lines.push(
        `      - name: ${scalar(`pulumi ${preview.command} with the policy pack`)}`,
        `        ${uses(actions.pulumi)}`,
        "        with:",
        `          command: ${preview.command}`,
        `          stack-name: ${expr("matrix.stack")}`,
        `          work-dir: ${scalar(preview.workDir)}`,
        `          pulumi-version: ${scalar(pulumiVersion)}`,
        `          cloud-url: ${expr(`vars.${check.backend.cloudUrlVariable}`)}`,
        `          policyPacks: ${scalar(preview.policyPacks.join("\n"))}`,
        `          config-map: ${expr("matrix.config-map")}`,
        `          upsert: ${preview.upsert}`,
        `          comment-on-pr: ${preview.commentOnPr}`,
        `          comment-on-summary: ${preview.commentOnSummary}`,
    );
    return lines.join("\n") + "\n";
}

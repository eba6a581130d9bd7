/**
 * Runs the Pulumi program under mocks with the config of a stack file, the way
 * the engine would give it: Pulumi.yaml's defaults, then the stack file, then
 * the test's own overrides. Records every resource the program registers.
 */
import { GUIDE_VALUES } from "../../components/settings/catalog";
import * as pulumi from "@pulumi/pulumi";
import { type ConfigMap, projectDefaults, stackFileConfig } from "./stack-files";

export { projectDefaults, ROOT, stackFileConfig } from "./stack-files";

/** A resource as the program registered it. */
export interface Registered {
    /** Type token, e.g. `kubernetes:core/v1:Pod`. */
    readonly type: string;
    /** Pulumi name (not the Kubernetes name). */
    readonly name: string;
    /** Inputs as the provider would receive them, with secret values unwrapped. */
    readonly inputs: any;
    /** Paths (dotted) of the inputs that were sent as secrets. */
    readonly secretPaths: string[];
    /** Provider reference (`urn::id`) of a custom resource. */
    readonly provider?: string;
    /** Type token of the parent resource, from the URN. */
    parentType?: string;
    /** The resource's URN. */
    urn?: string;
    /** Whether Pulumi protects it (the `protect` option, set or inherited from its parent). */
    protect?: boolean;
    /** Whether Pulumi leaves it in the cluster when it is deleted (`retainOnDelete`). */
    retainOnDelete?: boolean;
}

/** What one run of the program produced. */
export interface StackRun {
    readonly resources: Registered[];
    /** Tokens of the provider functions the program called, in order. */
    readonly invokes: string[];
    /** Stack outputs, resolved. */
    readonly outputs: Record<string, unknown>;
    /** Stack outputs that are secrets. */
    readonly secretOutputs: string[];
    /** Finds the single resource of a type whose Kubernetes (or Pulumi) name is `name`. */
    one(type: string, name?: string): Registered;
    /** Every resource of a type. */
    all(type: string): Registered[];
}

/** Resolves an Output (or plain value) in a mocked run. */
export function resolve<T>(value: pulumi.Input<T> | undefined): Promise<T | undefined> {
    if (value === undefined) return Promise.resolve(undefined);
    return new Promise((done) => pulumi.output(value).apply((v) => { done(v as T); return v; }));
}

/** The marker key of a secret value on the wire between the SDK and the engine. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** Replaces wire-format secrets by their values, noting each one's dotted path. */
function unwrapSecrets(value: any, at: string, secretPaths: string[]): any {
    if (Array.isArray(value)) return value.map((v, i) => unwrapSecrets(v, `${at}[${i}]`, secretPaths));
    if (value === null || typeof value !== "object") return value;
    if (value[SECRET_SIG] === SECRET_VALUE) {
        secretPaths.push(at);
        return unwrapSecrets(value.value, at, []);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v, at ? `${at}.${k}` : k, secretPaths)]));
}

/** The fake state a provider would report, enough for the program's outputs. */
function fakeState(type: string, inputs: any): Record<string, unknown> {
    if (type === "kubernetes:core/v1:Service") {
        const ports = (inputs.spec?.ports ?? []).map((port: any, index: number) => ({
            ...port, nodePort: port.nodePort ?? 30495 + index,
        }));
        const ingress = inputs.spec?.type === "LoadBalancer" ? [{ ip: "127.0.0.10" }] : undefined;
        return { ...inputs, spec: { ...inputs.spec, ports }, status: { loadBalancer: { ingress } } };
    }
    if (type === "gcp:serviceaccount/account:Account") {
        return { ...inputs, email: `${inputs.accountId}@${inputs.project}.iam.gserviceaccount.com` };
    }
    if (type === "gcp:container/cluster:Cluster") {
        return {
            ...inputs,
            name: inputs.name ?? "openhands-gke-cluster-1234567",
            endpoint: "127.0.0.20",
            masterAuth: { clusterCaCertificate: "LS0tLS1CRUdJTi1DRVJUSUZJQ0FURS0tLS0t" },
        };
    }
    return inputs;
}

/**
 * Runs the program of `index.ts` under mocks for `stack`, with `overrides` on top
 * of the stack file, `secretKeys` marked secret. Throws what the program throws.
 */
export async function runStack(
    stack: string, overrides: ConfigMap = {}, secretKeys: string[] = [], drop: string[] = [],
): Promise<StackRun> {
    const config = stackConfig(stack, overrides, drop);
    const key = JSON.stringify([stack, Object.entries(config).sort(([a], [b]) => a.localeCompare(b)), [...secretKeys].sort()]);
    let run = runs.get(key);
    if (run === undefined) {
        run = runWithConfig(config, secretKeys, stack).then(deepFreeze, (err: Error) => Promise.reject(deepFreeze(err)));
        runs.set(key, run);
    }
    return run;
}

/**
 * What a user sets before the first `up` of the openshift stack, as `gcp:project` for gke: the
 * node that holds the hostPath data (`pulumi config set openhands:nodeName <node>`). Runs of the
 * openshift stack get it unless they drop or override it.
 */
export const OPENSHIFT_NODE: ConfigMap = { "openhands:nodeName": "worker-1" };

/** The config a run of `stack` gets: Pulumi.yaml's defaults, the stack file, `overrides`, minus `drop`. */
function stackConfig(stack: string, overrides: ConfigMap, drop: string[]): ConfigMap {
    const config: ConfigMap = { ...projectDefaults(), ...stackFileConfig(stack), ...(stack === "openshift" ? OPENSHIFT_NODE : {}), ...overrides };
    for (const key of drop) delete config[key];
    return config;
}

/**
 * Runs by stack, config and secret keys. The program's result depends on nothing else (it
 * reads no environment), so tests that ask for the same run share one: about a third of the
 * runs `npm test` asks for are repeats. Shared runs are frozen, so a test that changed one
 * under another would throw instead.
 */
const runs = new Map<string, Promise<StackRun>>();

/** Freezes `value` and everything it holds; returns it. */
function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const inner of Object.values(value)) deepFreeze(inner);
    }
    return value;
}

/** {@link GUIDE_VALUES} as stack config. */
export const GUIDE_CONFIG: ConfigMap = Object.fromEntries(
    Object.entries(GUIDE_VALUES).map(([key, value]) => [`openhands:${key}`, String(value)]));

/**
 * Runs a stack file with the guide's values ({@link GUIDE_VALUES}: its `main` images under
 * the 0.x contract, the SSH sandbox) and without what the stack files add for 1.x (the pinned
 * node port, the SCC), unless `overrides` sets those again.
 */
export function runGuideStack(
    stack: string, overrides: ConfigMap = {}, secretKeys: string[] = [], drop: string[] = [],
): Promise<StackRun> {
    const dropped = ["openhands:nodePort", "openhands:openshiftScc"].filter((key) => !(key in overrides));
    return runStack(stack, { ...GUIDE_CONFIG, ...overrides }, secretKeys, [...drop, ...dropped]);
}

/** The type of the root resource a program runs in. */
const STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * Runs `body` (which creates resources) under fresh mocks with `config`, inside a stack
 * resource as the engine runs a program, and records what it registers. Only public SDK
 * entry points: the mocks see every registration; a stack transformation sees every
 * resource object, whose URN resolves once its registration is done.
 */
export async function runMocked<T>(
    config: ConfigMap, secretKeys: string[], stack: string, body: () => T | Promise<T>,
): Promise<{ resources: Registered[]; invokes: string[]; result: T }> {
    const resources: Registered[] = [];
    const invokes: string[] = [];
    const objects: Array<{ type: string; name: string; resource: pulumi.Resource; opts: pulumi.ResourceOptions }> = [];
    await pulumi.runtime.setMocks({
        newResource: (args) => {
            const secretPaths: string[] = [];
            const inputs = unwrapSecrets(args.inputs, "", secretPaths);
            if (args.type !== STACK_TYPE) {
                resources.push({ type: args.type, name: args.name, inputs, secretPaths, provider: args.provider });
            }
            return { id: `${args.name}-id`, state: fakeState(args.type, inputs) };
        },
        call: (args) => {
            invokes.push(args.token);
            return args.inputs;
        },
    }, "openhands", stack, false);
    pulumi.runtime.setAllConfig(config, secretKeys);
    let result: T | undefined;
    let failure: unknown;
    await pulumi.runtime.runInPulumiStack(async () => {
        // A resource inherits `protect` from its parent when it sets none (the SDK applies that after
        // transformations run, on a copy of the options): the same rule, applied here.
        const protectedResources = new WeakMap<pulumi.Resource, boolean>();
        pulumi.runtime.registerStackTransformation(({ type, name, resource, opts }) => {
            const protect = opts.protect ?? (opts.parent ? protectedResources.get(opts.parent) : undefined) ?? false;
            protectedResources.set(resource, protect);
            objects.push({ type, name, resource, opts: { ...opts, protect } });
            return undefined;
        });
        try {
            result = await body();
        } catch (err) {
            failure = err;
        }
        return undefined;
    });
    // Every registration the run started is done once every resource's URN is known.
    const urns = await Promise.all(objects.map(async ({ type, name, resource, opts }) =>
        ({ type, name, opts, urn: await resolve(resource.urn) as string })));
    if (failure !== undefined) throw Object.assign(failure as Error, { registered: resources, invoked: invokes });
    for (const { type, name, urn, opts } of urns) {
        const match = resources.find((r) => r.type === type && r.name === name && r.urn === undefined);
        if (match === undefined) continue;
        match.urn = urn;
        match.protect = opts.protect === true;
        match.retainOnDelete = opts.retainOnDelete === true;
        const chain = urn.split("::")[2].split("$");
        match.parentType = chain.length > 1 ? chain[chain.length - 2] : undefined;
    }
    return { resources, invokes, result: result as T };
}

async function runWithConfig(config: ConfigMap, secretKeys: string[], stack: string): Promise<StackRun> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require("../../index") as () => Promise<Record<string, unknown>>;
    const { resources, invokes, result } = await runMocked(config, secretKeys, stack, program);
    const outputs: Record<string, unknown> = {};
    const secretOutputs: string[] = [];
    for (const [key, value] of Object.entries(result)) {
        outputs[key] = pulumi.Output.isInstance(value) ? await resolve(value) : value;
        if (pulumi.Output.isInstance(value) && await pulumi.isSecret(value)) secretOutputs.push(key);
    }
    return {
        resources,
        invokes,
        outputs,
        secretOutputs,
        all: (type) => resources.filter((r) => r.type === type),
        one: (type, name) => {
            const found = resources.filter((r) => r.type === type &&
                (name === undefined || r.inputs?.metadata?.name === name || r.name === name));
            if (found.length !== 1) {
                throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ` +
                    resources.map((r) => `${r.type}/${r.inputs?.metadata?.name ?? r.name}`).join(", "));
            }
            return found[0];
        },
    };
}

/** A run the program refused: its error, and what it had registered and called before refusing. */
export interface RefusedRun {
    readonly message: string;
    readonly registered: Registered[];
    /** Tokens of the provider functions it called (the Kubernetes provider's prefetch among them). */
    readonly invoked: string[];
}

/** Runs the stack and expects the program to refuse its config. */
export async function refusedRun(
    stack: string, overrides: ConfigMap = {}, secretKeys: string[] = [], drop: string[] = [],
): Promise<RefusedRun> {
    try {
        await runStack(stack, overrides, secretKeys, drop);
    } catch (err) {
        const { registered, invoked } = err as { registered?: Registered[]; invoked?: string[] };
        return { message: (err as Error).message, registered: registered ?? [], invoked: invoked ?? [] };
    }
    throw new Error(`expected the ${stack} stack to refuse ${JSON.stringify(overrides)}, but it ran`);
}

/** The config every mocked gke stack with a cluster needs on top of its stack file. */
export const GKE_PROJECT: Readonly<Record<string, string>> = { "gcp:project": "demo-project" };

/**
 * The gke stack deploying into an existing cluster (`createCluster false`). The tests of what
 * runs in the cluster (the release contract, runtime options, pod security, RBAC, exposure, the
 * gke stack's option tests) use it: making the cluster changes only which provider the objects
 * go through, which gke-stack.test.ts checks object by object, and a mocked run without the
 * Cluster's and the NodePool's ~140 output properties costs about half as much.
 */
export const GKE_EXISTING_CLUSTER: Readonly<Record<string, string>> = { "openhands:createCluster": "false" };

/**
 * LLM settings, for the tests that set them (the key goes in as a secret: `["openhands:llmApiKey"]`).
 * One value for all of them, so that tests of the same stack and release share one run.
 */
export const LLM_SETTINGS: Readonly<Record<string, string>> = {
    "openhands:llmModel": "openai/gpt-5", "openhands:llmApiKey": "sk-never-in-env", "openhands:llmBaseUrl": "https://llm.example/v1",
};

/** The pod spec of the app, whether the stack runs it as a Pod or a Deployment (guide names). */
export function podSpecOf(run: StackRun): any {
    return run.all("kubernetes:core/v1:Pod").length === 1
        ? run.one("kubernetes:core/v1:Pod").inputs.spec
        : run.one("kubernetes:apps/v1:Deployment", "openhands-app-2024").inputs.spec.template.spec;
}

/** The app container of that pod. */
export function appOf(run: StackRun): any {
    return podSpecOf(run).containers.find((c: any) => c.name === "openhands-app-2024");
}

/** The app container's environment, name -> value (or its valueFrom). */
export function envOf(run: StackRun): Record<string, unknown> {
    return Object.fromEntries(appOf(run).env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
}

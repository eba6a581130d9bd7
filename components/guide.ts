/**
 * The values the original OpenHands Kubernetes guide fixes and no user setting
 * changes: names, ports, paths, rules. Values a user can set (images, sizes,
 * paths, counts) are owned by `settings/catalog.ts`, where the guide's values are
 * the defaults. When the guide and a fix disagree, the fix lives in the builder.
 */

/** Name and `app` label of the workload (Pod or Deployment) and its containers' prefix. */
export const APP_NAME = "openhands-app-2024";
/** Name of the app container. */
export const APP_CONTAINER = "openhands-app-2024";
/** Name of the obsolete SSH sandbox container that the guide runs next to the app. */
export const SANDBOX_CONTAINER = "openhands-sandbox-2024";

/** Port the OpenHands app listens on. */
export const APP_PORT = 3000;
/** Port of the sshd in the sandbox container. */
export const SANDBOX_SSH_PORT = 51963;
/** The sshd command of the sandbox container; the guide writes `"-p 51963"` as one argument. */
export const SANDBOX_COMMAND: readonly string[] = [
    "/usr/sbin/sshd", "-D", "-p", String(SANDBOX_SSH_PORT), "-o", "PermitRootLogin=yes",
];

/** Path of the Docker socket on the node and in the app container. */
export const DOCKER_SOCKET_PATH = "/var/run/docker.sock";
/** The guide's name of the pod volume that carries that socket. */
export const DOCKER_SOCKET_VOLUME = "docker-sock";

/** Values of the guide's OpenShift part. */
export const OPENSHIFT = {
    workspacePvName: "workspace-pv",
    dockerPvName: "docker-pv",
    workspacePvcName: "workspace-pvc",
    dockerPvcName: "docker-pvc",
    accessMode: "ReadWriteOnce",
    reclaimPolicy: "Retain",
    /** Where the app sees its workspace, and the value of `WORKSPACE_MOUNT_PATH`. */
    workspaceMountPath: "/opt/workspace_base",
    /** The NodePort Service has the workload's name (`oc create svc nodeport openhands-app-2024`). */
    serviceName: APP_NAME,
    /** Port name `oc create svc nodeport --tcp=3000:3000` gives. */
    servicePortName: "3000-3000",
} as const;

/** Values of the guide's GKE part. */
export const GKE = {
    clusterRoleName: "privileged-role",
    clusterRoleBindingName: "privileged-role-binding",
    /** The ServiceAccount the guide binds (every pod in `default` runs as it). */
    documentServiceAccount: "default",
    credentialsSecretName: "google-cloud-key",
    credentialsSecretKey: "key.json",
    workspaceMountPath: "/tmp/workspace_base",
    /** Where the key file appears in the app container (`GOOGLE_APPLICATION_CREDENTIALS`). */
    credentialsMountPath: "/tmp/workspace_base/google-cloud-key.json",
    serviceName: `${APP_NAME}-svc`,
    /** LoadBalancer port that reaches the app's port 3000. */
    httpPort: 80,
} as const;

/** The guide's ClusterRole rules, in its order. */
export const PRIVILEGED_ROLE_RULES: ReadonlyArray<{
    readonly apiGroups: readonly string[];
    readonly resources: readonly string[];
    readonly verbs: readonly string[];
}> = [
    { apiGroups: [""], resources: ["pods"], verbs: ["create", "get", "list", "watch", "delete"] },
    { apiGroups: ["apps"], resources: ["deployments"], verbs: ["create", "get", "list", "watch", "delete"] },
    { apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] },
    { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
];

/** The Docker daemon sidecar (`dockerEngine: dind`). */
export const DIND = {
    containerName: "docker-daemon",
    /** Where the daemon's socket directory is shared with the app (the socket is `<dir>/docker.sock`). */
    socketDir: "/var/run",
    /** The daemon's data: images and the sandboxes' containers. */
    dataPath: "/var/lib/docker",
    runVolume: "docker-run",
    dataVolume: "docker-data",
} as const;

/** The guide's step-5 troubleshooting Deployment. */
export const TROUBLESHOOTING = {
    name: "docker-in-docker",
    /** The guide uses `docker:20.10-dind`; only the client is needed to look at the node's daemon. */
    image: "docker:28.5.2-cli",
} as const;

/** Where the app keeps its file store (`FILE_STORE_PATH`, the image's default). */
export const FILE_STORE_PATH = "/.openhands";

/** The state volume: the app's settings and conversations. */
export const STATE = {
    volumeName: "openhands-state",
    openshiftPvName: "state-pv",
    claimName: "openhands-state",
} as const;

/** The GKE workspace claim (`persistentWorkspace`, the default; the guide has none: this project's name). */
export const WORKSPACE_CLAIM = { name: "openhands-workspace" } as const;

/**
 * Capabilities kept by containers that run as root: the app's entrypoint switches to
 * SANDBOX_USER_ID, and sshd separates privileges. Both lists stay within the baseline set.
 */
export const CAPABILITIES = {
    app: ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID"],
    sshd: ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "KILL", "NET_BIND_SERVICE", "SETGID", "SETUID", "SYS_CHROOT"],
} as const;

/** Secret that carries the seeded LLM settings (this project's name, the guide has none). */
export const LLM_SECRET = { name: "openhands-llm" } as const;

/**
 * Probe timings on the app's health endpoint. The start-up probe allows ten
 * minutes: a first start pulls and builds the runtime image.
 */
export const PROBES = {
    /**
     * Readiness and start-up ask `/health`; liveness asks `/alive`. The app serves both
     * statically, and keeping them apart means a readiness check that one day grows a
     * dependency can never restart a healthy app.
     */
    path: "/health",
    livenessPath: "/alive",
    startup: { periodSeconds: 10, failureThreshold: 60, timeoutSeconds: 5 },
    readiness: { periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 5 },
    liveness: { periodSeconds: 20, failureThreshold: 3, timeoutSeconds: 5 },
} as const;

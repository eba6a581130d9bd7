// PLACEHOLDER until the agent-sandbox builders land (replaced at merge).
export const AGENT_SANDBOX_VERSION = "v1.0.3";
export const DEFAULT_AGENT_SANDBOX_CONTROLLER_IMAGE = `registry.k8s.io/agent-sandbox/agent-sandbox-controller:${AGENT_SANDBOX_VERSION}`;
export const DEFAULT_AGENT_SANDBOX_CRD_SOURCES: readonly string[] = [
    `https://raw.githubusercontent.com/kubernetes-sigs/agent-sandbox/${AGENT_SANDBOX_VERSION}/k8s/crds/agents.x-k8s.io_sandboxes.yaml`,
];
export function agentSandboxCrdSourcesProblem(key: string, sources: readonly string[]): string | undefined {
    return sources.length === 0 ? `${key}: empty` : undefined;
}
/* eslint-disable */
export function agentSandboxNamespaceManifest(): any { return {}; }
export function agentSandboxServiceAccountManifest(): any { return {}; }
export function agentSandboxClusterRoleManifest(): any { return {}; }
export function agentSandboxClusterRoleBindingManifest(): any { return {}; }
export function agentSandboxDeploymentManifest(_image: any, _opts?: any): any { return {}; }

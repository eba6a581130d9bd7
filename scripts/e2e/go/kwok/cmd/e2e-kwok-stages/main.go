// Command e2e-kwok-stages prints, as one multi-document YAML stream, the Stage objects
// that kwok should run for the local e2e cluster: kwok's own default node stages
// (initialize, heartbeat with leases) and its fast pod stages (ready, complete, delete).
// kwok ships these as data in its module; cluster.sh passes this output to `kwok --config`.
package main

import (
	"fmt"
	"os"
	"strings"

	nodefast "sigs.k8s.io/kwok/kustomize/stage/node/fast"
	nodelease "sigs.k8s.io/kwok/kustomize/stage/node/heartbeat-with-lease"
	podfast "sigs.k8s.io/kwok/kustomize/stage/pod/fast"
)

func main() {
	docs := []string{
		nodefast.DefaultNodeInit,
		nodelease.DefaultNodeHeartbeatWithLease,
		podfast.DefaultPodReady,
		podfast.DefaultPodComplete,
		podfast.DefaultPodDelete,
	}
	var out strings.Builder
	for _, d := range docs {
		out.WriteString("---\n")
		out.WriteString(strings.TrimSpace(d))
		out.WriteString("\n")
	}
	if _, err := fmt.Fprint(os.Stdout, out.String()); err != nil {
		os.Exit(1)
	}
}

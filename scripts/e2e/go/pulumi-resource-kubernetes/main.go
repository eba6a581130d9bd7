// Command pulumi-resource-kubernetes serves the Pulumi Kubernetes provider over gRPC.
//
// The upstream command embeds files produced by a generate step that are not part of the
// published Go module, so this main embeds the module's own schema.json and
// terraform-mapping.json (copied here at build time by scripts/e2e/toolchain.sh), stamps
// the plugin version into the schema, and hands both to the provider's Serve function.
package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema.json
var rawSchema []byte

//go:embed terraform-mapping.json
var rawMapping []byte

// withVersion returns the schema document with its top-level "version" set to v.
func withVersion(schema []byte, v string) ([]byte, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(schema, &doc); err != nil {
		return nil, fmt.Errorf("parsing schema.json: %w", err)
	}
	encoded, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	doc["version"] = encoded
	return json.Marshal(doc)
}

// compact strips insignificant whitespace from a JSON document.
func compact(doc []byte) ([]byte, error) {
	var buf bytes.Buffer
	if err := json.Compact(&buf, doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func main() {
	v := version.Version
	if v == "" {
		v = "0.0.0-dev"
	}
	schema, err := withVersion(rawSchema, v)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-resource-kubernetes:", err)
		os.Exit(1)
	}
	mapping, err := compact(rawMapping)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-resource-kubernetes: terraform-mapping.json:", err)
		os.Exit(1)
	}
	provider.Serve("kubernetes", v, schema, mapping)
}

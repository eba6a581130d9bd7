// Command pulumi-language-yaml is Pulumi's YAML language host, github.com/pulumi/pulumi-yaml
// at the release versions.env pins, served by a main of our own that adds one RPC.
//
// Two differences from upstream's own main, both for the newer engine (v3.274.1):
//
//   - Link: the release predates the engine's Link call. After `pulumi package add` or
//     `pulumi install` has generated a package's YAML descriptor, the engine asks the
//     project's language host to link it, and pulumi-yaml v1.25.0 answers Unimplemented,
//     which fails the command. A YAML program has nothing to link (later pulumi-yaml
//     releases answer Link with an empty reply), so this host does the same.
//   - Schemas come from the engine's schema loader (the host's useRPCLoader mode, which
//     upstream's language conformance tests run), not from the loader of the older Pulumi
//     SDK built into the host. That older loader caches a local plugin's schema next to the
//     plugin's directory (a stray schema-<name>.json beside a component package checkout);
//     the engine caches it under PULUMI_HOME.
//
// Every other call goes to the upstream host unchanged.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/pulumi/pulumi-yaml/pkg/server"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// yamlHost is the upstream YAML language host with a Link that succeeds.
type yamlHost struct {
	pulumirpc.LanguageRuntimeServer
}

// Link has nothing to do for YAML: the program refers to the package by name and the engine
// has already recorded where it comes from.
func (yamlHost) Link(context.Context, *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	return &pulumirpc.LinkResponse{}, nil
}

func main() {
	tracing := flag.String("tracing", "", "Zipkin-compatible tracing endpoint")
	_ = flag.String("root", "", "root of the program (the engine sends it with each request)")
	_ = flag.String("compiler", "", "obsolete; accepted so that old engines can still start the host")
	flag.Parse()

	var engineAddress string
	var cancel chan bool
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[0]
		// Stop serving when the engine goes away or on an interrupt.
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		cancel = make(chan bool)
		go func() {
			<-ctx.Done()
			stop()
			close(cancel)
		}()
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, stop); err != nil {
			fmt.Fprintln(os.Stderr, "pulumi-language-yaml: engine health check:", err)
			os.Exit(1)
		}
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			upstream := server.NewLanguageHost(engineAddress, *tracing, true /* useRPCLoader */)
			pulumirpc.RegisterLanguageRuntimeServer(srv, yamlHost{upstream})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-language-yaml: serve:", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of standard output.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-language-yaml: stopped serving:", err)
		os.Exit(1)
	}
}

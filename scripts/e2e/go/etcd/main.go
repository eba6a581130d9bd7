// Command etcd runs the etcd server from go.etcd.io/etcd/server/v3 with the
// command-line arguments it was given.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}

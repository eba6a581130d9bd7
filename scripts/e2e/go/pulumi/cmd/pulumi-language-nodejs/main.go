// Command pulumi-language-nodejs is a small Node.js language host for the Pulumi engine,
// written for the OpenHands end-to-end tests.
//
// Upstream's language host lives in its own Go module that the module proxy available to
// this project does not serve, so this program implements the parts of the
// LanguageRuntime gRPC service that `pulumi preview/up/destroy/refresh` need:
//
//   - Handshake: remember the engine address and the project directories.
//   - GetRequiredPackages / GetRequiredPlugins: report the resource plugins named by
//     the npm packages installed in the program directory's own node_modules
//     (package.json "pulumi": {"resource": true, ...}).
//   - Run: start `node <node_modules>/@pulumi/pulumi/cmd/run ...` in the program
//     directory, passing the engine/monitor addresses and the stack configuration the
//     same way the SDK's run script expects them (flags plus PULUMI_CONFIG* variables).
//   - RunPlugin: start a Node.js policy pack (`@pulumi/pulumi/cmd/run-policy-pack`, in
//     the pack's directory) or plugin such as a component provider
//     (`@pulumi/pulumi/cmd/run-plugin`, in the engine's working directory, as upstream's
//     host does) and stream its output, so `--policy-pack <dir>` and component packages
//     added with `pulumi package add` work.
//   - GetPluginInfo, About, GetProgramDependencies, InstallDependencies, and an empty
//     RuntimeOptionsPrompts.
//
// Everything else answers Unimplemented, which the engine treats as "not supported".
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// exitCodeAlreadyReported is the exit code the Node.js SDK uses after it has already
// shown the user an actionable error message; the engine should then just stop ("bail").
const exitCodeAlreadyReported = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	tracing       string
}

func (h *host) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

func (h *host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	v := version.Version
	if v == "" {
		v = "0.0.0-dev"
	}
	return &pulumirpc.PluginInfo{Version: v}, nil
}

// programDir picks the program directory out of a ProgramInfo, falling back to a
// deprecated plain path.
func programDir(info *pulumirpc.ProgramInfo, fallback string) string {
	if info != nil && info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory()
	}
	if fallback != "" {
		return fallback
	}
	wd, _ := os.Getwd()
	return wd
}

// findUp returns the first existing path dir/<rel>, dir/../<rel>, ... or "".
func findUp(dir, rel string) string {
	dir, _ = filepath.Abs(dir)
	for {
		candidate := filepath.Join(dir, rel)
		if _, err := os.Stat(candidate); err == nil {
			return candidate
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// pkgManifest is the subset of package.json this host reads.
type pkgManifest struct {
	Name         string            `json:"name"`
	Version      string            `json:"version"`
	Dependencies map[string]string `json:"dependencies"`
	DevDeps      map[string]string `json:"devDependencies"`
	Pulumi       struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
}

func readManifest(path string) (*pkgManifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m pkgManifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &m, nil
}

// pluginOf turns an npm manifest that declares a resource plugin into a dependency.
func pluginOf(m *pkgManifest) (*pulumirpc.PackageDependency, bool) {
	if !m.Pulumi.Resource {
		return nil, false
	}
	name := m.Pulumi.Name
	if name == "" {
		name = strings.TrimPrefix(m.Name, "@pulumi/")
		name = strings.TrimPrefix(name, "@")
	}
	ver := m.Pulumi.Version
	if ver == "" {
		ver = m.Version
	}
	if name == "" || ver == "" {
		return nil, false
	}
	if !strings.HasPrefix(ver, "v") {
		ver = "v" + ver
	}
	return &pulumirpc.PackageDependency{
		Kind: "resource", Name: name, Version: ver, Server: m.Pulumi.Server,
	}, true
}

// scanNodeModules walks a node_modules tree (including scoped and nested packages) and
// collects the resource plugins it declares, de-duplicated by name and version.
func scanNodeModules(root string, seen map[string]*pulumirpc.PackageDependency) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		dir := filepath.Join(root, name)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		if strings.HasPrefix(name, "@") {
			scanNodeModules(dir, seen)
			continue
		}
		if m, err := readManifest(filepath.Join(dir, "package.json")); err == nil {
			if dep, ok := pluginOf(m); ok {
				seen[dep.Name+"@"+dep.Version] = dep
			}
		}
		scanNodeModules(filepath.Join(dir, "node_modules"), seen)
	}
}

// requiredPackages reports the resource plugins that the program directory's own
// node_modules declares. Like upstream's host it never looks above the program directory:
// a plugin directory nested in another package (a component package's PulumiPlugin.yaml
// directory) requires nothing that its parent merely has installed, so the engine does not
// try to fetch the parent's plugins before it runs the component.
func requiredPackages(dir string) []*pulumirpc.PackageDependency {
	seen := map[string]*pulumirpc.PackageDependency{}
	scanNodeModules(filepath.Join(dir, "node_modules"), seen)
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]*pulumirpc.PackageDependency, 0, len(keys))
	for _, k := range keys {
		out = append(out, seen[k])
	}
	return out
}

func (h *host) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{
		Packages: requiredPackages(programDir(req.GetInfo(), "")),
	}, nil
}

func (h *host) GetRequiredPlugins(
	_ context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	//nolint:staticcheck // the deprecated Pwd field is the fallback for old engines
	pkgs := requiredPackages(programDir(req.GetInfo(), req.GetPwd()))
	plugins := make([]*pulumirpc.PluginDependency, 0, len(pkgs))
	for _, p := range pkgs {
		plugins = append(plugins, &pulumirpc.PluginDependency{
			Name: p.Name, Kind: p.Kind, Version: p.Version, Server: p.Server,
		})
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

// option reads a runtime option (Pulumi.yaml `runtime.options`) as a string.
func option(info *pulumirpc.ProgramInfo, key string) (string, bool) {
	if info == nil || info.GetOptions() == nil {
		return "", false
	}
	v, ok := info.GetOptions().GetFields()[key]
	if !ok {
		return "", false
	}
	switch k := v.GetKind().(type) {
	case *structpb.Value_StringValue:
		return k.StringValue, true
	case *structpb.Value_BoolValue:
		return strconv.FormatBool(k.BoolValue), true
	case *structpb.Value_NumberValue:
		return strconv.FormatFloat(k.NumberValue, 'f', -1, 64), true
	}
	return "", false
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	pwd := req.GetPwd()
	dir := programDir(info, pwd)
	if pwd == "" {
		pwd = dir
	}

	runScript := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runScript == "" {
		runScript = findUp(dir, filepath.Join("node_modules", "@pulumi", "pulumi", "cmd", "run"))
	}
	if runScript == "" {
		return &pulumirpc.RunResponse{Error: "could not find node_modules/@pulumi/pulumi/cmd/run " +
			"above " + dir + ": has `npm install` been run?"}, nil
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on $PATH: " + err.Error()}, nil
	}

	var args []string
	if nodeargs, ok := option(info, "nodeargs"); ok && nodeargs != "" {
		args = append(args, strings.Fields(nodeargs)...)
	}
	args = append(args, runScript)
	flagArg := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagArg("monitor", req.GetMonitorAddress())
	flagArg("engine", h.engine())
	flagArg("organization", req.GetOrganization())
	flagArg("project", req.GetProject())
	flagArg("stack", req.GetStack())
	flagArg("pwd", pwd)
	if info != nil {
		flagArg("root-directory", info.GetRootDirectory())
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() > 0 {
		flagArg("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	flagArg("tracing", h.tracing)
	entry := "."
	if info != nil && info.GetEntryPoint() != "" {
		entry = info.GetEntryPoint()
	} else if req.GetProgram() != "" { //nolint:staticcheck // fallback for old engines
		entry = req.GetProgram() //nolint:staticcheck
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}

	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON),
	)
	typescript := "true"
	if v, ok := option(info, "typescript"); ok {
		typescript = v
	}
	env = append(env, "PULUMI_NODEJS_TYPESCRIPT="+typescript)
	if v, ok := option(info, "tsconfig"); ok && v != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+v)
	}

	cmd := exec.CommandContext(ctx, nodeBin, args...)
	cmd.Dir = pwd
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	err = cmd.Run()
	if err == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if exitErr.ExitCode() == exitCodeAlreadyReported {
			return &pulumirpc.RunResponse{Bail: true}, nil
		}
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}, nil
	}
	return &pulumirpc.RunResponse{Error: "could not run node: " + err.Error()}, nil
}

func (h *host) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return nil, status.Error(codes.FailedPrecondition, "could not find node on $PATH")
	}
	out, err := exec.Command(nodeBin, "--version").Output()
	if err != nil {
		return nil, status.Errorf(codes.Internal, "node --version: %v", err)
	}
	return &pulumirpc.AboutResponse{
		Executable: nodeBin,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
	}, nil
}

func (h *host) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	//nolint:staticcheck // the deprecated Pwd field is the fallback for old engines
	dir := programDir(req.GetInfo(), req.GetPwd())
	manifestPath := findUp(dir, "package.json")
	if manifestPath == "" {
		return &pulumirpc.GetProgramDependenciesResponse{}, nil
	}
	m, err := readManifest(manifestPath)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for n := range m.Dependencies {
		names[n] = true
	}
	if req.GetTransitiveDependencies() {
		for n := range m.DevDeps {
			names[n] = true
		}
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	nodeModules := filepath.Join(filepath.Dir(manifestPath), "node_modules")
	var deps []*pulumirpc.DependencyInfo
	for _, n := range sorted {
		v := m.Dependencies[n]
		if installed, err := readManifest(filepath.Join(nodeModules, n, "package.json")); err == nil {
			v = installed.Version
		}
		deps = append(deps, &pulumirpc.DependencyInfo{Name: n, Version: v})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

// streamWriter forwards command output to an InstallDependencies stream.
type streamWriter struct {
	mu     *sync.Mutex
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]
	stderr bool
}

func (w streamWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	chunk := append([]byte(nil), p...)
	resp := &pulumirpc.InstallDependenciesResponse{Stdout: chunk}
	if w.stderr {
		resp = &pulumirpc.InstallDependenciesResponse{Stderr: chunk}
	}
	if err := w.stream.Send(resp); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (h *host) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest,
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	//nolint:staticcheck // the deprecated Directory field is the fallback for old engines
	dir := programDir(req.GetInfo(), req.GetDirectory())
	npmBin, err := exec.LookPath("npm")
	if err != nil {
		return status.Error(codes.FailedPrecondition, "could not find npm on $PATH")
	}
	var mu sync.Mutex
	cmd := exec.CommandContext(stream.Context(), npmBin, "install", "--no-audit", "--no-fund")
	cmd.Dir = dir
	cmd.Stdout = streamWriter{mu: &mu, stream: stream}
	cmd.Stderr = streamWriter{mu: &mu, stream: stream, stderr: true}
	if err := cmd.Run(); err != nil {
		return status.Errorf(codes.Internal, "npm install in %s: %v", dir, err)
	}
	return nil
}

// runPluginWriter forwards a plugin's output to a RunPlugin stream.
type runPluginWriter struct {
	mu     *sync.Mutex
	stream grpc.ServerStreamingServer[pulumirpc.RunPluginResponse]
	stderr bool
}

func (w runPluginWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	chunk := append([]byte(nil), p...)
	resp := &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: chunk}}
	if w.stderr {
		resp = &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: chunk}}
	}
	if err := w.stream.Send(resp); err != nil {
		return 0, err
	}
	return len(p), nil
}

// RunPlugin runs a plugin written in Node.js: a policy pack (kind "analyzer") through the
// SDK's run-policy-pack script, anything else through run-plugin. The engine passes its
// own address in Args and reads the plugin's gRPC port from its first line of output.
func (h *host) RunPlugin(
	req *pulumirpc.RunPluginRequest, stream grpc.ServerStreamingServer[pulumirpc.RunPluginResponse],
) error {
	//nolint:staticcheck // the deprecated Program field is the fallback for old engines
	dir := programDir(req.GetInfo(), req.GetProgram())
	script := "run-plugin"
	if req.GetKind() == "analyzer" {
		script = "run-policy-pack"
	}
	scriptPath := findUp(dir, filepath.Join("node_modules", "@pulumi", "pulumi", "cmd", script))
	if scriptPath == "" {
		return status.Errorf(codes.FailedPrecondition,
			"could not find node_modules/@pulumi/pulumi/cmd/%s above %s: has `npm install` been run?", script, dir)
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return status.Error(codes.FailedPrecondition, "could not find node on $PATH")
	}
	var args []string
	if nodeargs, ok := option(req.GetInfo(), "nodeargs"); ok && nodeargs != "" {
		args = append(args, strings.Fields(nodeargs)...)
	}
	args = append(args, scriptPath)
	if script == "run-policy-pack" {
		// run-policy-pack <engine address> <policy pack directory>
		args = append(args, req.GetArgs()...)
		args = append(args, dir)
	} else {
		// run-plugin <plugin directory> <arguments for the plugin...>
		args = append(args, dir)
		args = append(args, req.GetArgs()...)
	}

	var mu sync.Mutex
	cmd := exec.CommandContext(stream.Context(), nodeBin, args...)
	// Policy packs run in their own directory; other plugins in the engine's working
	// directory (the consuming project), as upstream's host runs them.
	cmd.Dir = dir
	if script == "run-plugin" && req.GetPwd() != "" {
		cmd.Dir = req.GetPwd()
	}
	cmd.Env = append(os.Environ(), req.GetEnv()...)
	cmd.Stdout = runPluginWriter{mu: &mu, stream: stream}
	cmd.Stderr = runPluginWriter{mu: &mu, stream: stream, stderr: true}
	code := int32(0)
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return status.Errorf(codes.Internal, "running %s: %v", script, err)
		}
		code = int32(exitErr.ExitCode())
	}
	mu.Lock()
	defer mu.Unlock()
	return stream.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
}

func main() {
	tracing := flag.String("tracing", "", "tracing endpoint (passed on to the Node.js program)")
	_ = flag.String("root", "", "project root directory (unused; the engine sends it per request)")
	flag.Parse()

	h := &host{tracing: *tracing}
	if args := flag.Args(); len(args) > 0 {
		h.engineAddress = args[len(args)-1]
	}

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-language-nodejs: listen:", err)
		os.Exit(1)
	}
	srv := grpc.NewServer(grpc.MaxRecvMsgSize(400 * 1024 * 1024))
	pulumirpc.RegisterLanguageRuntimeServer(srv, h)

	// The engine reads the port from the first line of our standard output.
	out := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(out, "%d\n", lis.Addr().(*net.TCPAddr).Port)
	if err := out.Flush(); err != nil {
		os.Exit(1)
	}

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		srv.Stop()
	}()

	if err := srv.Serve(lis); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
		fmt.Fprintln(os.Stderr, "pulumi-language-nodejs: serve:", err)
		os.Exit(1)
	}
}

var (
	_ io.Writer = streamWriter{}
	_ io.Writer = runPluginWriter{}
)

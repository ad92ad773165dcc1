// Command generator builds the 民主生活会 archive: a folder of yearly
// 对照检查材料 in Markdown becomes a static, cross-linked site in which every
// problem has a stable identity and its rectification status across years.
//
// Usage:
//
//	go run ./generator build [-s DIR] [-d DIR] [--edition NAME]
//	                                             build DIR/content into DIR/public
//	                                             (each edition of config.yaml into DIR/public/<edition>)
//	go run ./generator check [-s DIR] [--format json]
//	                                             validate without writing
//	go run ./generator serve [-s DIR] [-p PORT] [--bind ADDR] [--edition NAME[/UNIT]]
//	                                             preview with live reload
//	go run ./generator import [-s DIR] [--year Y] [--unit NAME] [--name SLUG] [-o PATH|-] FILE...
//	                                             turn .docx/.txt/.md materials into archive Markdown
//	go run ./generator new [-s DIR] <year>/<name>
//	                                             start next year's material, pre-filled
//
// -s/--source is the site directory (default "."); -d/--destination the
// output directory (default DIR/public). Errors print as
// path:line:col: severity: message, all of them, sorted.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"mzshh/generator/content"
	"mzshh/generator/diag"
	"mzshh/generator/importer"
	"mzshh/generator/internal/cli"
	"mzshh/generator/serve"
	"mzshh/generator/site"
)

func main() {
	softMemoryLimit()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, errReported) && !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "generator:", err)
		}
		code := 1
		if errors.Is(err, errUsage) {
			code = 2
		}
		os.Exit(code)
	}
}

var (
	errUsage    = errors.New("usage")
	errReported = errors.New("errors reported")
)

const usage = `usage: generator <command> [flags]

commands:
  build    build the site into public/ (or -d DIR)
  check    validate the site without writing anything
  serve    preview the site with live reload (never writes public/)
  import   import .docx, .txt (UTF-8, UTF-16 or GBK) or .md materials
  new      start a unit's next material from its previous one
  version  print the generator's version

generator <command> -h lists the command's flags.
`

// commandFlags returns the flag set of a command that takes its flags
// here; import and new parse theirs in package importer.
func commandFlags(cmd string, stderr io.Writer, o *cliOptions) *flag.FlagSet {
	fs := cli.New(cmd, stderr)
	source := func() {
		fs.StringVar(&o.source, "s", ".", "site `directory`")
		fs.StringVar(&o.source, "source", ".", "site `directory` (same as -s)")
	}
	asOf := func() {
		fs.Func("as-of", "count overdue problems as of `DATE`, YYYY-MM-DD (default: config as_of, else the newest document's date)", func(v string) error {
			t, err := content.ParseAsOf(v)
			if err != nil {
				return fmt.Errorf("write the date as YYYY-MM-DD, e.g. 2023-06-30")
			}
			o.asOf = t
			return nil
		})
	}
	switch cmd {
	case "build":
		source()
		fs.StringVar(&o.dest, "d", "", "output `directory` (default DIR/public)")
		fs.StringVar(&o.dest, "destination", "", "output `directory` (same as -d)")
		fs.StringVar(&o.edition, "edition", "", "build only the edition `NAME` of config.yaml (default: every edition)")
		asOf()
	case "check":
		source()
		fs.StringVar(&o.format, "format", "text", "diagnostics `format`: text or json")
		asOf()
	case "serve":
		source()
		fs.IntVar(&o.port, "p", 1313, "`port` to listen on; 0 picks a free one")
		fs.IntVar(&o.port, "port", 1313, "`port` (same as -p)")
		fs.StringVar(&o.bind, "bind", "127.0.0.1", "`address` to listen on")
		fs.StringVar(&o.edition, "edition", "", "preview the edition `NAME` of config.yaml (NAME/UNIT for one unit of a per_unit edition)")
		fs.Func("allowed-host", "another host `name` to answer besides the bound address's (repeatable, or comma-separated)", func(v string) error {
			for _, h := range strings.Split(v, ",") {
				if h = strings.TrimSpace(h); h != "" {
					o.allowedHosts = append(o.allowedHosts, h)
				}
			}
			return nil
		})
	case "version":
	default:
		return nil
	}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: generator %s [flags]\n\nflags:\n", cmd)
		fs.PrintDefaults()
	}
	return fs
}

// cliOptions are the values of every command's flags.
type cliOptions struct {
	source, dest, format, bind string
	edition                    string
	asOf                       time.Time
	port                       int
	allowedHosts               []string
}

// Run runs the generator with args (without the program name).
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) == 0 {
			fmt.Fprint(stderr, usage)
			return errUsage
		}
		fmt.Fprint(stdout, usage)
		return nil
	}
	cmd, args := args[0], args[1:]
	if cmd == "import" || cmd == "new" {
		run := importer.RunImport
		if cmd == "new" {
			run = importer.RunNew
		}
		switch err := run(args, stdout, stderr); {
		case errors.Is(err, importer.ErrUsage):
			return errUsage
		case errors.Is(err, importer.ErrReported):
			return errReported
		default:
			return err
		}
	}
	var o cliOptions
	fs := commandFlags(cmd, stderr, &o)
	if fs == nil {
		fmt.Fprintf(stderr, "unknown command %q\n%s", cmd, usage)
		return errUsage
	}
	rest, err := cli.Parse(fs, args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return errUsage // the flag package printed the error and the usage
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", cmd, rest[0])
		fs.Usage()
		return errUsage
	}
	switch cmd {
	case "build":
		dest := o.dest
		if dest == "" {
			dest = site.DefaultDestination(o.source)
		}
		progress := &site.Progress{OnStage: collectHarderWhileRendering()}
		stop := progressLine(stderr, progress)
		built, diags, err := site.BuildEditions(ctx, site.BuildOptions{
			Dir: o.source, Dest: dest, Edition: o.edition, Progress: progress, AsOf: o.asOf,
			Notify: func(f string, a ...any) { fmt.Fprintf(stderr, f+"\n", a...) },
		})
		stop()
		diags.Print(stderr)
		unchanged := dest + " was"
		editions := len(built) != 1 || built[0].Edition != ""
		if editions {
			unchanged = "the editions not listed as built were"
			for _, b := range built {
				fmt.Fprintf(stdout, "built edition %s into %s: %s", b.Edition, b.Dest, b.Summary)
				if b.Units > 0 {
					fmt.Fprintf(stdout, " (%d unit sites)", b.Units)
				}
				fmt.Fprintln(stdout)
			}
		}
		if errors.Is(err, site.ErrHasErrors) {
			fmt.Fprintf(stderr, "build failed: %d errors, %d warnings; %s not changed\n", diags.Count(diag.Error), diags.Count(diag.Warning), unchanged)
			return errReported
		}
		if errors.Is(err, context.Canceled) {
			fmt.Fprintf(stderr, "build interrupted; %s not changed\n", unchanged)
			return errReported
		}
		if err != nil {
			return fmt.Errorf("build failed, %s not changed: %w", unchanged, err)
		}
		if !editions {
			fmt.Fprintf(stdout, "built %s: %s", dest, built[0].Summary)
		}
		if n := diags.Count(diag.Warning); n > 0 {
			if editions {
				fmt.Fprintf(stdout, "%d warnings", n)
			} else {
				fmt.Fprintf(stdout, ", %d warnings", n)
			}
		}
		if !editions || diags.Count(diag.Warning) > 0 {
			fmt.Fprintln(stdout)
		}
		return nil
	case "serve":
		return serve.Run(ctx, serve.Options{
			Dir:          o.source,
			Edition:      o.edition,
			Addr:         net.JoinHostPort(o.bind, strconv.Itoa(o.port)),
			Log:          stdout,
			AllowedHosts: o.allowedHosts,
		})
	case "version":
		fmt.Fprintln(stdout, version())
		return nil
	case "check":
		fsys, err := site.Open(o.source)
		if err != nil {
			return err
		}
		diags := site.CheckAsOf(fsys, o.asOf)
		switch o.format {
		case "json":
			if err := diags.PrintJSON(stdout); err != nil {
				return err
			}
		case "text":
			diags.Print(stdout)
			fmt.Fprintf(stdout, "%d errors, %d warnings\n", diags.Count(diag.Error), diags.Count(diag.Warning))
		default:
			fmt.Fprintf(stderr, "unknown format %q: use text or json\n", o.format)
			return errUsage
		}
		if diags.HasErrors() {
			return errReported
		}
		return nil
	}
	return nil
}

// The release build (generator/release) sets these with -ldflags -X, from
// the commit it builds: they are constants of the released binary, empty
// in every other build, whose version comes from the build information.
var (
	releaseVersion string // v1.2.0, or a pseudo-version v0.0.0-20260101120000-0123456789ab
	releaseCommit  string // the full commit hash
	releaseTime    string // the commit time, RFC 3339 in UTC
)

// version describes the binary: module version and VCS revision.
func version() string {
	if releaseVersion != "" {
		return fmt.Sprintf("mzshh %s, revision %s, %s, %s %s/%s", releaseVersion, releaseCommit, releaseTime, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "generator (no build information)"
	}
	v := info.Main.Version
	var rev, when, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = " (modified)"
			}
		}
	}
	out := fmt.Sprintf("generator %s %s", info.Main.Path, v)
	if rev != "" {
		out += fmt.Sprintf(", revision %s%s", rev, dirty)
	}
	if when != "" {
		out += ", " + when
	}
	return out + ", " + info.GoVersion
}

// Command generator builds the 民主生活会 archive: a folder of yearly
// 对照检查材料 in Markdown becomes a static, cross-linked site in which every
// problem has a stable identity and its rectification status across years.
//
// Usage:
//
//	go run ./generator build [-s DIR] [-d DIR]   build DIR/content into DIR/public
//	go run ./generator check [-s DIR] [--format json]
//	                                             validate without writing
//	go run ./generator serve [-s DIR] [-p PORT] [--bind ADDR]
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
	"strconv"

	"mzshh/generator/diag"
	"mzshh/generator/importer"
	"mzshh/generator/serve"
	"mzshh/generator/site"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, errReported) {
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
  build   build the site into public/ (or -d DIR)
  check   validate the site without writing anything
  serve   preview the site with live reload (never writes public/)
  import  import .docx, .txt (UTF-8 or GBK) or .md materials: generator import -h
  new     start a unit's next material from its previous one: generator new -h

flags:
  -s, --source DIR        site directory (default .)
  -d, --destination DIR   output directory for build (default DIR/public)
  --format text|json      diagnostics format for check (default text)
  -p, --port N            port for serve (default 1313; 0 picks a free one)
  --bind ADDR             address for serve to listen on (default 127.0.0.1)
`

// Run runs the generator with args (without the program name).
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return errUsage
		}
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
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	var source, dest, format string
	fs.StringVar(&source, "s", ".", "site directory")
	fs.StringVar(&source, "source", ".", "site directory")
	fs.StringVar(&dest, "d", "", "output directory")
	fs.StringVar(&dest, "destination", "", "output directory")
	fs.StringVar(&format, "format", "text", "diagnostics format: text or json")
	var port int
	var bind string
	fs.IntVar(&port, "p", 1313, "port for serve")
	fs.IntVar(&port, "port", 1313, "port for serve")
	fs.StringVar(&bind, "bind", "127.0.0.1", "address for serve")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected argument %q\n%s", fs.Arg(0), usage)
		return errUsage
	}
	switch cmd {
	case "build":
		if dest == "" {
			dest = site.DefaultDestination(source)
		}
		sum, diags, err := site.Build(ctx, source, dest, func(f string, a ...any) { fmt.Fprintf(stderr, f+"\n", a...) })
		diags.Print(stderr)
		if errors.Is(err, site.ErrHasErrors) {
			fmt.Fprintf(stderr, "build failed: %d errors, %d warnings; %s was not changed\n", diags.Count(diag.Error), diags.Count(diag.Warning), dest)
			return errReported
		}
		if errors.Is(err, context.Canceled) {
			fmt.Fprintf(stderr, "build interrupted; %s was not changed\n", dest)
			return errReported
		}
		if err != nil {
			return fmt.Errorf("build failed, %s was not changed: %w", dest, err)
		}
		fmt.Fprintf(stdout, "built %s: %s", dest, sum)
		if n := diags.Count(diag.Warning); n > 0 {
			fmt.Fprintf(stdout, ", %d warnings", n)
		}
		fmt.Fprintln(stdout)
		return nil
	case "serve":
		return serve.Run(ctx, serve.Options{
			Dir:  source,
			Addr: net.JoinHostPort(bind, strconv.Itoa(port)),
			Log:  stdout,
		})
	case "check":
		fsys, err := site.Open(source)
		if err != nil {
			return err
		}
		diags := site.Check(fsys)
		switch format {
		case "json":
			if err := diags.PrintJSON(stdout); err != nil {
				return err
			}
		case "text":
			diags.Print(stdout)
			fmt.Fprintf(stdout, "%d errors, %d warnings\n", diags.Count(diag.Error), diags.Count(diag.Warning))
		default:
			fmt.Fprintf(stderr, "unknown format %q: use text or json\n", format)
			return errUsage
		}
		if diags.HasErrors() {
			return errReported
		}
		return nil
	}
	fmt.Fprintf(stderr, "unknown command %q\n%s", cmd, usage)
	return errUsage
}

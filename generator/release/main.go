// Command release builds the generator's release archives from one commit:
//
//	go run ./generator/release [-rev HEAD] [-o dist] [-targets windows/amd64,linux/arm64,...]
//
// It exports the commit's tree with git archive (uncommitted changes never
// reach a release), cross-compiles the generator for each target with
// CGO_ENABLED=0, -trimpath and -buildvcs=false, and stamps the version,
// commit and commit time into the binary (main.releaseVersion and friends,
// printed by "mzshh version"). The version is the commit's v* tag, or
// else a Go pseudo-version (v0.0.0-20260101120000-0123456789ab).
//
// Into the output directory it writes one archive per target,
// mzshh-<version>-<os>-<arch>.zip for Windows and .tar.gz elsewhere, each
// holding one folder of the same name with the binary (mzshh or
// mzshh.exe), README.md and example/ (the repository's config.yaml and
// content/), so that "mzshh build" run in example/ builds a site; and
// SHA256SUMS, in the format of sha256sum. Every byte is a function of the
// commit and the Go toolchain: entries are sorted, every time stamp is the
// commit time, owners and permissions are fixed, and the build ignores the
// environment's GOFLAGS, GOAMD64, GOARM64 and GOEXPERIMENT. Two runs give
// the same SHA256SUMS (release_test.go checks it).
//
// The output directory is created if missing. It may hold only what a
// release writes: the archives and SHA256SUMS of an earlier run are
// replaced, and anything else there is an error, so that -o never deletes
// a file it did not make.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o Options
	var targets string
	fs.StringVar(&o.Rev, "rev", "HEAD", "the `commit` to build (a hash, tag or branch)")
	fs.StringVar(&o.Out, "o", "dist", "output `directory`")
	fs.StringVar(&targets, "targets", "", "comma-separated `os/arch` list (default: all of "+strings.Join(DefaultTargets(), ",")+")")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: go run ./generator/release [flags]\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if targets != "" {
		o.Targets = strings.Split(targets, ",")
	}
	o.Log = stdout
	rel, err := Build(ctx, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "release %s (%s) in %s: %d archives and SHA256SUMS\n", rel.Version, rel.Commit, o.Out, len(rel.Files))
	return nil
}

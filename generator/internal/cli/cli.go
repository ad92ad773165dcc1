// Package cli is the one argument parser of the generator's commands:
// each command has a flag.FlagSet, and flags may come before or after
// its positional arguments.
package cli

import (
	"flag"
	"io"
	"slices"
)

// Parse parses args with fs, letting flags follow positional arguments,
// and returns the positional ones. Everything after the first "--" is
// positional. A help flag (-h, --help) prints the usage to stdout and
// returns flag.ErrHelp; other errors are those of fs.Parse, which fs has
// printed with its usage to its output.
func Parse(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, error) {
	var tail []string
	if i := slices.Index(args, "--"); i >= 0 {
		args, tail = args[:i], args[i+1:]
	}
	for _, a := range args {
		if a == "-h" || a == "--h" || a == "-help" || a == "--help" {
			fs.SetOutput(stdout)
			fs.Usage()
			return nil, flag.ErrHelp
		}
	}
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(rest, tail...), nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

// New returns a flag set for a command that prints its errors and usage
// to w.
func New(name string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	return fs
}

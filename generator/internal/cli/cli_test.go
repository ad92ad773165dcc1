package cli

import (
	"errors"
	"flag"
	"io"
	"slices"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		source  string
		force   bool
		rest    []string
		wantErr error
	}{
		{[]string{"a.docx"}, ".", false, []string{"a.docx"}, nil},
		{[]string{"a.docx", "-s", "site"}, "site", false, []string{"a.docx"}, nil},
		{[]string{"-f", "a", "--source=x", "b"}, "x", true, []string{"a", "b"}, nil},
		{[]string{"a", "--", "-s", "b"}, ".", false, []string{"a", "-s", "b"}, nil},
		{[]string{"-", "x"}, ".", false, []string{"-", "x"}, nil},
		{[]string{"a", "--nope"}, ".", false, nil, errors.New("flag provided but not defined: -nope")},
		{[]string{"a", "-h"}, ".", false, nil, flag.ErrHelp},
	} {
		fs := New("test", io.Discard)
		source := fs.String("s", ".", "")
		fs.StringVar(source, "source", ".", "")
		force := fs.Bool("f", false, "")
		rest, err := Parse(fs, tc.args, io.Discard)
		if (err == nil) != (tc.wantErr == nil) || err != nil && err.Error() != tc.wantErr.Error() {
			t.Errorf("Parse(%q): err %v, want %v", tc.args, err, tc.wantErr)
			continue
		}
		if err == nil && (*source != tc.source || *force != tc.force || !slices.Equal(rest, tc.rest)) {
			t.Errorf("Parse(%q) = %q, -s %q, -f %v", tc.args, rest, *source, *force)
		}
	}
}

// Package mzshh holds the built-in layouts of the 民主生活会 archive
// generator. The generator itself is in ./generator.
package mzshh

import "embed"

// Layouts are the default templates and assets, under "layouts/". A site's
// own layouts/ folder overrides them file by file.
//
//go:embed layouts
var Layouts embed.FS

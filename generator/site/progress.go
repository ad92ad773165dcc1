package site

import (
	"sync/atomic"

	"mzshh/generator/output"
)

// Stage is the part of a build under way.
type Stage int32

// The stages of a build, in order.
const (
	StageStart   Stage = iota
	StageParse         // reading and parsing documents
	StageResolve       // resolving references, threads and statuses
	StageRender        // writing pages and the search index
	StagePublish       // swapping the new site in
	StageDone
)

var stageNames = [...]string{"starting", "parsing", "resolving", "rendering", "publishing", "done"}

func (s Stage) String() string { return stageNames[s] }

// Progress counts a build's work as it goes, for a progress line. It is
// safe for concurrent use; the zero value is ready, and a nil *Progress
// counts nothing.
type Progress struct {
	// OnStage, when set before the build starts, is called with each
	// stage the build enters, on the build's goroutine.
	OnStage func(Stage)

	stage   atomic.Int32
	total   atomic.Int64 // documents to parse
	parsed  atomic.Int64
	written atomic.Int64 // files written
}

// ProgressSnapshot is a Progress at one moment.
type ProgressSnapshot struct {
	Stage           Stage
	Parsed, ToParse int
	Written         int
}

// Snapshot reads the counters.
func (p *Progress) Snapshot() ProgressSnapshot {
	return ProgressSnapshot{
		Stage:   Stage(p.stage.Load()),
		Parsed:  int(p.parsed.Load()),
		ToParse: int(p.total.Load()),
		Written: int(p.written.Load()),
	}
}

func (p *Progress) setStage(s Stage) {
	if p == nil {
		return
	}
	if old := Stage(p.stage.Swap(int32(s))); old != s && p.OnStage != nil {
		p.OnStage(s)
	}
}

// parsing starts the parse stage of n documents and returns the callback
// that counts each one.
func (p *Progress) parsing(n int) func() {
	if p == nil {
		return nil
	}
	p.total.Store(int64(n))
	p.parsed.Store(0)
	p.setStage(StageParse)
	return func() { p.parsed.Add(1) }
}

// counting wraps out so that every file written is counted.
func (p *Progress) counting(out output.Output) output.Output {
	if p == nil {
		return out
	}
	return countingOutput{out, &p.written}
}

type countingOutput struct {
	output.Output
	n *atomic.Int64
}

func (c countingOutput) WriteFile(name string, data []byte) error {
	err := c.Output.WriteFile(name, data)
	if err == nil {
		c.n.Add(1)
	}
	return err
}

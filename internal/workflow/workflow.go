// Package workflow is Loupe's workflow engine: the graph of stages a task moves through, its
// validation, the transitions from one stage to the next, the built-in templates and the plan for
// moving waiting tasks when a live project's workflow changes. It is pure: it takes values and
// returns values, and knows nothing of storage, HTTP or time.
package workflow

import (
	"github.com/loupehq/loupe/internal/loupe"
)

// Graph is a workflow as stored on a project or a template, in the JSON form the builder edits.
type Graph struct {
	Stages []Stage `json:"stages"`
	Edges  []Edge  `json:"edges"`
}

// Stage is one node of the graph. Consensus is set on and only on consensus stages, Router on and
// only on router stages.
type Stage struct {
	ID        string     `json:"id"`
	Kind      Kind       `json:"kind" enum:"start,annotate,review,consensus,router,complete"`
	Name      string     `json:"name"`
	Position  Position   `json:"position"`
	Assignees []Assignee `json:"assignees,omitempty"`
	Consensus *Consensus `json:"consensus,omitempty"`
	Router    *Router    `json:"router,omitempty"`
}

// Position is where the builder draws a stage, in pixels; the engine ignores it.
type Position struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// Kind is what a stage does with a task.
type Kind string

const (
	Start         Kind = "start"
	Annotate      Kind = "annotate"
	Review        Kind = "review"
	KindConsensus Kind = "consensus"
	KindRouter    Kind = "router"
	Complete      Kind = "complete"
)

var kinds = []Kind{Start, Annotate, Review, KindConsensus, KindRouter, Complete}

func (k Kind) valid() bool {
	for _, v := range kinds {
		if k == v {
			return true
		}
	}
	return false
}

// Human reports whether people do the work of a stage of this kind.
func (k Kind) Human() bool { return k == Annotate || k == Review || k == KindConsensus }

// Holds reports whether a task may wait at a stage of this kind. Start and routers only pass tasks on.
func (k Kind) Holds() bool { return k.Human() || k == Complete }

// Outcome names how a task leaves a stage; each edge carries one.
type Outcome string

const (
	Next      Outcome = "next"
	Submitted Outcome = "submitted"
	Approved  Outcome = "approved"
	Rejected  Outcome = "rejected"
	Agreed    Outcome = "agreed"
	Disagreed Outcome = "disagreed"
	// Otherwise is the route an annotator or metadata router takes when no other route matches.
	Otherwise Outcome = "otherwise"
)

// fixedOutcomes are produced by the stage kinds themselves, so no route may take their names.
var fixedOutcomes = map[Outcome]bool{Next: true, Submitted: true, Approved: true, Rejected: true, Agreed: true, Disagreed: true}

// Outcomes lists the outcomes a stage produces, in the order the builder shows them: one per route
// for a router, none for a complete stage.
func (s Stage) Outcomes() []Outcome {
	switch s.Kind {
	case Start:
		return []Outcome{Next}
	case Annotate:
		return []Outcome{Submitted}
	case Review:
		return []Outcome{Approved, Rejected}
	case KindConsensus:
		return []Outcome{Agreed, Disagreed}
	case KindRouter:
		if s.Router == nil {
			return nil
		}
		out := make([]Outcome, len(s.Router.Routes))
		for i, r := range s.Router.Routes {
			out[i] = Outcome(r.Name)
		}
		return out
	}
	return nil
}

// AssigneeType says whether an assignee is one user or a group of them.
type AssigneeType string

const (
	AssigneeUser  AssigneeType = "user"
	AssigneeGroup AssigneeType = "group"
)

// Assignee is a user or a group bound to a human stage.
type Assignee struct {
	Type AssigneeType `json:"type" enum:"user,group"`
	ID   loupe.ID     `json:"id"`
}

// Consensus asks Annotators people to label a task independently; when their agreement reaches
// Threshold the task leaves as agreed, otherwise as disagreed, for Resolvers to settle.
type Consensus struct {
	Annotators int        `json:"annotators"`
	Threshold  float64    `json:"threshold"`
	Resolvers  []Assignee `json:"resolvers"`
}

// RouteBy is what a router looks at to choose a route.
type RouteBy string

const (
	// BySample splits tasks by rate, deterministically per task.
	BySample RouteBy = "sample"
	// ByAnnotator routes by who annotated the task.
	ByAnnotator RouteBy = "annotator"
	// ByMetadata routes by a metadata value of the task's item.
	ByMetadata RouteBy = "metadata"
)

// Router sends a task along one of its routes without anyone acting on it. The route's name is
// the outcome of the edge it follows.
type Router struct {
	By     RouteBy `json:"by" enum:"sample,annotator,metadata"`
	Routes []Route `json:"routes"`
}

// Route is one way out of a router. Rate belongs to sample routers, Users and Groups to annotator
// routers, Key and Values to metadata routers.
type Route struct {
	Name   string     `json:"name"`
	Rate   int        `json:"rate,omitempty"`
	Users  []loupe.ID `json:"users,omitempty"`
	Groups []loupe.ID `json:"groups,omitempty"`
	Key    string     `json:"key,omitempty"`
	Values []string   `json:"values,omitempty"`
}

// Edge leads a task from one stage to another when the first produces Outcome.
type Edge struct {
	From    string  `json:"from"`
	Outcome Outcome `json:"outcome"`
	To      string  `json:"to"`
}

// Stage returns the stage with id.
func (g Graph) Stage(id string) (Stage, bool) {
	for _, s := range g.Stages {
		if s.ID == id {
			return s, true
		}
	}
	return Stage{}, false
}

// StartStage returns the start stage of a validated graph, the zero Stage when there is none.
func (g Graph) StartStage() Stage {
	for _, s := range g.Stages {
		if s.Kind == Start {
			return s
		}
	}
	return Stage{}
}

// edge returns the edge leaving from by outcome.
func (g Graph) edge(from string, outcome Outcome) (Edge, bool) {
	for _, e := range g.Edges {
		if e.From == from && e.Outcome == outcome {
			return e, true
		}
	}
	return Edge{}, false
}

// label names a stage in messages: by its name, by its id while it has none.
func (s Stage) label() string {
	if s.Name != "" {
		return s.Name
	}
	return s.ID
}

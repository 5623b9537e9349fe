// Package observetest holds a standards.Observer for tests that prove a
// call of the Service was made, or was not (a kept page read nothing).
package observetest

import (
	"context"
	"maps"
	"sync"

	"github.com/eops/eops/standards"
)

// Calls counts the Service's calls by name. The zero value is ready.
type Calls struct {
	mu sync.Mutex
	by map[string]int
}

var _ standards.Observer = (*Calls)(nil)

// Start counts one call of operation.
func (c *Calls) Start(ctx context.Context, operation string) (context.Context, func(standards.Outcome)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by == nil {
		c.by = map[string]int{}
	}
	c.by[operation]++
	return ctx, func(standards.Outcome) {}
}

// Of is how many calls of operation were made.
func (c *Calls) Of(operation string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.by[operation]
}

// All is every call made, by name.
func (c *Calls) All() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.by)
}

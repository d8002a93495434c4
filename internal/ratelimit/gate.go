package ratelimit

import (
	"context"
	"errors"
	"runtime"
)

// ErrBusy is Gate.Enter's error when every slot is taken and the queue is
// full.
var ErrBusy = errors.New("too many at once")

// Gate bounds concurrent work of one kind, such as password hashing, so that
// a flood of it cannot take every CPU from other requests: at most Slots run
// at once, at most Queue more wait, and any more are refused at once. It is
// safe for concurrent use.
type Gate struct {
	slots chan struct{}
	queue chan struct{}
}

// NewGate returns a gate of slots running and queue waiting; slots < 1 means
// half of GOMAXPROCS, at least 1, and queue < 0 means 4 per slot.
func NewGate(slots, queue int) *Gate {
	if slots < 1 {
		slots = max(runtime.GOMAXPROCS(0)/2, 1)
	}
	if queue < 0 {
		queue = 4 * slots
	}
	return &Gate{slots: make(chan struct{}, slots), queue: make(chan struct{}, slots+queue)}
}

// Enter waits for a slot and returns the function that gives it back. Errors:
// ErrBusy when the queue is full, ctx's error when it ends while waiting.
func (g *Gate) Enter(ctx context.Context) (func(), error) {
	select {
	case g.queue <- struct{}{}:
	default:
		return nil, ErrBusy
	}
	select {
	case g.slots <- struct{}{}:
		return func() { <-g.slots; <-g.queue }, nil
	case <-ctx.Done():
		<-g.queue
		return nil, ctx.Err()
	}
}

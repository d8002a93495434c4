package app

import (
	"context"

	"agora/demo"
)

// SeedDemo seeds the demo instance (package demo) through this Main's store,
// service and legal desk: an empty database only; otherwise it changes nothing
// and says why. Call it after Open, before Run.
func (m *Main) SeedDemo(ctx context.Context) (*demo.Demo, error) {
	return demo.Seed(ctx, demo.Deps{Store: m.Core.Store, Service: m.Service, Desk: m.Desk, PasswordCost: m.PasswordCost})
}

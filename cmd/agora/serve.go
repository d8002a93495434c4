package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"

	"agora/app"
	"agora/demo"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	seedDemo := fs.Bool("demo", false, "seed an empty database with a demo instance (accounts, posts, an order of about 1,200 targets) and print demo credentials; does nothing to a database that is not empty")
	cfg, rest, err := app.Load(fs, args, getenv)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: serve takes no arguments, got %q", errUsage, rest)
	}
	m := app.NewMain(cfg, stderr)
	if err := m.Open(ctx); err != nil {
		return err
	}
	defer m.Close()
	var seeded *demo.Demo
	if *seedDemo {
		if seeded, err = m.SeedDemo(ctx); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "agora %s listening on %s (database %s)\n", version(), m.URL, m.DB.Dialect())
	if seeded != nil {
		seeded.Print(stdout, m.URL)
	}
	return m.Run(ctx)
}

func version() string {
	v := app.Version
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 7 {
				v += " (" + s.Value[:7] + ")"
			}
		}
	}
	return v
}

package main

import (
	"context"
	"fmt"
	"io"

	"agora/app"
)

func tokenCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("%w: agora token create --username U [--scopes \"read write\"]", errUsage)
	}
	fs := newFlagSet("token create", stderr)
	username := fs.String("username", "", "the account the token acts for")
	scopes := fs.String("scopes", "read write follow", "space-separated OAuth scopes")
	cfg, rest, err := app.LoadDataFlags(fs, args[1:], getenv)
	if err != nil {
		return err
	}
	if len(rest) > 0 || *username == "" {
		return fmt.Errorf("%w: agora token create --username U [--scopes \"read write\"]", errUsage)
	}
	db, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := app.NewCore(cfg, db, cfg.PublicURL(), 0, app.NewLogger(cfg, io.Discard)).Service
	value, tok, err := svc.CreateToken(ctx, *username, *scopes)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "token for @%s with scopes %q:\n%s\n", *username, tok.Scopes.String(), value)
	return nil
}

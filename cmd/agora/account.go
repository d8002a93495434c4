package main

import (
	"context"
	"fmt"
	"io"

	"agora"
	"agora/app"
	"agora/oauth"
)

func accountCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("%w: agora account create --username U --email E --password P [--role user|moderator|legal|admin]", errUsage)
	}
	fs := newFlagSet("account create", stderr)
	username := fs.String("username", "", "the account's username (letters, digits, underscores)")
	email := fs.String("email", "", "the account's email address")
	password := fs.String("password", "", "the account's password (at least 8 characters); or set AGORA_PASSWORD")
	role := fs.String("role", "user", "user, moderator, legal or admin")
	cfg, rest, err := app.LoadDataFlags(fs, args[1:], getenv)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, rest)
	}
	if *password == "" {
		*password = getenv("AGORA_PASSWORD")
	}
	if !agora.Role(*role).Valid() {
		return agora.Errorf(agora.EINVALID, "--role must be one of user, moderator, legal, admin.")
	}
	db, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := app.NewCore(cfg, db, cfg.PublicURL(), 0, app.NewLogger(cfg, io.Discard)).Service
	a, err := svc.CreateAccount(ctx, oauth.NewAccount{Username: *username, Email: *email, Password: *password, Role: agora.Role(*role)})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created account @%s (id %s, role %s)\n", a.Username, a.ID, a.Role)
	return nil
}

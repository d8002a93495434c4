package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"agora"
	"agora/app"
	"agora/legal"
)

// openDesk opens the database, the service and the legal desk over it.
func openDesk(ctx context.Context, cfg app.Config) (*legal.Desk, func(), error) {
	core, closeDB, err := openCore(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	return core.NewDesk(cfg, nil, app.NewLogger(cfg, io.Discard)), closeDB, nil
}

// authorityCmd: agora authority create --name N --country IN --kind ministry
func authorityCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	const use = "agora authority create --name NAME --country IN --kind ministry|court|police|regulator|other"
	if len(args) > 0 && (args[0] == "token" || args[0] == "tokens") {
		return authorityTokenCmd(ctx, args, getenv, stdout, stderr)
	}
	if len(args) > 0 && (args[0] == "client" || args[0] == "clients") {
		return authorityClientCmd(ctx, args, getenv, stdout, stderr)
	}
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	fs := newFlagSet("authority create", stderr)
	name := fs.String("name", "", "the authority's name, e.g. Ministry of Electronics and IT")
	country := fs.String("country", "", "its country: ISO 3166-1 alpha-2 code")
	kind := fs.String("kind", "ministry", "ministry, court, police, regulator or other")
	cfg, rest, err := app.LoadDataFlags(fs, args[1:], getenv)
	if err != nil {
		return err
	}
	if len(rest) > 0 || *name == "" || *country == "" {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	desk, closeDB, err := openDesk(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	a, err := desk.CreateAuthority(ctx, nil, *name, *country, *kind)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created authority %q (%s, %s); id:\n%s\n", a.Name, a.Country, a.Kind, a.ID)
	return nil
}

// staffCmd: agora staff handover --from A --to B | agora staff access --username U --until DATE|never
func staffCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	const use = "agora staff handover --from USER --to USER | agora staff access --username USER --until 2027-01-31|never"
	if len(args) == 0 {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	fs := newFlagSet("staff "+args[0], stderr)
	switch args[0] {
	case "handover":
		from := fs.String("from", "", "the staff member whose open orders and targets move")
		to := fs.String("to", "", "the staff member who takes them over")
		cfg, rest, err := app.LoadDataFlags(fs, args[1:], getenv)
		if err != nil {
			return err
		}
		if len(rest) > 0 || *from == "" || *to == "" {
			return fmt.Errorf("%w: %s", errUsage, use)
		}
		desk, closeDB, err := openDesk(ctx, cfg)
		if err != nil {
			return err
		}
		defer closeDB()
		orders, targets, err := desk.Handover(ctx, nil, *from, *to)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d open orders and %d targets handed over from @%s to @%s\n", orders, targets, *from, *to)
		return nil
	case "access":
		username := fs.String("username", "", "the staff account")
		until := fs.String("until", "", "the last day of legal access (YYYY-MM-DD, UTC; access ends at its start) or never")
		cfg, rest, err := app.LoadDataFlags(fs, args[1:], getenv)
		if err != nil {
			return err
		}
		if len(rest) > 0 || *username == "" || *until == "" {
			return fmt.Errorf("%w: %s", errUsage, use)
		}
		var t time.Time
		if *until != "never" {
			if t, err = time.Parse("2006-01-02", *until); err != nil {
				return agora.Errorf(agora.EINVALID, "--until must be a date such as 2027-01-31, or never.")
			}
		}
		desk, closeDB, err := openDesk(ctx, cfg)
		if err != nil {
			return err
		}
		defer closeDB()
		a, err := desk.SetAccessUntil(ctx, nil, *username, t)
		if err != nil {
			return err
		}
		if t.IsZero() {
			fmt.Fprintf(stdout, "@%s has legal access without an end date\n", a.Username)
		} else {
			fmt.Fprintf(stdout, "@%s has legal access until %s\n", a.Username, t.Format("2006-01-02"))
		}
		return nil
	}
	return fmt.Errorf("%w: %s", errUsage, use)
}

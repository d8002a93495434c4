package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"agora"
	"agora/app"
	"agora/service"
)

const withholdUsage = `agora withhold (--account @user | --status ID | --hashtag tag) --countries IN,PK [--reason legal_demand|local_law|copyright]
agora withhold lift RULE_ID`

// withholdCmd creates or lifts a withholding rule on the database, for operators and
// tests until the legal desk exists. A server running on the same database enforces
// the change within a second.
func withholdCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "lift" {
		return liftCmd(ctx, args[1:], getenv, stdout, stderr)
	}
	fs := newFlagSet("withhold", stderr)
	account := fs.String("account", "", "the account to withhold: @user")
	status := fs.String("status", "", "the status to withhold: its ID")
	hashtag := fs.String("hashtag", "", "the hashtag to withhold, with or without #")
	countries := fs.String("countries", "", "comma-separated ISO 3166-1 alpha-2 codes, or XX for all countries")
	reason := fs.String("reason", string(agora.ReasonLegalDemand), "legal_demand, local_law or copyright")
	cfg, rest, err := app.LoadDataFlags(fs, args, getenv)
	if err != nil {
		return err
	}
	var subject string
	n := 0
	for _, s := range []string{*account, *status, *hashtag} {
		if s != "" {
			subject, n = s, n+1
		}
	}
	if n != 1 || len(rest) > 0 || *countries == "" {
		return fmt.Errorf("%w: %s", errUsage, withholdUsage)
	}
	switch {
	case *account != "" && !strings.HasPrefix(subject, "@"):
		subject = "@" + subject
	case *hashtag != "" && !strings.HasPrefix(subject, "#"):
		subject = "#" + subject
	case *status != "" && !isDigits(subject):
		return agora.Errorf(agora.EINVALID, "--status takes a status ID (digits), got %q.", subject)
	}
	core, closeDB, err := openCore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	r, err := core.Service.Withhold(ctx, nil, service.NewRule{
		Subject: subject, Countries: strings.Split(*countries, ","), Reason: *reason, Origin: "cli",
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "withheld %s %s in %s (%s); rule:\n%s\n", r.Kind, subject, strings.Join(r.Countries, ","), r.Reason, r.ID)
	return nil
}

func liftCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("withhold lift", stderr)
	cfg, rest, err := app.LoadDataFlags(fs, args, getenv)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return fmt.Errorf("%w: agora withhold lift RULE_ID", errUsage)
	}
	id, err := agora.ParseID(rest[0])
	if err != nil {
		return err
	}
	core, closeDB, err := openCore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	r, err := core.Service.LiftRule(ctx, nil, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "lifted rule %s at %s\n", r.ID, r.LiftedAt.Format("2006-01-02T15:04:05Z"))
	return nil
}

// openCore opens the database and the core over it (its gate loaded) for a data
// command.
func openCore(ctx context.Context, cfg app.Config) (*app.Core, func(), error) {
	db, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	core := app.NewCore(cfg, db, cfg.PublicURL(), 0, app.NewLogger(cfg, io.Discard))
	if err := core.Gate.Load(ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	return core, func() { db.Close() }, nil
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

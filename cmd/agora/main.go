// Command agora runs the agora server and its administration commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"agora"
)

const usage = `agora: a microblogging server with lawful, auditable handling of government orders.

Usage:
  agora serve [--addr 127.0.0.1:8080] [--db ./agora.db] [--config FILE] [--registrations open|closed] [--demo]
  agora account create --username U --email E --password P [--role user|moderator|legal|admin]
  agora token create --username U [--scopes "read write"]
  agora withhold (--account @user | --status ID | --hashtag tag) --countries IN,PK [--reason legal_demand]
  agora withhold lift RULE_ID
  agora authority create --name NAME --country IN --kind ministry|court|police|regulator|other
  agora authority token --authority ID [--label TEXT]
  agora authority token revoke --id TOKEN_ID
  agora authority tokens --authority ID
  agora authority client --authority ID [--label TEXT]
  agora authority client revoke --id CLIENT_ID
  agora authority clients --authority ID
  agora staff handover --from USER --to USER      (open orders and targets)
  agora staff access --username USER --until YYYY-MM-DD|never
  agora config dump [flags as for serve]
  agora dsa check --rules dsa-sor-rules.json BATCH.json ...
  agora log verify --url URL [--state FILE] [--key KEY] [--all]
  agora log check URL --country IN [--header CF-IPCountry] [--state FILE] [--key KEY]
  agora log witness --log URL --key FILE --state FILE [--name NAME] [--log-key KEY]
  agora bench --target URL (--tokens FILE | --setup N [--tokens-out FILE]) [--statuses M] [--follows-avg K]
              [--scenarios home,status,post,tag,mixed] [--duration 10s] [--connections C] [--rate R] [--with-ceiling] [--json]
  agora bench ceiling [--duration 10s] [--connections C] [--rate R] [--json]
  agora bench legal --target URL --token TOKEN (--setup | --names FILE) [--targets 1178] [--country IN] [--json]
  agora backup --to FILE [--allow-missing-media]  (a running SQLite database, the log key and media_dir's files; PostgreSQL: pg_dump)
  agora restore --from FILE [--db PATH]
  agora version

Every command that touches data takes --db (a SQLite file or a postgres:// URL) and --config.
Run "agora COMMAND -h" for the flags of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// run executes one command and returns the process exit code: 0 on success, 2 for
// usage errors, 1 for anything else.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, rest, getenv, stdout, stderr)
	case "account":
		err = accountCmd(ctx, rest, getenv, stdout, stderr)
	case "token":
		err = tokenCmd(ctx, rest, getenv, stdout, stderr)
	case "config":
		err = configCmd(rest, getenv, stdout, stderr)
	case "withhold":
		err = withholdCmd(ctx, rest, getenv, stdout, stderr)
	case "authority":
		err = authorityCmd(ctx, rest, getenv, stdout, stderr)
	case "staff":
		err = staffCmd(ctx, rest, getenv, stdout, stderr)
	case "bench":
		err = benchCmd(ctx, rest, getenv, stdout, stderr)
	case "dsa":
		err = dsaCmd(rest, stdout, stderr)
	case "log":
		err = logCmd(ctx, rest, stdout, stderr)
	case "backup":
		err = backupCmd(ctx, rest, getenv, stdout, stderr)
	case "restore":
		err = restoreCmd(ctx, rest, getenv, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "agora", version())
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "agora: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage) || agora.ErrorCode(err) == agora.EINVALID:
		fmt.Fprintln(stderr, "agora:", message(err))
		return 2
	default:
		fmt.Fprintln(stderr, "agora:", message(err))
		return 1
	}
}

var errUsage = errors.New("usage")

// message is what a person at the terminal should read: the client-safe message of
// an agora error with its details, or the whole error otherwise.
func message(err error) string {
	var e *agora.Error
	if errors.As(err, &e) && e.Code != agora.EINTERNAL && e.Message != "" {
		return e.Message
	}
	return err.Error()
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("agora "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

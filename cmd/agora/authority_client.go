package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"agora"
	"agora/app"
)

// authorityClientCmd: agora authority client --authority ID [--label L] |
// agora authority client revoke --id ID | agora authority clients --authority ID
func authorityClientCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	const use = "agora authority client --authority ID [--label TEXT] | agora authority client revoke --id CLIENT_ID | agora authority clients --authority ID"
	name, rest := args[0], args[1:]
	revoke := name == "client" && len(rest) > 0 && rest[0] == "revoke"
	if revoke {
		name, rest = "client revoke", rest[1:]
	}
	fs := newFlagSet("authority "+name, stderr)
	authorityID := fs.String("authority", "", "the authority's ID (agora authority create prints it)")
	label := fs.String("label", "", "what the client is for, e.g. the ministry's portal")
	clientID := fs.String("id", "", "the client's ID, its client_id (agora authority clients lists them)")
	cfg, extra, err := app.LoadDataFlags(fs, rest, getenv)
	if err != nil {
		return err
	}
	if len(extra) > 0 || (revoke && *clientID == "") || (!revoke && *authorityID == "") {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	parse := func(flag, v string) (agora.ID, error) {
		id, err := agora.ParseID(v)
		if err != nil {
			return 0, fmt.Errorf("%w: --%s %q is not an ID", errUsage, flag, v)
		}
		return id, nil
	}
	desk, closeDB, err := openDesk(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	switch {
	case revoke:
		id, err := parse("id", *clientID)
		if err != nil {
			return err
		}
		if err := desk.RevokeAuthorityClient(ctx, nil, id); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "authority client %s revoked, and every token issued to it\n", id)
	case name == "clients":
		id, err := parse("authority", *authorityID)
		if err != nil {
			return err
		}
		list, err := desk.AuthorityClients(ctx, nil, id)
		if err != nil {
			return err
		}
		for _, c := range list {
			state := "valid"
			if c.Revoked() {
				state = "revoked " + c.RevokedAt.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(stdout, "%s\tcreated %s\t%s\t%s\n", c.ID, c.CreatedAt.UTC().Format(time.RFC3339), state, c.Label)
		}
	default:
		id, err := parse("authority", *authorityID)
		if err != nil {
			return err
		}
		secret, c, err := desk.CreateAuthorityClient(ctx, nil, id, *label)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "authority client %s registered; its secret is shown only now.\n"+
			"It obtains tokens at POST /api/v1/authority/oauth/token (grant_type=client_credentials).\n", c.ID)
		fmt.Fprintf(stdout, "client_id\t%s\nclient_secret\t%s\n", c.ID, secret)
	}
	return nil
}

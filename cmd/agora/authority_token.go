package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"agora"
	"agora/app"
)

// authorityTokenCmd: agora authority token --authority ID [--label L] |
// agora authority token revoke --id ID | agora authority tokens --authority ID
func authorityTokenCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	const use = "agora authority token --authority ID [--label TEXT] | agora authority token revoke --id TOKEN_ID | agora authority tokens --authority ID"
	name, rest := args[0], args[1:]
	revoke := name == "token" && len(rest) > 0 && rest[0] == "revoke"
	if revoke {
		name, rest = "token revoke", rest[1:]
	}
	fs := newFlagSet("authority "+name, stderr)
	authorityID := fs.String("authority", "", "the authority's ID (agora authority create prints it)")
	label := fs.String("label", "", "what the token is for, e.g. the ministry's portal")
	tokenID := fs.String("id", "", "the token's ID (agora authority tokens lists them)")
	cfg, extra, err := app.LoadDataFlags(fs, rest, getenv)
	if err != nil {
		return err
	}
	if len(extra) > 0 || (revoke && *tokenID == "") || (!revoke && *authorityID == "") {
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
		id, err := parse("id", *tokenID)
		if err != nil {
			return err
		}
		if err := desk.RevokeAuthorityToken(ctx, nil, id); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "authority token %s revoked\n", id)
	case name == "tokens":
		id, err := parse("authority", *authorityID)
		if err != nil {
			return err
		}
		list, err := desk.AuthorityTokens(ctx, nil, id)
		if err != nil {
			return err
		}
		for _, t := range list {
			state, label := "valid", t.Label
			switch {
			case t.Revoked():
				state = "revoked " + t.RevokedAt.UTC().Format(time.RFC3339)
			case t.Expired(desk.Now()):
				state = "expired " + t.ExpiresAt.UTC().Format(time.RFC3339)
			case !t.ExpiresAt.IsZero():
				state = "valid until " + t.ExpiresAt.UTC().Format(time.RFC3339)
			}
			if t.ClientID != 0 {
				label = strings.TrimSpace("client " + t.ClientID.String() + " " + label)
			}
			fmt.Fprintf(stdout, "%s\tcreated %s\t%s\t%s\n", t.ID, t.CreatedAt.UTC().Format(time.RFC3339), state, label)
		}
	default:
		id, err := parse("authority", *authorityID)
		if err != nil {
			return err
		}
		token, t, err := desk.CreateAuthorityToken(ctx, nil, id, *label)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "authority token %s issued; it is shown only now:\n", t.ID)
		fmt.Fprintln(stdout, token)
	}
	return nil
}

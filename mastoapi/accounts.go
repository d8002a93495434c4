package mastoapi

import (
	"context"
	"net/http"

	"agora"
	"agora/internal/httpx"
	"agora/oauth"
	"agora/service"
	"agora/visibility"
)

func (a accountHandlers) register(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	var n oauth.NewAccount
	if n.Username, err = p.String("username"); err != nil {
		return err
	}
	if n.Email, err = p.String("email"); err != nil {
		return err
	}
	if n.Password, err = p.String("password"); err != nil {
		return err
	}
	agreed, err := p.Bool("agreement")
	if err != nil {
		return err
	}
	value, tok, err := a.oauth.Register(r.Context(), authOf(r).App, n, agreed)
	if err != nil {
		return err
	}
	return writeJSON(w, tokenEntity(value, tok))
}

func tokenEntity(value string, t *agora.Token) Token {
	return Token{AccessToken: value, TokenType: "Bearer", Scope: t.Scopes.String(), CreatedAt: t.CreatedAt.Unix()}
}

func (a accountHandlers) verifyCredentials(w http.ResponseWriter, r *http.Request) error {
	acct, marks, err := a.accounts.Account(r.Context(), snap(r), viewer(r).ID)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.credentialAccount(acct, marks))
}

func (a accountHandlers) updateCredentials(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	var u service.ProfileUpdate
	for key, dst := range map[string]**string{"display_name": &u.DisplayName, "note": &u.Note} {
		if p.Has(key) {
			s, err := p.String(key)
			if err != nil {
				return err
			}
			*dst = &s
		}
	}
	for key, dst := range map[string]**bool{"locked": &u.Locked, "bot": &u.Bot, "discoverable": &u.Discoverable} {
		v, given, err := p.OptionalBool(key)
		if err != nil {
			return err
		}
		if given {
			*dst = &v
		}
	}
	if u.Fields, err = profileFields(p); err != nil {
		return err
	}
	acct, err := a.accounts.UpdateProfile(r.Context(), snap(r), u)
	if err != nil {
		return err
	}
	marks, err := snap(r).Account(acct)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.credentialAccount(acct, marks))
}

func (a accountHandlers) getAccount(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	acct, marks, err := a.accounts.Account(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.account(acct, marks))
}

func (a accountHandlers) lookupAccount(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	acct, err := p.Required("acct")
	if err != nil {
		return err
	}
	found, marks, err := a.accounts.Lookup(r.Context(), snap(r), acct)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.account(found, marks))
}

func (a accountHandlers) accountStatuses(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, pg, err := readPage(r)
	if err != nil {
		return err
	}
	q := service.AccountStatusesQuery{Page: pg}
	if q.ExcludeReplies, err = p.Bool("exclude_replies"); err != nil {
		return err
	}
	if q.ExcludeReblogs, err = p.Bool("exclude_reblogs"); err != nil {
		return err
	}
	if q.Tagged, err = p.String("tagged"); err != nil {
		return err
	}
	if q.OnlyMedia, err = p.Bool("only_media"); err != nil {
		return err
	}
	if pinned, err := p.Bool("pinned"); err != nil {
		return err
	} else if pinned {
		b, err := a.posts.PinnedStatuses(r.Context(), snap(r), id)
		if err != nil {
			return err
		}
		return writeJSON(w, a.conv.statuses(b))
	}
	b, err := a.timelines.AccountStatuses(r.Context(), snap(r), id, q)
	if err != nil {
		return err
	}
	return a.writeStatuses(w, r, b)
}

func (a accountHandlers) followers(w http.ResponseWriter, r *http.Request) error {
	return a.followList(w, r, a.accounts.Followers)
}

func (a accountHandlers) following(w http.ResponseWriter, r *http.Request) error {
	return a.followList(w, r, a.accounts.Following)
}

func (a accountHandlers) followList(w http.ResponseWriter, r *http.Request, list func(ctx context.Context, v *visibility.Snapshot, id agora.ID, p agora.Page) (*service.AccountPage, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pg, err := readAccountPage(r)
	if err != nil {
		return err
	}
	page, err := list(r.Context(), snap(r), id, pg)
	if err != nil {
		return err
	}
	return a.writeAccounts(w, r, page, pg.Limit)
}

func (a accountHandlers) relationships(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	raw, err := p.Strings("id")
	if err != nil {
		return err
	}
	ids := make([]agora.ID, 0, len(raw))
	for _, s := range raw {
		if id, err := agora.ParseID(s); err == nil {
			ids = append(ids, id)
		}
	}
	exist, rel, err := a.accounts.Relationships(r.Context(), snap(r), ids)
	if err != nil {
		return err
	}
	out := make([]*Relationship, 0, len(exist))
	for _, id := range exist {
		out = append(out, relationship(id, rel[id]))
	}
	return writeJSON(w, out)
}

func (a accountHandlers) follow(w http.ResponseWriter, r *http.Request) error {
	return a.relate(w, r, a.accounts.Follow)
}

func (a accountHandlers) unfollow(w http.ResponseWriter, r *http.Request) error {
	return a.relate(w, r, a.accounts.Unfollow)
}

func (a accountHandlers) relate(w http.ResponseWriter, r *http.Request, act func(ctx context.Context, v *visibility.Snapshot, id agora.ID) (agora.Relation, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rel, err := act(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, relationship(id, rel))
}

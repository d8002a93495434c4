package mastoapi

import (
	"net/http"

	"agora"
	"agora/internal/httpx"
)

// Filters of the admin account lists for states agora does not have: every
// account is local and approved, and no sign-in addresses are kept, so asking
// for those selects nothing.

// adminAccountsV1 is GET /api/v1/admin/accounts: local, remote, active,
// pending, disabled, silenced, suspended, sensitized, staff, username,
// display_name, email, ip, by_domain; paged (limit 80 by default and at
// most, where Mastodon takes 100 and 200: no list of agora's is longer).
func (a moderationHandlers) adminAccountsV1(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	var q agora.AccountQuery
	flags := map[string]bool{}
	for _, key := range []string{"remote", "pending", "disabled", "silenced", "sensitized", "active", "suspended", "staff"} {
		if flags[key], err = p.Bool(key); err != nil {
			return err
		}
	}
	none := flags["remote"] || flags["pending"]
	q.Silenced, q.Disabled, q.Sensitized = flags["silenced"], flags["disabled"], flags["sensitized"]
	switch active, suspended := flags["active"], flags["suspended"]; {
	case active && suspended:
		none = true
	case active:
		q.Suspended = new(bool)
	case suspended:
		q.Suspended = &suspended
	}
	q.Staff = flags["staff"]
	return a.listAdminAccounts(w, r, p, q, none, "by_domain")
}

// adminAccountsV2 is GET /api/v2/admin/accounts: origin, status, permissions,
// role_ids[], invited_by, username, display_name, email, ip; paged.
func (a moderationHandlers) adminAccountsV2(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	var q agora.AccountQuery
	none := false
	origin, err := p.String("origin")
	if err != nil {
		return err
	}
	switch origin {
	case "", "local":
	case "remote":
		none = true
	default:
		return agora.Errorf(agora.EINVALID, "Parameter origin must be local or remote.")
	}
	status, err := p.String("status")
	if err != nil {
		return err
	}
	switch status {
	case "":
	case "active":
		q.Suspended = new(bool)
	case "suspended":
		yes := true
		q.Suspended = &yes
	case "pending":
		none = true
	case "disabled":
		q.Disabled = true
	case "silenced":
		q.Silenced = true
	default:
		return agora.Errorf(agora.EINVALID, "Parameter status must be one of active, pending, disabled, silenced, suspended.")
	}
	permissions, err := p.String("permissions")
	if err != nil {
		return err
	}
	switch permissions {
	case "":
	case "staff":
		q.Staff = true
	default:
		return agora.Errorf(agora.EINVALID, "Parameter permissions must be staff.")
	}
	roleIDs, err := p.Strings("role_ids")
	if err != nil {
		return err
	}
	for _, id := range roleIDs {
		for _, role := range []agora.Role{agora.RoleUser, agora.RoleModerator, agora.RoleLegal, agora.RoleAdmin} {
			if roleID(role) == id {
				q.Roles = append(q.Roles, role)
			}
		}
	}
	if len(roleIDs) > 0 && len(q.Roles) == 0 {
		none = true // no role has these IDs
	}
	return a.listAdminAccounts(w, r, p, q, none, "invited_by")
}

// listAdminAccounts reads the text filters and the page, and answers the
// accounts q selects (none: the empty list). A value for nobody (by_domain,
// invited_by: agora has no remote accounts and no invitations) selects none.
func (a moderationHandlers) listAdminAccounts(w http.ResponseWriter, r *http.Request, p *httpx.Params, q agora.AccountQuery, none bool, nobody string) error {
	var err error
	for key, dst := range map[string]*string{"username": &q.Username, "display_name": &q.DisplayName, "email": &q.Email} {
		if *dst, err = p.String(key); err != nil {
			return err
		}
		if len(*dst) > 200 {
			return agora.Errorf(agora.EINVALID, "Parameter %s is too long (at most 200 bytes).", key)
		}
	}
	for _, key := range []string{"ip", nobody} {
		v, err := p.String(key)
		if err != nil {
			return err
		}
		none = none || v != ""
	}
	if q.Page, err = p.Page(agora.MaxListLimit, agora.MaxListLimit); err != nil {
		return err
	}
	if none {
		return writeJSON(w, []*AdminAccount{})
	}
	page, err := a.reports.AdminAccounts(r.Context(), snap(r), q)
	if err != nil {
		return err
	}
	setLink(w, r, a.conv.base, page.Span.Newest, page.Span.Oldest)
	out := make([]*AdminAccount, len(page.Accounts))
	for i, acc := range page.Accounts {
		out[i] = a.conv.adminAccountOf(acc, page.Marks)
	}
	return writeJSON(w, out)
}

// adminAccount is GET /api/v1/admin/accounts/{id}.
func (a moderationHandlers) adminAccount(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	acc, marks, err := a.reports.AdminAccount(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.adminAccountOf(acc, marks))
}

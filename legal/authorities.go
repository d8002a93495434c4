package legal

import (
	"context"
	"strings"

	"agora"
	"agora/internal/country"
)

// CreateAuthority records an issuer of orders. EUNPROCESSABLE for bad fields.
func (d *Intake) CreateAuthority(ctx context.Context, actor *agora.Account, name, countryCode, kind string) (*agora.Authority, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	a := &agora.Authority{
		ID: d.ids.New(), Name: strings.TrimSpace(name), Country: strings.ToUpper(strings.TrimSpace(countryCode)),
		Kind: agora.AuthorityKind(kind), CreatedAt: d.clock(),
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if !country.Valid(a.Country) || a.Country == country.All {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: %q is not an ISO 3166-1 alpha-2 country code.", a.Country)
	}
	ev := d.event(ctx, actor, "authority.create", "authority", a.ID, "authority "+a.Name+" ("+a.Country+", "+kind+")")
	if err := d.store.CreateAuthority(ctx, a, []*agora.AuditEvent{ev}); err != nil {
		return nil, err
	}
	return a, nil
}

// Authorities lists the authorities.
func (d *Intake) Authorities(ctx context.Context, actor *agora.Account) ([]*agora.Authority, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	return d.store.Authorities(ctx)
}

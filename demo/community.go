package demo

import (
	"context"
	crand "crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"agora"
	"agora/oauth"
	"agora/service"
)

// This file seeds the demo's community: the accounts, who follows whom, and
// what they post.

// accounts creates the staff (admin, legal), the featured accounts and the crowd.
func (s *demoSeeder) accounts(ctx context.Context) error {
	d := s.demo
	d.AdminUsername, d.AdminPassword = "admin", demoPassword()
	d.LegalUsername, d.LegalPassword = "legal", demoPassword()
	d.UserUsername, d.UserPassword = "valley_diaries", demoPassword()
	// The accounts nobody signs in to share the hash of a password nobody knows:
	// one bcrypt instead of 1,200.
	cost := s.m.PasswordCost
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(demoPassword()), cost)
	if err != nil {
		return err
	}
	for _, st := range []struct {
		user, pass, name, bio string
		role                  agora.Role
	}{
		{d.AdminUsername, d.AdminPassword, "Demo Admin", "The administrator of this demo instance.", agora.RoleAdmin},
		{d.LegalUsername, d.LegalPassword, "Legal Desk", "The platform's legal team (demo).", agora.RoleLegal},
	} {
		a, err := s.svc.CreateAccount(ctx, oauth.NewAccount{Username: st.user, Email: st.user + "@agora.example", Password: st.pass, Role: st.role})
		if err != nil {
			return err
		}
		if a, err = s.svc.UpdateProfile(ctx, s.svc.As(ctx, a), service.ProfileUpdate{DisplayName: &st.name, Note: &st.bio}); err != nil {
			return err
		}
		if st.role == agora.RoleLegal {
			s.staff = a
		}
		s.byName[a.Username] = a
	}
	d.Accounts = 2
	for _, p := range demoPersonas {
		var a *agora.Account
		if p.username == d.UserUsername {
			if a, err = s.svc.CreateAccount(ctx, oauth.NewAccount{Username: p.username, Email: p.username + "@agora.example", Password: d.UserPassword}); err != nil {
				return err
			}
			if a, err = s.svc.UpdateProfile(ctx, s.svc.As(ctx, a), service.ProfileUpdate{DisplayName: &p.name, Note: &p.bio}); err != nil {
				return err
			}
		} else if a, err = s.account(ctx, p.username, p.name, p.bio, string(hash)); err != nil {
			return err
		}
		s.featured = append(s.featured, a)
		s.byName[a.Username] = a
		d.Accounts++
	}
	// The crowd: 1,150 people of the valley and beyond, most of them named in the order.
	for i := 0; len(s.crowd) < 1150; i++ {
		first, last := demoFirst[s.rng.IntN(len(demoFirst))], demoLast[s.rng.IntN(len(demoLast))]
		username := first + "_" + last
		if _, taken := s.byName[username]; taken {
			username = fmt.Sprintf("%s_%s%d", first, last, 10+s.rng.IntN(990))
			if _, taken := s.byName[username]; taken {
				continue
			}
		}
		name := strings.ToUpper(first[:1]) + first[1:] + " " + strings.ToUpper(last[:1]) + last[1:]
		a, err := s.account(ctx, username, name, demoBios[s.rng.IntN(len(demoBios))], string(hash))
		if err != nil {
			return err
		}
		s.crowd = append(s.crowd, a)
		s.byName[a.Username] = a
		d.Accounts++
	}
	return nil
}

// account stores an account nobody signs in to.
func (s *demoSeeder) account(ctx context.Context, username, name, bio, hash string) (*agora.Account, error) {
	now := time.Now().UTC().Truncate(time.Millisecond)
	a := &agora.Account{ID: s.ids.New(), Username: username, Email: username + "@agora.example", PasswordHash: hash,
		Role: agora.RoleUser, DisplayName: name, Note: bio, Discoverable: true, CreatedAt: now}
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("account %s: %w", username, err)
	}
	if err := s.m.Store.CreateAccount(ctx, a); err != nil {
		return nil, fmt.Errorf("account %s: %w", username, err)
	}
	return a, nil
}

// follows: every featured account follows about ten others; each of the crowd
// follows one or two featured accounts.
func (s *demoSeeder) follows(ctx context.Context) error {
	follow := func(a, b *agora.Account) error {
		if a.ID == b.ID {
			return nil
		}
		rel, err := s.svc.Follow(ctx, s.svc.As(ctx, a), b.ID)
		if err != nil {
			return err
		}
		if rel.Following {
			s.demo.Follows++
		}
		return nil
	}
	for _, a := range s.featured {
		for _, j := range s.rng.Perm(len(s.featured))[:10] {
			if err := follow(a, s.featured[j]); err != nil {
				return err
			}
		}
	}
	for _, a := range s.crowd {
		for range 1 + s.rng.IntN(2) {
			if err := follow(a, s.featured[s.rng.IntN(len(s.featured))]); err != nil {
				return err
			}
		}
	}
	return nil
}

// statuses: the featured accounts post about their lives and the valley, with
// hashtags, mentions and replies; some of the crowd post about the valley.
func (s *demoSeeder) statuses(ctx context.Context) error {
	s.posts = map[agora.ID][]agora.ID{}
	post := func(a *agora.Account, text string, replyTo agora.ID) (*agora.Status, error) {
		b, err := s.svc.PostStatus(ctx, s.svc.As(ctx, a), service.NewStatus{Text: text, Visibility: "public", InReplyToID: replyTo, Language: "en"})
		if err != nil {
			return nil, fmt.Errorf("post %q by @%s: %w", text, a.Username, err)
		}
		st := b.Statuses[0]
		s.posts[a.ID] = append(s.posts[a.ID], st.ID)
		s.demo.Posts++
		return st, nil
	}
	var recent []*agora.Status
	for i, p := range demoPersonas {
		a := s.featured[i]
		n := 3 + s.rng.IntN(3)
		for k := range n {
			var text string
			switch {
			case p.kind != "other" && k%2 == 0:
				text = demoValley[s.rng.IntN(len(demoValley))]
			default:
				text = demoTopics[s.rng.IntN(len(demoTopics))]
			}
			if s.rng.IntN(4) == 0 {
				other := s.featured[s.rng.IntN(len(s.featured))]
				if other.ID != a.ID {
					text = "@" + other.Username + " " + text
				}
			}
			var replyTo agora.ID
			if len(recent) > 0 && s.rng.IntN(6) == 0 {
				replyTo = recent[s.rng.IntN(len(recent))].ID
				text = "Agreed. " + text
			}
			st, err := post(a, text, replyTo)
			if err != nil {
				return err
			}
			recent = append(recent, st)
		}
	}
	for _, j := range s.rng.Perm(len(s.crowd))[:90] {
		a := s.crowd[j]
		text := demoValley[s.rng.IntN(len(demoValley))]
		if s.rng.IntN(3) == 0 {
			text = "@save_the_valley " + text
		}
		st, err := post(a, text, 0)
		if err != nil {
			return err
		}
		s.valleyPosts = append(s.valleyPosts, st)
	}
	return nil
}

// demoPassword is a random password: 16 characters.
func demoPassword() string {
	var b [12]byte
	_, _ = crand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

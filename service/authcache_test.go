package service

import (
	"testing"
	"time"

	"agora"
)

func TestAuthCache(t *testing.T) {
	var c authCache
	now := time.Unix(1000, 0)
	alice := &Auth{Account: &agora.Account{ID: 1}, Token: &agora.Token{}}
	bob := &Auth{Account: &agora.Account{ID: 2}, Token: &agora.Token{}}
	get := func(h string, at time.Time) *Auth { a, _ := c.get(h, at); return a }
	_, gen := c.get("a", now)
	c.put("a", alice, gen, now)
	c.put("b", bob, gen, now)
	if get("a", now.Add(authTTL-time.Millisecond)) != alice {
		t.Error("a token is forgotten before its time")
	}
	if get("a", now.Add(authTTL+time.Millisecond)) != nil {
		t.Error("a token is remembered past authTTL")
	}
	c.forgetAccount(1)
	if get("a", now) != nil || get("b", now) != bob {
		t.Error("forgetAccount forgot the wrong tokens")
	}
	c.forgetToken("b")
	if get("b", now) != nil {
		t.Error("forgetToken kept the token")
	}
	// A token read before a revocation is not remembered after it.
	_, gen = c.get("c", now)
	c.forgetToken("c")
	c.put("c", alice, gen, now)
	if get("c", now) != nil {
		t.Error("an authentication that raced a revocation was remembered")
	}
}

func TestFence(t *testing.T) {
	var f fence
	f.forget(1)
	start := f.gen
	if f.forgotSince(1, start) || f.forgotSince(2, start) {
		t.Error("a forget before the read counts against it")
	}
	f.forget(2)
	if !f.forgotSince(2, start) || f.forgotSince(1, start) {
		t.Error("a forget after the read is missed, or counted for the wrong ID")
	}
	if f.forgotSince(2, f.gen) {
		t.Error("a read begun after the forget is fenced off")
	}
}

// TestFence_ZeroIDs checks that forgetting nothing (the zero ID) fences off no read.
func TestFence_ZeroIDs(t *testing.T) {
	var f fence
	f.forget(0, 0)
	if f.forgotSince(5, f.gen) {
		t.Error("a read after forgetting nothing is fenced off")
	}
}

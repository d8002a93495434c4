package cachestore

import (
	"testing"
	"time"

	"agora"
)

func TestTokenCache(t *testing.T) {
	var c tokenCache
	now := time.Unix(1000, 0)
	alice, bob := &agora.Token{AccountID: 1}, &agora.Token{AccountID: 2}
	get := func(h string, at time.Time) *agora.Token { tok, _ := c.get(h, at); return tok }
	_, gen := c.get("a", now)
	c.put("a", alice, gen, now)
	c.put("b", bob, gen, now)
	if get("a", now.Add(tokenTTL-time.Millisecond)) != alice {
		t.Error("a token is forgotten before its time")
	}
	if get("a", now.Add(tokenTTL+time.Millisecond)) != nil {
		t.Error("a token is remembered past tokenTTL")
	}
	c.forget("b")
	if get("b", now) != nil || get("a", now) != alice {
		t.Error("forget forgot the wrong tokens")
	}
	// A token read before a revocation is not remembered after it.
	_, gen = c.get("c", now)
	c.forget("c")
	c.put("c", alice, gen, now)
	if get("c", now) != nil {
		t.Error("a token read that raced a revocation was remembered")
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

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
	c.put("a", alice, now)
	c.put("b", bob, now)
	if c.get("a", now.Add(authTTL-time.Millisecond)) != alice {
		t.Error("a token is forgotten before its time")
	}
	if c.get("a", now.Add(authTTL+time.Millisecond)) != nil {
		t.Error("a token is remembered past authTTL")
	}
	c.forgetAccount(1)
	if c.get("a", now) != nil || c.get("b", now) != bob {
		t.Error("forgetAccount forgot the wrong tokens")
	}
	c.forgetToken("b")
	if c.get("b", now) != nil {
		t.Error("forgetToken kept the token")
	}
}

package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"

	"agora"
	"agora/internal/httpx"
)

// Cookies. The session cookie holds the session's secret, whose SHA-256 is
// the stored session's key; the sign-in cookie holds a random value the
// sign-in form repeats, so that no other site can sign a browser in.
const (
	sessionCookie = "agora_console"
	signInCookie  = "agora_console_signin"
	csrfField     = "csrf"
	cookiePath    = "/legal"
)

// newSecret returns 32 random bytes, URL-safe base64.
func newSecret() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// hashSecret is the stored key of a session secret.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// csrfToken is the CSRF token of the session with the secret: an HMAC of it,
// so each session has its own, which only its cookie's holder can compute and
// which needs no storage.
func csrfToken(secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("agora console csrf"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// sameToken compares two tokens in constant time.
func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

func (c *Console) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: cookiePath, MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: c.secure(r)})
}

// signInView is the sign-in page.
type signInView struct {
	layout
	Login string
	Next  string
	Error string
	Token string
}

// signInPage shows the sign-in form with a fresh sign-in token (also in its
// cookie).
func (c *Console) signInPage(w http.ResponseWriter, r *request) error {
	return c.renderSignIn(w, r, http.StatusOK, "", "")
}

func (c *Console) renderSignIn(w http.ResponseWriter, r *request, status int, login, msg string) error {
	tok := newSecret()
	c.setCookie(w, r.Request, signInCookie, tok, 3600)
	v := signInView{layout: c.layout(r, "Sign in"), Login: login, Next: safeNext(r.FormValue("next")), Error: msg, Token: tok}
	return c.render(w, status, "signin", v)
}

// safeNext keeps a console path to go to after signing in; anything else,
// another site's address among them, becomes the dashboard.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || !(u.Path == "/legal" || strings.HasPrefix(u.Path, "/legal/")) ||
		strings.HasPrefix(next, "//") || strings.Contains(next, `\`) {
		return "/legal"
	}
	return u.RequestURI()
}

// signIn checks the form's sign-in token, the throttle, then the password and
// the staff access, and begins a session. Nothing is learnt from a refusal but
// that the credentials did not work, or that the address or account must wait.
func (c *Console) signIn(w http.ResponseWriter, r *request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return agora.Errorf(agora.EINVALID, "The form could not be read.")
	}
	if err := httpx.CheckValues("the form", r.PostForm); err != nil {
		return err
	}
	ck, err := r.Cookie(signInCookie)
	if err != nil || !sameToken(r.PostForm.Get(csrfField), ck.Value) {
		return c.renderSignIn(w, r, http.StatusForbidden, "", "The sign-in form expired or came from elsewhere. Please sign in again.")
	}
	login, password := strings.TrimSpace(r.PostForm.Get("login")), r.PostForm.Get("password")
	addr := clientIP(r.Request)
	if wait := c.throttle.check(addr, login); wait > 0 {
		w.Header().Set("Retry-After", retryAfter(wait))
		return c.renderSignIn(w, r, http.StatusTooManyRequests, login,
			"Too many failed sign-ins. Please wait "+humanWait(wait)+" and try again.")
	}
	a, err := c.pw.CheckPassword(r.Context(), login, password)
	if agora.ErrorCode(err) == agora.EUNAUTHORIZED {
		c.throttle.fail(addr, login)
		return c.renderSignIn(w, r, http.StatusUnauthorized, login, "Invalid username, email or password.")
	}
	if err != nil {
		return err
	}
	c.throttle.succeed(addr, login)
	now := c.cfg.Now()
	if !a.StaffAt(now) {
		return agora.Errorf(agora.EFORBIDDEN, "The legal console is for accounts with the legal or admin role whose access has not ended.")
	}
	_, _ = c.sessions.DeleteConsoleSessionsBefore(r.Context(), now)
	secret := newSecret()
	s := &agora.ConsoleSession{Hash: hashSecret(secret), AccountID: a.ID, Address: addr, CreatedAt: now, ExpiresAt: now.Add(c.cfg.SessionFor)}
	if err := c.sessions.CreateConsoleSession(r.Context(), s); err != nil {
		return err
	}
	c.setCookie(w, r.Request, signInCookie, "", -1)
	c.setCookie(w, r.Request, sessionCookie, secret, int(c.cfg.SessionFor.Seconds()))
	http.Redirect(w, r.Request, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
	return nil
}

// signOut ends the session (requireStaff has checked its CSRF token).
func (c *Console) signOut(w http.ResponseWriter, r *request) error {
	if err := c.sessions.DeleteConsoleSession(r.Context(), r.hash); err != nil {
		return err
	}
	c.setCookie(w, r.Request, sessionCookie, "", -1)
	http.Redirect(w, r.Request, "/legal/signin", http.StatusSeeOther)
	return nil
}

// requireStaff admits a request with a live session of an account with staff
// access now, and a POST only with the session's CSRF token. Without a
// session a page redirects to the sign-in form (a form post is refused); a
// session whose account has lost its staff access, or was suspended, is ended
// and answered 403.
func (c *Console) requireStaff(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *request) error {
		signIn := func() error {
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				return agora.Errorf(agora.EUNAUTHORIZED, "Your session has ended. Please sign in again.")
			}
			http.Redirect(w, r.Request, "/legal/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return nil
		}
		ck, err := r.Cookie(sessionCookie)
		if err != nil || ck.Value == "" {
			return signIn()
		}
		hash := hashSecret(ck.Value)
		s, err := c.sessions.ConsoleSession(r.Context(), hash)
		if agora.ErrorCode(err) == agora.ENOTFOUND {
			c.setCookie(w, r.Request, sessionCookie, "", -1)
			return signIn()
		}
		if err != nil {
			return err
		}
		now := c.cfg.Now()
		if !now.Before(s.ExpiresAt) {
			c.setCookie(w, r.Request, sessionCookie, "", -1)
			if err := c.sessions.DeleteConsoleSession(r.Context(), hash); err != nil {
				return err
			}
			return signIn()
		}
		a, err := c.sessions.Account(r.Context(), s.AccountID)
		if err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
			return err
		}
		if a == nil || !a.StaffAt(now) || a.Suspended() || a.Disabled() {
			c.setCookie(w, r.Request, sessionCookie, "", -1)
			if err := c.sessions.DeleteConsoleSession(r.Context(), hash); err != nil {
				return err
			}
			return agora.Errorf(agora.EFORBIDDEN, "The legal console is for accounts with the legal or admin role whose access has not ended. Your session has ended.")
		}
		r.staff, r.hash, r.csrf = a, hash, csrfToken(ck.Value)
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
			if err := r.ParseMultipartForm(maxFormBytes); err != nil && err != http.ErrNotMultipart {
				return agora.Errorf(agora.EINVALID, "The form could not be read.")
			}
			if err := httpx.CheckValues("the form", r.PostForm); err != nil {
				return err
			}
			if !sameToken(r.PostFormValue(csrfField), r.csrf) {
				return agora.Errorf(agora.EFORBIDDEN, "The form's security token is missing or wrong: nothing was changed. Reload the page and try again.")
			}
		}
		r.snap = c.gate.Snapshot(r.Context(), a)
		return h(w, r)
	}
}

// maxFormBytes bounds a form post, an annex file among it.
const maxFormBytes = agora.MaxAnnexBytes + 1<<20

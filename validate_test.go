package agora_test

import (
	"errors"
	"strings"
	"testing"

	"agora"
)

// wantCode fails unless err is an *agora.Error with the code (or nil when code is "").
func wantCode(t *testing.T, err error, code string) *agora.Error {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("err = %v, want nil", err)
		}
		return nil
	}
	var e *agora.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("err = %v, want code %s", err, code)
	}
	if e.Message == "" {
		t.Errorf("error %v has no message for the client", err)
	}
	return e
}

// wantField checks that err names field in Details with the error code, as
// Mastodon's registration errors do.
func wantField(t *testing.T, e *agora.Error, field, code string) {
	t.Helper()
	d := e.Details[field]
	if len(d) != 2 || d[0] != code || d[1] == "" {
		t.Errorf("Details = %v, want %s: [%s, description]", e.Details, field, code)
	}
	if !strings.HasPrefix(e.Message, "Validation failed: ") {
		t.Errorf("Message = %q, want it to start with \"Validation failed: \"", e.Message)
	}
}

func TestValidateUsername(t *testing.T) {
	for _, tc := range []struct {
		in, code string
	}{
		{"alice", ""},
		{"Alice_99", ""},
		{"_", ""},
		{strings.Repeat("a", agora.MaxUsernameLen), ""},
		{"", "ERR_BLANK"},
		{strings.Repeat("a", agora.MaxUsernameLen+1), "ERR_TOO_LONG"},
		{"al-ice", "ERR_INVALID"},
		{"al.ice", "ERR_INVALID"},
		{"al ice", "ERR_INVALID"},
		{"alice@example.org", "ERR_INVALID"},
		{"élodie", "ERR_INVALID"},
		{"alice\n", "ERR_INVALID"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			err := agora.ValidateUsername(tc.in)
			if tc.code == "" {
				wantCode(t, err, "")
				return
			}
			wantField(t, wantCode(t, err, agora.EUNPROCESSABLE), "username", tc.code)
		})
	}
}

func TestValidateEmail(t *testing.T) {
	long := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 63) + ".org"
	for _, tc := range []struct {
		in, code string
	}{
		{"alice@example.org", ""},
		{"alice+tag@mail.example.org", ""},
		{"", "ERR_BLANK"},
		{"alice", "ERR_INVALID"},
		{"alice@", "ERR_INVALID"},
		{"@example.org", "ERR_INVALID"},
		{"alice@localhost", ""}, // Mastodon accepts a domain without a dot
		{"Alice <alice@example.org>", "ERR_INVALID"},
		{" alice@example.org", "ERR_INVALID"},
		{"alice@example.org, bob@example.org", "ERR_INVALID"},
		{"alice@@example.org", "ERR_INVALID"},
		{long, "ERR_INVALID"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			err := agora.ValidateEmail(tc.in)
			if tc.code == "" {
				wantCode(t, err, "")
				return
			}
			wantField(t, wantCode(t, err, agora.EUNPROCESSABLE), "email", tc.code)
		})
	}
}

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		name, in, code string
	}{
		{"Min", strings.Repeat("x", agora.MinPasswordLen), ""},
		{"Max", strings.Repeat("x", agora.MaxPasswordLen), ""},
		{"Spaces", "a long password", ""},
		{"Empty", "", "ERR_TOO_SHORT"},
		{"Short", strings.Repeat("x", agora.MinPasswordLen-1), "ERR_TOO_SHORT"},
		{"Long", strings.Repeat("x", agora.MaxPasswordLen+1), "ERR_TOO_LONG"},
		// bcrypt reads bytes: 37 two-byte runes are 74 bytes.
		{"LongInBytes", strings.Repeat("é", 37), "ERR_TOO_LONG"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := agora.ValidatePassword(tc.in)
			if tc.code == "" {
				wantCode(t, err, "")
				return
			}
			wantField(t, wantCode(t, err, agora.EUNPROCESSABLE), "password", tc.code)
		})
	}
}

func validAccount() agora.Account {
	return agora.Account{Username: "alice", Email: "alice@example.org", Role: agora.RoleUser}
}

func TestAccount_Validate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*agora.Account)
		code   string
		field  string
	}{
		{"Valid", func(*agora.Account) {}, "", ""},
		{"Admin", func(a *agora.Account) { a.Role = agora.RoleAdmin }, "", ""},
		{"Moderator", func(a *agora.Account) { a.Role = agora.RoleModerator }, "", ""},
		{"Legal", func(a *agora.Account) { a.Role = agora.RoleLegal }, "", ""},
		{"DisplayName30Runes", func(a *agora.Account) { a.DisplayName = strings.Repeat("é", 30) }, "", ""},
		{"Note500Runes", func(a *agora.Account) { a.Note = strings.Repeat("é", 500) }, "", ""},
		{"BadUsername", func(a *agora.Account) { a.Username = "a b" }, agora.EUNPROCESSABLE, "username"},
		{"NoEmail", func(a *agora.Account) { a.Email = "" }, agora.EUNPROCESSABLE, "email"},
		{"NoRole", func(a *agora.Account) { a.Role = "" }, agora.EINVALID, ""},
		{"UnknownRole", func(a *agora.Account) { a.Role = "root" }, agora.EINVALID, ""},
		{"DisplayNameTooLong", func(a *agora.Account) { a.DisplayName = strings.Repeat("é", 31) }, agora.EUNPROCESSABLE, "display_name"},
		{"NoteTooLong", func(a *agora.Account) { a.Note = strings.Repeat("x", 501) }, agora.EUNPROCESSABLE, "note"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := validAccount()
			tc.change(&a)
			e := wantCode(t, a.Validate(), tc.code)
			if tc.field != "" {
				if _, ok := e.Details[tc.field]; !ok {
					t.Errorf("Details = %v, want the field %s", e.Details, tc.field)
				}
			}
		})
	}
}

func TestRole_Valid(t *testing.T) {
	for _, r := range []agora.Role{agora.RoleUser, agora.RoleModerator, agora.RoleLegal, agora.RoleAdmin} {
		if !r.Valid() {
			t.Errorf("%q.Valid() = false", r)
		}
	}
	for _, r := range []agora.Role{"", "Admin", "root"} {
		if r.Valid() {
			t.Errorf("%q.Valid() = true", r)
		}
	}
}

func TestAccount_IsStaff(t *testing.T) {
	for role, want := range map[agora.Role]bool{
		agora.RoleUser: false, agora.RoleModerator: false, agora.RoleLegal: true, agora.RoleAdmin: true,
	} {
		a := agora.Account{Role: role}
		if got := a.IsStaff(); got != want {
			t.Errorf("IsStaff for %s = %v, want %v", role, got, want)
		}
	}
}

func TestStatus_Validate(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    agora.Status
		code string
	}{
		{"Valid", agora.Status{Text: "hello", Visibility: agora.VisibilityPublic}, ""},
		{"DefaultVisibility", agora.Status{Text: "hello"}, ""},
		{"Direct", agora.Status{Text: "hi @bob", Visibility: agora.VisibilityDirect}, ""},
		{"Max", agora.Status{Text: strings.Repeat("é", agora.MaxStatusLen)}, ""},
		{"Boost", agora.Status{ReblogOfID: 7}, ""},
		{"Language", agora.Status{Text: "hallo", Language: "de"}, ""},
		{"Blank", agora.Status{Text: " \n\t "}, agora.EUNPROCESSABLE},
		{"Empty", agora.Status{}, agora.EUNPROCESSABLE},
		{"TooLong", agora.Status{Text: strings.Repeat("é", agora.MaxStatusLen+1)}, agora.EUNPROCESSABLE},
		{"SpoilerTooLong", agora.Status{Text: "x", SpoilerText: strings.Repeat("x", agora.MaxSpoilerLen+1)}, agora.EUNPROCESSABLE},
		{"LanguageTooLong", agora.Status{Text: "x", Language: "abcdefghi"}, agora.EUNPROCESSABLE},
		{"LanguageMarkup", agora.Status{Text: "x", Language: "<script>"}, agora.EUNPROCESSABLE},
		{"LanguageUnknown", agora.Status{Text: "x", Language: "xx"}, agora.EUNPROCESSABLE},
		{"UnknownVisibility", agora.Status{Text: "x", Visibility: "secret"}, agora.EUNPROCESSABLE},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, tc.s.Validate(), tc.code)
		})
	}
}

func TestParseLanguage(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "en": "en", "de": "de", "EN": "en", "tok": "tok", "ckb": "ckb",
		"pt-BR": "pt-BR", "pt-br": "pt-BR", "zh_TW": "zh-TW", "sr-Latn": "sr-Latn",
		"en-US": "en", "en_GB": "en", "fr-CA": "fr", "zh-Hant-TW": "zh",
	} {
		if got, err := agora.ParseLanguage(in); err != nil || got != want {
			t.Errorf("ParseLanguage(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"<script>", "xx", "english", "e", "en-", "-US", "eng", "en US", "zz-ZZ",
		"\x00", "en\x00", "de-<b>", "abcdefghi"} {
		_, err := agora.ParseLanguage(in)
		wantCode(t, err, agora.EUNPROCESSABLE)
	}
}

func TestParseVisibility(t *testing.T) {
	for in, want := range map[string]agora.Visibility{
		"": agora.VisibilityPublic, "public": agora.VisibilityPublic, "unlisted": agora.VisibilityUnlisted,
		"private": agora.VisibilityPrivate, "direct": agora.VisibilityDirect,
	} {
		if got, err := agora.ParseVisibility(in); err != nil || got != want {
			t.Errorf("ParseVisibility(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"Public", "followers", "limited"} {
		_, err := agora.ParseVisibility(in)
		wantCode(t, err, agora.EUNPROCESSABLE)
	}
}

func TestStatus_MentionsAndTags(t *testing.T) {
	s := agora.Status{Mentions: []agora.ID{3, 5}, Tags: []string{"go", "agora"}}
	if !s.MentionsAccount(5) || s.MentionsAccount(4) {
		t.Error("MentionsAccount is wrong")
	}
	if !s.HasTag("agora") || s.HasTag("Agora") || s.HasTag("rust") {
		t.Error("HasTag is wrong")
	}
}

func validApp() agora.Application {
	return agora.Application{Name: "My App", RedirectURIs: []string{agora.OOBRedirect}}
}

func TestApplication_Validate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*agora.Application)
		code   string
	}{
		{"OOB", func(*agora.Application) {}, ""},
		{"HTTPS", func(a *agora.Application) { a.RedirectURIs = []string{"https://app.example/cb?x=1"} }, ""},
		{"CustomScheme", func(a *agora.Application) { a.RedirectURIs = []string{"myapp://oauth"} }, ""},
		{"Several", func(a *agora.Application) {
			a.RedirectURIs = []string{agora.OOBRedirect, "http://127.0.0.1/cb"}
		}, ""},
		{"MaxRedirects", func(a *agora.Application) {
			a.RedirectURIs = make([]string, agora.MaxRedirectURIs)
			for i := range a.RedirectURIs {
				a.RedirectURIs[i] = agora.OOBRedirect
			}
		}, ""},
		{"Website", func(a *agora.Application) { a.Website = "https://app.example" }, ""},
		{"MaxName", func(a *agora.Application) { a.Name = strings.Repeat("n", agora.MaxAppNameLen) }, ""},
		{"NoName", func(a *agora.Application) { a.Name = "" }, agora.EUNPROCESSABLE},
		{"NameTooLong", func(a *agora.Application) { a.Name = strings.Repeat("n", agora.MaxAppNameLen+1) }, agora.EUNPROCESSABLE},
		{"WebsiteTooLong", func(a *agora.Application) { a.Website = "https://" + strings.Repeat("w", agora.MaxWebsiteLen) }, agora.EUNPROCESSABLE},
		{"NoRedirect", func(a *agora.Application) { a.RedirectURIs = nil }, agora.EUNPROCESSABLE},
		{"TooManyRedirects", func(a *agora.Application) {
			a.RedirectURIs = make([]string, agora.MaxRedirectURIs+1)
			for i := range a.RedirectURIs {
				a.RedirectURIs[i] = agora.OOBRedirect
			}
		}, agora.EUNPROCESSABLE},
		{"RelativeRedirect", func(a *agora.Application) { a.RedirectURIs = []string{"/callback"} }, agora.EUNPROCESSABLE},
		{"EmptyRedirect", func(a *agora.Application) { a.RedirectURIs = []string{""} }, agora.EUNPROCESSABLE},
		{"FragmentRedirect", func(a *agora.Application) { a.RedirectURIs = []string{"https://app.example/cb#x"} }, agora.EUNPROCESSABLE},
		{"UnparsableRedirect", func(a *agora.Application) { a.RedirectURIs = []string{"https://app.example/%zz"} }, agora.EUNPROCESSABLE},
		{"RedirectTooLong", func(a *agora.Application) {
			a.RedirectURIs = []string{"https://app.example/" + strings.Repeat("p", agora.MaxRedirectURILen)}
		}, agora.EUNPROCESSABLE},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := validApp()
			tc.change(&a)
			wantCode(t, a.Validate(), tc.code)
		})
	}
}

// TestApplication_Validate_RedirectScheme: a redirect URI is http(s) with a host,
// the out-of-band URN, or an app's own scheme; never one a browser would run or
// read locally (javascript:, data:, vbscript:, file: and the like), whatever its
// case.
func TestApplication_Validate_RedirectScheme(t *testing.T) {
	for uri, ok := range map[string]bool{
		"https://app.example/cb":                     true,
		"http://127.0.0.1:8080/callback":             true,
		"http://localhost/cb":                        true,
		"com.example.app:/callback":                  true,
		"com.example.app://oauth/cb":                 true,
		"tusky://oauth":                              true,
		agora.OOBRedirect:                            true,
		"javascript:alert(1)":                        false,
		"JavaScript:alert(document.cookie)":          false,
		"javascript://app.example/%0Aalert(1)":       false,
		"data:text/html,<script>alert(1)</script>":   false,
		"vbscript:msgbox(1)":                         false,
		"file:///etc/passwd":                         false,
		"blob:https://app.example/1234":              false,
		"about:blank":                                false,
		"view-source:https://app.example":            false,
		"filesystem:https://app.example/temporary/x": false,
		"https:/no-host":                             false,
		"http://":                                    false,
		"urn:ietf:wg:oauth:2.0:oob:auto":             false,
	} {
		t.Run(uri, func(t *testing.T) {
			a := validApp()
			a.RedirectURIs = []string{"https://app.example/ok", uri}
			code := agora.EUNPROCESSABLE
			if ok {
				code = ""
			}
			wantCode(t, a.Validate(), code)
			if got := agora.ValidRedirectURI(uri); got != ok {
				t.Errorf("ValidRedirectURI(%q) = %v, want %v", uri, got, ok)
			}
		})
	}
}

func TestApplication_AllowsRedirect(t *testing.T) {
	a := agora.Application{RedirectURIs: []string{agora.OOBRedirect, "https://app.example/cb"}}
	for uri, want := range map[string]bool{
		agora.OOBRedirect: true, "https://app.example/cb": true,
		"https://app.example/cb/": false, "https://app.example/cb?x": false, "": false,
	} {
		if got := a.AllowsRedirect(uri); got != want {
			t.Errorf("AllowsRedirect(%q) = %v, want %v", uri, got, want)
		}
	}
}

// TestApplication_Validate_NameInCharacters checks that the name limit, which the
// message states in characters, counts characters rather than bytes.
func TestApplication_Validate_NameInCharacters(t *testing.T) {
	a := validApp()
	a.Name = strings.Repeat("é", agora.MaxAppNameLen)
	wantCode(t, a.Validate(), "")
}

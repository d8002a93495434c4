package httpx

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
)

// StyleHashes returns the Content-Security-Policy sources ('sha256-...') of
// the contents of the <style> elements in page, the source of a page's
// template, so that a policy can allow exactly those inline styles and no
// other (no 'unsafe-inline'). The elements must hold no template action, as
// the hash is of the text the browser receives; one that does, or a <style>
// left open, is a programming error and panics, at start.
func StyleHashes(page string) string {
	var srcs []string
	for rest := page; ; {
		i := strings.Index(rest, "<style>")
		if i < 0 {
			break
		}
		rest = rest[i+len("<style>"):]
		j := strings.Index(rest, "</style>")
		if j < 0 {
			panic("httpx.StyleHashes: a <style> element is not closed")
		}
		css := rest[:j]
		if strings.Contains(css, "{{") {
			panic("httpx.StyleHashes: a <style> element holds a template action")
		}
		sum := sha256.Sum256([]byte(css))
		srcs = append(srcs, fmt.Sprintf("'sha256-%s'", base64.StdEncoding.EncodeToString(sum[:])))
		rest = rest[j:]
	}
	return strings.Join(srcs, " ")
}

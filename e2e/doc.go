// Package e2e holds agora's end-to-end tests: the real server on 127.0.0.1:0, driven
// over HTTP by real clients (go-mastodon for the Mastodon API), with every JSON body
// checked against the Mastodon OpenAPI schema.
package e2e

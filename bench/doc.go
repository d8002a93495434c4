// Package bench is a load generator for Mastodon-compatible servers. It speaks only
// the standard Mastodon client API over HTTP, so it can be pointed at agora or at
// any other server that implements that API, given its URL and access tokens.
//
// A run has three phases: accounts (tokens read from a file, or registered through
// POST /api/v1/accounts on a server with open registrations), seeding (a follow
// graph with a power-law in-degree and statuses with hashtags, all through the
// API), and scenarios, each of which sends requests for a fixed time over a fixed
// number of connections and records every request's latency. The scenarios that
// post (post, mixed) also run a visibility probe beside their load: it posts as
// one account and times how long the status takes to show in a follower's home
// timeline (see ProbeConfig and Visibility).
//
// The package imports the standard library only and nothing of agora; agora's
// command `agora bench` is a thin wrapper around Run. What works against agora
// alone lives below it: bench/legal (`agora bench legal`, the legal desk over its
// own API) and bench/seed (`agora bench seed`, the data set written straight into
// the database).
package bench

// Package ratelimit holds agora's limits on how fast clients may go, in this
// process's memory: request counters over fixed windows (Counter, the API's
// X-RateLimit-* limits), the sign-in throttle per address and per account
// (Throttle), and a bound on concurrent password hashing (Gate). Each node of
// several counts for itself, and a restart forgets; a client spread over N
// nodes behind a balancer gets up to N times a limit.
package ratelimit

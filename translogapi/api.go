// Package translogapi serves the transparency log (package translog) over HTTP:
// the signed checkpoint at /transparency/log/checkpoint, the verifier key at
// /transparency/log/key, hash tiles and entry bundles under
// /transparency/log/tile/ in the C2SP tlog-tiles layout, each entry with the
// proof of its inclusion at /api/v1/transparency/log/entries/{index} (the
// address 451s and withheld markers name), and the openings of committed
// entries at /api/v1/transparency/log/openings/{index}; witnesses send their
// cosignatures to POST /transparency/log/cosignature. Everything is public
// and names what is withheld, by design; nothing here reads content.
package translogapi

import (
	"encoding/base64"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"agora"
	"agora/internal/httpx"
	"agora/translog"
	"agora/translogapi/wire"
)

// API serves one log.
type API struct {
	log    *translog.Log
	logger *slog.Logger
}

// New returns the API of the log l.
func New(l *translog.Log, logger *slog.Logger) *API { return &API{log: l, logger: logger} }

// Route is one entry of the route table.
type Route struct {
	Pattern string
	Gate    httpx.Gate
	Handler httpx.HandlerFunc
}

// Routes is the route table. Every route is GateNone: the log is the public
// record of what is withheld, as the notice pages are, and serves no status,
// account or hashtag itself; a sealed rule's entry holds a commitment, opened
// only once its order may be published.
func (a *API) Routes() []Route {
	return []Route{
		{"GET /transparency/log/checkpoint", httpx.GateNone, a.checkpoint},
		{"GET /transparency/log/key", httpx.GateNone, a.key},
		{"GET /transparency/log/tile/{path...}", httpx.GateNone, a.tile},
		{"GET " + agora.LogEntryPath + "{index}", httpx.GateNone, a.entry},
		{"GET /api/v1/transparency/log/openings/{index}", httpx.GateNone, a.opening},
		{"POST /transparency/log/cosignature", httpx.GateNone, a.cosignature},
	}
}

// Register mounts every route on mux. Anyone may read the log from anywhere
// (Access-Control-Allow-Origin: *).
func (a *API) Register(mux *http.ServeMux) {
	for _, rt := range a.Routes() {
		mux.Handle(rt.Pattern, httpx.Handle(a.logger, func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Access-Control-Allow-Origin", "*")
			return rt.Handler(w, r)
		}))
	}
}

func writeText(w http.ResponseWriter, contentType, cache string, body []byte) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", cache)
	_, _ = w.Write(body)
	return nil
}

// checkpoint serves the signed checkpoint of the log as it is now.
func (a *API) checkpoint(w http.ResponseWriter, r *http.Request) error {
	c, err := a.log.Checkpoint(r.Context())
	if err != nil {
		return err
	}
	return writeText(w, "text/plain; charset=utf-8", "no-cache", c)
}

// key serves the verifier key of the checkpoints, which never changes.
func (a *API) key(w http.ResponseWriter, _ *http.Request) error {
	return writeText(w, "text/plain; charset=utf-8", "public, max-age=86400", []byte(a.log.VerifierKey()+"\n"))
}

// tile serves a hash tile or an entry bundle; what a path names never changes.
func (a *API) tile(w http.ResponseWriter, r *http.Request) error {
	data, err := a.log.Tile(r.Context(), "tile/"+r.PathValue("path"))
	if err != nil {
		return err
	}
	return writeText(w, "application/octet-stream", "public, max-age=31536000, immutable", data)
}

// entry serves the entry at index with the proof of its inclusion in the tree
// of the checkpoint served with it; 404 for an entry the log does not have.
func (a *API) entry(w http.ResponseWriter, r *http.Request) error {
	index, err := strconv.ParseInt(r.PathValue("index"), 10, 64)
	if err != nil || index < 0 {
		return agora.Errorf(agora.ENOTFOUND, "No such entry.")
	}
	p, err := a.log.EntryProof(r.Context(), index)
	if err != nil {
		return err
	}
	proof := make([]string, len(p.Proof))
	for i, h := range p.Proof {
		proof[i] = base64.StdEncoding.EncodeToString(h[:])
	}
	w.Header().Set("Cache-Control", "no-cache") // the checkpoint and the proof grow with the log
	httpx.WriteJSON(w, http.StatusOK, wire.Entry{Index: p.Index, Entry: string(p.Entry),
		Checkpoint: string(p.Checkpoint), Proof: proof})
	return nil
}

// opening serves the opening of a committed entry once its order may be
// published; 404 before.
func (a *API) opening(w http.ResponseWriter, r *http.Request) error {
	index, err := strconv.ParseInt(r.PathValue("index"), 10, 64)
	if err != nil || index < 0 {
		return agora.Errorf(agora.ENOTFOUND, "No such entry.")
	}
	o, err := a.log.Opening(r.Context(), index)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-cache")
	httpx.WriteJSON(w, http.StatusOK, wire.Opening{Index: o.Index, Commitment: o.Commitment(),
		Salt: hex.EncodeToString(o.Salt), Subject: o.Subject, Order: o.Order})
	return nil
}

// maxCosigned bounds a cosigned checkpoint: its three lines and a few dozen
// signature lines.
const maxCosigned = 16 << 10

// cosignature takes a checkpoint of the log cosigned by configured witnesses
// (C2SP tlog-cosignature), as `agora log witness` sends it: 204, or 400 when no
// configured witness's cosignature of a checkpoint the log signed verifies.
func (a *API) cosignature(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCosigned))
	if err != nil {
		return agora.Errorf(agora.ETOOLARGE, "A cosigned checkpoint is at most %d bytes.", maxCosigned)
	}
	if err := a.log.AddCosignature(body); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

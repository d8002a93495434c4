package translog

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// TileHeight is the height of the log's tiles, fixed at 8 by C2SP tlog-tiles:
// a full tile holds 256 hashes, a full entry bundle 256 entries.
const TileHeight = 8

const tileWidth = 1 << TileHeight

// TilePath is where a tile is served under the log's prefix, in the C2SP
// tlog-tiles layout: tile/<L>/<N>[.p/<W>] for hashes, tile/entries/<N>[.p/<W>]
// for an entry bundle (t.L == -1). N is written in groups of three digits, all
// but the last prefixed with x (1234067 is x001/x234/067); .p/<W> is there for
// a partial tile only.
func TilePath(t tlog.Tile) string {
	level := strconv.Itoa(t.L)
	if t.L == -1 {
		level = "entries"
	}
	var groups []string
	n := t.N
	groups = append(groups, fmt.Sprintf("%03d", n%1000))
	for n /= 1000; n > 0; n /= 1000 {
		groups = append(groups, fmt.Sprintf("x%03d", n%1000))
	}
	for i, j := 0, len(groups)-1; i < j; i, j = i+1, j-1 {
		groups[i], groups[j] = groups[j], groups[i]
	}
	p := "tile/" + level + "/" + strings.Join(groups, "/")
	if t.W != tileWidth {
		p += ".p/" + strconv.Itoa(t.W)
	}
	return p
}

// ParseTilePath reads a path made by TilePath; entry bundles have L == -1. Every
// tile has H == TileHeight. Only the form TilePath writes is accepted, so that
// each tile has one path.
func ParseTilePath(path string) (tlog.Tile, error) {
	bad := fmt.Errorf("not a tile path: %q", path)
	rest, ok := strings.CutPrefix(path, "tile/")
	if !ok {
		return tlog.Tile{}, bad
	}
	level, rest, ok := strings.Cut(rest, "/")
	if !ok {
		return tlog.Tile{}, bad
	}
	t := tlog.Tile{H: TileHeight, W: tileWidth}
	if level == "entries" {
		t.L = -1
	} else {
		l, err := strconv.Atoi(level)
		if err != nil || l < 0 || l > 63 || strconv.Itoa(l) != level {
			return tlog.Tile{}, bad
		}
		t.L = l
	}
	if body, w, partial := strings.Cut(rest, ".p/"); partial {
		n, err := strconv.Atoi(w)
		if err != nil || n < 1 || n >= tileWidth || strconv.Itoa(n) != w {
			return tlog.Tile{}, bad
		}
		rest, t.W = body, n
	}
	groups := strings.Split(rest, "/")
	for i, g := range groups {
		last := i == len(groups)-1
		if !last {
			var ok bool
			if g, ok = strings.CutPrefix(g, "x"); !ok {
				return tlog.Tile{}, bad
			}
		}
		if len(g) != 3 || strings.Trim(g, "0123456789") != "" {
			return tlog.Tile{}, bad
		}
		d, _ := strconv.Atoi(g)
		if t.N > (1<<62)/1000 {
			return tlog.Tile{}, bad
		}
		t.N = t.N*1000 + int64(d)
	}
	if TilePath(t) != path {
		return tlog.Tile{}, bad // leading zero groups such as x000/001
	}
	return t, nil
}

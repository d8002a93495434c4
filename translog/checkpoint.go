package translog

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// Checkpoint is the body of a signed checkpoint (C2SP tlog-checkpoint): the log's
// origin, its size and the RFC 6962 hash of its tree.
type Checkpoint struct {
	Origin string
	Size   int64
	Hash   tlog.Hash
}

// Text returns the checkpoint's body as it is signed: the origin line, the size in
// decimal and the root hash in standard base64, each ending in a newline.
func (c Checkpoint) Text() string {
	return fmt.Sprintf("%s\n%d\n%s\n", c.Origin, c.Size, base64.StdEncoding.EncodeToString(c.Hash[:]))
}

// ParseCheckpoint reads a checkpoint's body (the text of its signed note). Lines
// after the third (extensions) are ignored.
func ParseCheckpoint(text string) (Checkpoint, error) {
	lines := strings.SplitAfterN(text, "\n", 4)
	if len(lines) < 3 || !strings.HasSuffix(lines[2], "\n") {
		return Checkpoint{}, fmt.Errorf("checkpoint: fewer than three lines")
	}
	var c Checkpoint
	c.Origin = strings.TrimSuffix(lines[0], "\n")
	size := strings.TrimSuffix(lines[1], "\n")
	n, err := strconv.ParseInt(size, 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != size {
		return Checkpoint{}, fmt.Errorf("checkpoint: size %q is not a decimal number", size)
	}
	c.Size = n
	h, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(lines[2], "\n"))
	if err != nil || len(h) != tlog.HashSize {
		return Checkpoint{}, fmt.Errorf("checkpoint: root hash is not 32 bytes of base64")
	}
	c.Hash = tlog.Hash(h)
	if c.Origin == "" {
		return Checkpoint{}, fmt.Errorf("checkpoint: empty origin")
	}
	return c, nil
}

// entryBundle encodes entries as a C2SP tlog-tiles entry bundle: each entry
// preceded by its length as a big-endian 16-bit number.
func entryBundle(entries [][]byte) []byte {
	var b bytes.Buffer
	for _, e := range entries {
		b.WriteByte(byte(len(e) >> 8))
		b.WriteByte(byte(len(e)))
		b.Write(e)
	}
	return b.Bytes()
}

// ParseEntryBundle splits an entry bundle into its entries.
func ParseEntryBundle(data []byte) ([][]byte, error) {
	var out [][]byte
	for len(data) > 0 {
		if len(data) < 2 {
			return nil, fmt.Errorf("entry bundle: truncated length")
		}
		n := int(data[0])<<8 | int(data[1])
		if len(data) < 2+n {
			return nil, fmt.Errorf("entry bundle: truncated entry %d", len(out))
		}
		out = append(out, data[2:2+n])
		data = data[2+n:]
	}
	return out, nil
}

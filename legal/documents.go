package legal

import (
	"crypto/sha256"
	"encoding/hex"

	"agora"
)

// MaxDocuments bounds the documents of one message, and those received with
// one order (its annex file apart).
const MaxDocuments = 10

// defaultContentType is a document's content type when none was given.
const defaultContentType = "application/octet-stream"

// newDocument checks in and makes the document to store, with its SHA-256 and
// the role given (agora.DocumentAnnex, agora.DocumentOfOrder or
// agora.DocumentAttached); the store sets its order and message.
// EUNPROCESSABLE when it is empty, larger than agora.MaxDocumentBytes
// (agora.MaxAnnexBytes for an annex), or its name or content type is too long.
func (d *desk) newDocument(in *DocumentInput, role string) (*agora.Document, error) {
	limit := agora.MaxDocumentBytes
	if role == agora.DocumentAnnex {
		limit = agora.MaxAnnexBytes
	}
	if len(in.Data) == 0 || len(in.Data) > limit {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: a document must hold 1 byte to %d MiB; %q holds %d bytes.", limit>>20, truncate(in.Name, 100), len(in.Data))
	}
	if len(in.Name) > maxShortField || len(in.ContentType) > 100 {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: the document's name (at most %d bytes) or content type (at most 100) is too long.", maxShortField)
	}
	f := digestOf(in)
	return &agora.Document{
		ID: d.ids.New(), Name: f.Name, ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256,
		Data: in.Data, CreatedAt: d.clock(), Role: role,
	}, nil
}

// newDocuments makes the documents of ins, skipping nil ones: at most
// MaxDocuments, each as newDocument checks it. nil when there are none.
func (d *desk) newDocuments(ins []*DocumentInput, role string) ([]*agora.Document, error) {
	var out []*agora.Document
	for _, in := range ins {
		if in == nil {
			continue
		}
		if len(out) == MaxDocuments {
			return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: at most %d documents may be sent at once.", MaxDocuments)
		}
		doc, err := d.newDocument(in, role)
		if err != nil {
			return nil, err
		}
		out = append(out, doc)
	}
	return out, nil
}

// fileDigest is a file as an order's digest counts it.
type fileDigest struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
	SHA256      string `json:"sha256"` // lowercase hex
}

// digestOf returns the file's name, content type (defaultContentType when none
// was given), size and SHA-256, as they are stored and counted in a digest.
func digestOf(in *DocumentInput) fileDigest {
	sum := sha256.Sum256(in.Data)
	ct := in.ContentType
	if ct == "" {
		ct = defaultContentType
	}
	return fileDigest{Name: in.Name, ContentType: ct, Size: len(in.Data), SHA256: hex.EncodeToString(sum[:])}
}

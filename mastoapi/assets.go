package mastoapi

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
)

// Paths of the images shown for accounts without an avatar or a header.
const (
	missingAvatar = "/avatars/original/missing.png"
	missingHeader = "/headers/original/missing.png"
)

// placeholderPNG is a plain grey square, made once.
var placeholderPNG = func() []byte {
	img := image.NewGray(image.Rect(0, 0, 48, 48))
	for i := range img.Pix {
		img.Pix[i] = 0xcc
	}
	img.Set(0, 0, color.Gray{Y: 0xcc})
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}()

func servePlaceholder(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(placeholderPNG)
}

// Package imaging turns an uploaded image into what agora stores and serves:
// its real type sniffed from its bytes (never from its name or the client's
// Content-Type), its size checked before it is decoded (decompression bombs),
// the image re-encoded so that no metadata survives (EXIF with GPS positions,
// comments, colour profiles) and turned upright as a JPEG's EXIF orientation
// said, a preview, and a BlurHash. JPEG, PNG and GIF with the standard library
// (a GIF keeps its first frame, as a PNG), WebP with golang.org/x/image (read
// only: stored as a JPEG, or a PNG when it has transparency).
package imaging

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"strings"

	"golang.org/x/image/webp"

	"agora"
)

// Limits of Process.
type Limits struct {
	MaxBytes   int // of the upload
	MaxPixels  int // width times height, checked before decoding
	PreviewMax int // longer side of the preview, in pixels
	MaxScans   int // of a JPEG (SOS markers), checked before decoding; 0: MaxJPEGScans
	MaxMemory  int // bytes processing may take, estimated before decoding; 0: MaxDecodeBytes
}

// DefaultLimits are Mastodon's for images.
var DefaultLimits = Limits{MaxBytes: agora.MaxImageBytes, MaxPixels: agora.MaxImagePixels, PreviewMax: agora.MaxPreviewSide}

// Result is a processed image: the file to store, its preview, and what was
// measured of them.
type Result struct {
	Type     string // MIME type of File and Preview: image/jpeg or image/png
	File     []byte // the re-encoded original: no metadata
	Preview  []byte
	Width    int
	Height   int
	SmallW   int
	SmallH   int
	Blurhash string
}

// jpegQuality is the quality of re-encoded JPEGs.
const jpegQuality = 88

// Process checks and converts an uploaded file. Errors are agora errors with a
// message for the uploader: EUNPROCESSABLE for a file too large, of a type
// agora does not take (video and audio named as such), unreadable, or with
// too many pixels, too many scans (a JPEG) or too much memory to decode.
func Process(data []byte, lim Limits) (*Result, error) {
	if len(data) == 0 {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: The file is empty.")
	}
	if len(data) > lim.MaxBytes {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: The file is too large: images may have at most %d bytes (%d MiB), this one has %d.", lim.MaxBytes, lim.MaxBytes>>20, len(data))
	}
	sniffed := Sniff(data)
	var decodeConfig func([]byte) (image.Config, error)
	var decode func([]byte) (image.Image, error)
	switch sniffed {
	case "image/jpeg":
		decodeConfig = func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }
	case "image/png":
		decodeConfig = func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) }
	case "image/gif":
		decodeConfig = func(b []byte) (image.Config, error) { return gif.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return gif.Decode(bytes.NewReader(b)) } // the first frame
	case "image/webp":
		decodeConfig = func(b []byte) (image.Config, error) { return webp.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return webp.Decode(bytes.NewReader(b)) }
	default:
		return nil, unsupported(sniffed)
	}
	cfg, err := decodeConfig(data)
	if err != nil {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: The file is not a readable %s image.", strings.TrimPrefix(sniffed, "image/"))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > lim.MaxPixels/cfg.Height {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: The image is too large: at most %d pixels (width times height), this one is %d by %d.", lim.MaxPixels, cfg.Width, cfg.Height)
	}
	if err := checkCost(data, sniffed, cfg, lim); err != nil {
		return nil, err
	}
	img, err := decode(data)
	if err != nil {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: The file is not a readable %s image.", strings.TrimPrefix(sniffed, "image/"))
	}
	b := img.Bounds()
	if b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: The file is not a readable %s image.", strings.TrimPrefix(sniffed, "image/"))
	}
	res := &Result{Type: "image/png"}
	rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(rgba, rgba.Bounds(), img, b.Min, draw.Src)
	switch {
	case sniffed == "image/jpeg":
		res.Type = "image/jpeg"
		rgba = orient(rgba, jpegOrientation(data)) // the tag is not kept: the pixels turn
	case sniffed == "image/webp" && rgba.Opaque():
		res.Type = "image/jpeg" // a photo: as a PNG it would be many times larger
	}
	res.Width, res.Height = rgba.Bounds().Dx(), rgba.Bounds().Dy()
	if res.File, err = encode(rgba, res.Type); err != nil {
		return nil, err
	}
	small := Shrink(rgba, lim.PreviewMax)
	res.SmallW, res.SmallH = small.Bounds().Dx(), small.Bounds().Dy()
	if res.Preview, err = encode(small, res.Type); err != nil {
		return nil, err
	}
	cx, cy := 4, 3
	if res.Height > res.Width {
		cx, cy = 3, 4
	}
	res.Blurhash = Blurhash(Shrink(small, 32), cx, cy)
	return res, nil
}

// checkCost refuses, before it is decoded, an image that would cost too much
// to decode: a JPEG of more than lim.MaxScans scans, or an image whose
// decoding would take more than lim.MaxMemory bytes (decodeCost).
func checkCost(data []byte, sniffed string, cfg image.Config, lim Limits) error {
	maxScans, maxMem := lim.MaxScans, lim.MaxMemory
	if maxScans <= 0 {
		maxScans = MaxJPEGScans
	}
	if maxMem <= 0 {
		maxMem = MaxDecodeBytes
	}
	var jl jpegLayout
	if sniffed == "image/jpeg" {
		jl = jpegHeader(data, maxScans)
		if jl.scans > maxScans {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: The JPEG has more than %d scans; save it again as a baseline or an ordinary progressive JPEG.", maxScans)
		}
	}
	if cost := decodeCost(cfg, jl); cost > float64(maxMem) {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: The image would take too much memory to process (about %d MiB, at most %d MiB): make it smaller, or save it with 8 bits per channel.", int(cost)>>20, maxMem>>20)
	}
	return nil
}

// Sniff returns the MIME type of data as the bytes show it (http.DetectContentType),
// without parameters.
func Sniff(data []byte) string {
	t, _, _ := strings.Cut(http.DetectContentType(data), ";")
	return strings.TrimSpace(t)
}

// unsupported is the error for a file of a type agora does not take.
func unsupported(sniffed string) error {
	kind := "This file"
	switch {
	case strings.HasPrefix(sniffed, "video/"):
		kind = "Video (" + sniffed + ")"
	case strings.HasPrefix(sniffed, "audio/"), sniffed == "application/ogg":
		kind = "Audio (" + sniffed + ")"
	case strings.HasPrefix(sniffed, "image/"):
		kind = "This image type (" + sniffed + ")"
	}
	return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: %s is not supported: this server takes images only, as %s.", kind, strings.Join(agora.ImageTypes, ", "))
}

// encode writes img as typ (image/jpeg or image/png).
func encode(img image.Image, typ string) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if typ == "image/jpeg" {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality})
	} else {
		err = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img)
	}
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", typ, err)
	}
	return buf.Bytes(), nil
}

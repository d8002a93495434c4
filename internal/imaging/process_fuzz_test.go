package imaging

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"testing"
	"unicode/utf8"

	"agora"
)

// FuzzProcess: whatever is uploaded, Process never panics; a refusal is
// EUNPROCESSABLE with a UTF-8 message; what it accepts is a JPEG or PNG that
// decodes to the size it reports, within the pixel limit, with a preview
// within its side and a full BlurHash, and holds none of the uploaded bytes'
// metadata (checked by TestProcess; here: it decodes), whatever its EXIF
// orientation claims.
func FuzzProcess(f *testing.F) {
	var b bytes.Buffer
	png.Encode(&b, solid(30, 20, color.RGBA{1, 2, 3, 255}))
	f.Add(b.Bytes())
	b.Reset()
	jpeg.Encode(&b, solid(20, 30, color.RGBA{4, 5, 6, 255}), nil)
	f.Add(WithExif(b.Bytes(), "GPS"))
	f.Add(WithExif(b.Bytes(), orientationIFD(6)))
	b.Reset()
	gif.Encode(&b, solid(9, 9, color.RGBA{7, 8, 9, 255}), nil)
	f.Add(b.Bytes())
	f.Add(pngHeader(100000, 100000))
	f.Add([]byte("GIF89a\xff\xff\xff\xff"))
	if webp, err := os.ReadFile("testdata/blue-purple-pink.lossy.webp"); err == nil {
		f.Add(webp)
	}
	lim := Limits{MaxBytes: 1 << 20, MaxPixels: 1 << 18, PreviewMax: 64}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Process(data, lim)
		if err != nil {
			if agora.ErrorCode(err) != agora.EUNPROCESSABLE || !utf8.ValidString(agora.ErrorMessage(err)) {
				t.Fatalf("refusal %v, want EUNPROCESSABLE with a UTF-8 message", err)
			}
			return
		}
		var decode func([]byte) (image.Image, error)
		switch r.Type {
		case "image/jpeg":
			decode = func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }
		case "image/png":
			decode = func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) }
		default:
			t.Fatalf("type %q", r.Type)
		}
		img, err := decode(r.File)
		if err != nil || img.Bounds().Dx() != r.Width || img.Bounds().Dy() != r.Height || r.Width*r.Height > lim.MaxPixels {
			t.Fatalf("stored file: %v, %v, reported %dx%d", err, img.Bounds(), r.Width, r.Height)
		}
		small, err := decode(r.Preview)
		if err != nil || small.Bounds().Dx() != r.SmallW || small.Bounds().Dy() != r.SmallH || r.SmallW > lim.PreviewMax || r.SmallH > lim.PreviewMax {
			t.Fatalf("preview: %v, %v, reported %dx%d", err, small.Bounds(), r.SmallW, r.SmallH)
		}
		if len(r.Blurhash) != 28 {
			t.Fatalf("blurhash %q", r.Blurhash)
		}
	})
}

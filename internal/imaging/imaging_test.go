package imaging

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/webp"

	"agora"
)

func solid(w, h int, c color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return img
}

// TestBlurhash_Solid: a one-colour image has that colour as its DC component,
// and its AC components are alike in every channel (grey: the same quantised
// value thrice).
func TestBlurhash_Solid(t *testing.T) {
	h := Blurhash(solid(20, 10, color.RGBA{200, 40, 10, 255}), 4, 3)
	grey := Blurhash(solid(20, 10, color.RGBA{90, 90, 90, 255}), 4, 3)
	if len(h) != 1+1+4+2*11 {
		t.Fatalf("length %d, want 28: %q", len(h), h)
	}
	if got := readBase83(h[:1]); got != 3+2*9 {
		t.Errorf("size flag %d, want 21", got)
	}
	if got, want := readBase83(h[2:6]), 200<<16|40<<8|10; got != want {
		t.Errorf("DC %06x, want %06x", got, want)
	}
	for i := 6; i < len(h); i += 2 {
		v := readBase83(grey[i : i+2])
		if r, g, b := v/(19*19), v/19%19, v%19; r != g || g != b {
			t.Errorf("grey AC %d = %d,%d,%d, want one value", (i-6)/2, r, g, b)
		}
	}
}

// TestBlurhash_Gradient: a left-to-right gradient has a non-zero first
// horizontal component and a darker left than right.
func TestBlurhash_Gradient(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 32, 8))
	for y := 0; y < 8; y++ {
		for x := 0; x < 32; x++ {
			img.SetRGBA(x, y, color.RGBA{uint8(x * 8), uint8(x * 8), uint8(x * 8), 255})
		}
	}
	h := Blurhash(img, 4, 3)
	ac1 := readBase83(h[6:8]) // component (1,0)
	if ac1 == 3429 {
		t.Fatalf("first horizontal component is zero for a gradient: %q", h)
	}
	if r := ac1 / (19 * 19); r >= 9 { // cos is 1 on the left: a darker left is negative
		t.Errorf("first horizontal component of red quantised to %d, want < 9 (negative)", r)
	}
}

func encodePNG(t *testing.T, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngHeader is a PNG signature and IHDR claiming w by h, with nothing after.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestProcess(t *testing.T) {
	t.Run("png", func(t *testing.T) {
		r, err := Process(encodePNG(t, solid(1000, 500, color.RGBA{1, 2, 3, 255})), DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if r.Type != "image/png" || r.Width != 1000 || r.Height != 500 || r.SmallW != 640 || r.SmallH != 320 || r.Blurhash == "" {
			t.Errorf("got %s %dx%d small %dx%d blurhash %q", r.Type, r.Width, r.Height, r.SmallW, r.SmallH, r.Blurhash)
		}
		if cfg, err := png.DecodeConfig(bytes.NewReader(r.Preview)); err != nil || cfg.Width != 640 {
			t.Errorf("preview: %v %+v", err, cfg)
		}
	})
	t.Run("jpeg exif stripped", func(t *testing.T) {
		var b bytes.Buffer
		if err := jpeg.Encode(&b, solid(64, 48, color.RGBA{9, 9, 9, 255}), nil); err != nil {
			t.Fatal(err)
		}
		data := WithExif(b.Bytes(), "GPS-SECRET-52.5N")
		if !bytes.Contains(data, []byte("GPS-SECRET")) {
			t.Fatal("test image lacks its EXIF")
		}
		r, err := Process(data, DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if r.Type != "image/jpeg" || bytes.Contains(r.File, []byte("Exif")) || bytes.Contains(r.File, []byte("GPS-SECRET")) {
			t.Errorf("type %s; the stored file keeps the EXIF segment", r.Type)
		}
	})
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"bomb", pngHeader(100000, 100000), "too large"},
		{"too many bytes", make([]byte, agora.MaxImageBytes+1), "too large"},
		{"empty", nil, "empty"},
		{"text", []byte("hello, this is not an image"), "images only"},
		{"video", append([]byte("\x00\x00\x00\x18ftypmp42"), make([]byte, 64)...), "Video"},
		{"truncated png", encodePNG(t, solid(10, 10, color.RGBA{}))[:60], "readable"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Process(c.data, DefaultLimits)
			if agora.ErrorCode(err) != agora.EUNPROCESSABLE || !strings.Contains(agora.ErrorMessage(err), c.want) {
				t.Errorf("got %v, want EUNPROCESSABLE saying %q", err, c.want)
			}
		})
	}
}

// orientationIFD is a first IFD holding only the orientation tag, big-endian,
// for WithExif.
func orientationIFD(o byte) string {
	return string([]byte{0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, o, 0, 0, 0, 0, 0, 0})
}

// TestProcess_Orientation: a JPEG whose EXIF says to turn it is stored turned,
// as the tag does not survive re-encoding. The photo is 40 by 20, red on the
// left half and blue on the right.
func TestProcess_Orientation(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for y := 0; y < 20; y++ {
		for x := 0; x < 40; x++ {
			c := color.RGBA{255, 0, 0, 255}
			if x >= 20 {
				c = color.RGBA{0, 0, 255, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	red := func(c color.Color) bool { r, _, bl, _ := c.RGBA(); return r > bl }
	for _, c := range []struct {
		o      byte
		w, h   int
		probe  image.Point // a pixel that must be red
		notRed image.Point
	}{
		{1, 40, 20, image.Pt(5, 10), image.Pt(35, 10)},
		{3, 40, 20, image.Pt(35, 10), image.Pt(5, 10)}, // upside down: red on the right
		{6, 20, 40, image.Pt(10, 5), image.Pt(10, 35)}, // turned right: red on top
		{8, 20, 40, image.Pt(10, 35), image.Pt(10, 5)}, // turned left: red below
		{2, 40, 20, image.Pt(35, 10), image.Pt(5, 10)}, // mirrored
	} {
		r, err := Process(WithExif(b.Bytes(), orientationIFD(c.o)), DefaultLimits)
		if err != nil {
			t.Fatalf("orientation %d: %v", c.o, err)
		}
		got, err := jpeg.Decode(bytes.NewReader(r.File))
		if err != nil {
			t.Fatal(err)
		}
		if r.Width != c.w || r.Height != c.h || got.Bounds().Dx() != c.w || !red(got.At(c.probe.X, c.probe.Y)) || red(got.At(c.notRed.X, c.notRed.Y)) {
			t.Errorf("orientation %d: %dx%d, red at %v: %t, at %v: %t", c.o, r.Width, r.Height,
				c.probe, red(got.At(c.probe.X, c.probe.Y)), c.notRed, red(got.At(c.notRed.X, c.notRed.Y)))
		}
	}
}

// TestProcess_WebP: a lossy WebP (opaque) is stored as a JPEG, a lossless one
// with transparency as a PNG, each at its size.
func TestProcess_WebP(t *testing.T) {
	for _, c := range []struct{ file, typ string }{
		{"testdata/blue-purple-pink.lossy.webp", "image/jpeg"},
		{"testdata/gopher-doc.with-alpha.lossless.webp", "image/png"},
	} {
		data, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := webp.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		r, err := Process(data, DefaultLimits)
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		if r.Type != c.typ || r.Width != cfg.Width || r.Height != cfg.Height || Sniff(r.File) != c.typ {
			t.Errorf("%s: stored as %s (%s) %dx%d, want %s %dx%d", c.file, r.Type, Sniff(r.File), r.Width, r.Height, c.typ, cfg.Width, cfg.Height)
		}
	}
}

// manyScans is a JPEG of w by h with its one scan repeated until it has n:
// what a crafted progressive JPEG of thousands of near-empty scans looks like
// to the scan count (Go's decoder walks every block in each).
func manyScans(t *testing.T, w, h, n int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, solid(w, h, color.RGBA{10, 20, 30, 255}), nil); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	sos := bytes.Index(data, []byte{0xFF, 0xDA})
	eoi := bytes.LastIndex(data, []byte{0xFF, 0xD9})
	if sos < 0 || eoi < sos {
		t.Fatal("no scan in the encoded JPEG")
	}
	out := append([]byte{}, data[:sos]...)
	for range n {
		out = append(out, data[sos:eoi]...)
	}
	return append(out, 0xFF, 0xD9)
}

// TestProcess_Cost: what would cost too much to decode is refused from its
// header, before decoding, and fast: a JPEG of more scans than MaxJPEGScans,
// a 16-bit PNG whose decoding would take more than MaxDecodeBytes. A JPEG of
// a few scans and an 8-bit PNG of the same size pass the checks.
func TestProcess_Cost(t *testing.T) {
	if got := jpegHeader(manyScans(t, 64, 48, 3), MaxJPEGScans); got.scans != 3 || got.progressive || got.planes != 1.5 {
		t.Errorf("jpegHeader of 3 scans, 4:2:0 baseline: %+v", got)
	}
	if _, err := Process(manyScans(t, 64, 48, 2), DefaultLimits); err != nil {
		t.Errorf("a JPEG of two scans: %v", err)
	}
	start := time.Now()
	_, err := Process(manyScans(t, 2048, 1024, MaxJPEGScans+1), DefaultLimits)
	if agora.ErrorCode(err) != agora.EUNPROCESSABLE || !strings.Contains(agora.ErrorMessage(err), "scans") {
		t.Errorf("a JPEG of %d scans: %v, want 422 naming the scans", MaxJPEGScans+1, err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("refusing the many-scan JPEG took %v", d)
	}

	deep := pngHeader(8000, 4000) // 32 Mpx, under the pixel limit
	deep[8+8+8] = 16              // bit depth: 16-bit RGBA decodes to 8 bytes a pixel
	binary.BigEndian.PutUint32(deep[8+8+13:], crc32.ChecksumIEEE(deep[8+4:8+8+13]))
	_, err = Process(deep, DefaultLimits)
	if agora.ErrorCode(err) != agora.EUNPROCESSABLE || !strings.Contains(agora.ErrorMessage(err), "memory") {
		t.Errorf("a 16-bit PNG of 8000x4000: %v, want 422 naming the memory", err)
	}
	_, err = Process(pngHeader(8000, 4000), DefaultLimits)
	if agora.ErrorCode(err) != agora.EUNPROCESSABLE || strings.Contains(agora.ErrorMessage(err), "memory") {
		t.Errorf("an 8-bit PNG header of 8000x4000: %v, want refused as unreadable, not for memory", err)
	}
}

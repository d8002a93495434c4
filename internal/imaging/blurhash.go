package imaging

import (
	"image"
	"math"
	"strings"
)

// This file encodes BlurHash (https://blurha.sh), the compact placeholder
// Mastodon sends as a MediaAttachment's blurhash: a few cosine components of
// the image in linear light, quantised and written in base 83. Written from the
// published description of the format.

const base83 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"

// Blurhash returns the BlurHash of img with cx by cy components (each 1..9).
// img should be small (a preview): the cost is cx*cy per pixel.
func Blurhash(img *image.RGBA, cx, cy int) string {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w == 0 || h == 0 || cx < 1 || cx > 9 || cy < 1 || cy > 9 {
		return ""
	}
	// Linear light of every pixel, once.
	lin := make([][3]float64, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			o := img.PixOffset(b.Min.X+x, b.Min.Y+y)
			p := img.Pix[o : o+3 : o+3]
			lin[y*w+x] = [3]float64{toLinear(p[0]), toLinear(p[1]), toLinear(p[2])}
		}
	}
	factors := make([][3]float64, 0, cx*cy)
	for j := 0; j < cy; j++ {
		for i := 0; i < cx; i++ {
			var f [3]float64
			for y := 0; y < h; y++ {
				by := math.Cos(math.Pi * float64(j) * float64(y) / float64(h))
				for x := 0; x < w; x++ {
					basis := by * math.Cos(math.Pi*float64(i)*float64(x)/float64(w))
					c := lin[y*w+x]
					f[0] += basis * c[0]
					f[1] += basis * c[1]
					f[2] += basis * c[2]
				}
			}
			norm := 2.0
			if i == 0 && j == 0 {
				norm = 1
			}
			scale := norm / float64(w*h)
			factors = append(factors, [3]float64{f[0] * scale, f[1] * scale, f[2] * scale})
		}
	}
	var sb strings.Builder
	writeBase83(&sb, (cx-1)+(cy-1)*9, 1)
	dc, ac := factors[0], factors[1:]
	maxValue := 1.0
	if len(ac) > 0 {
		actual := 0.0
		for _, f := range ac {
			actual = math.Max(actual, math.Max(math.Abs(f[0]), math.Max(math.Abs(f[1]), math.Abs(f[2]))))
		}
		q := clampInt(int(math.Floor(actual*166-0.5)), 0, 82)
		maxValue = float64(q+1) / 166
		writeBase83(&sb, q, 1)
	} else {
		writeBase83(&sb, 0, 1)
	}
	writeBase83(&sb, toSRGB(dc[0])<<16|toSRGB(dc[1])<<8|toSRGB(dc[2]), 4)
	for _, f := range ac {
		q := func(v float64) int {
			return clampInt(int(math.Floor(signPow(v/maxValue, 0.5)*9+9.5)), 0, 18)
		}
		writeBase83(&sb, q(f[0])*19*19+q(f[1])*19+q(f[2]), 2)
	}
	return sb.String()
}

// writeBase83 writes v as n base-83 digits, most significant first.
func writeBase83(sb *strings.Builder, v, n int) {
	for i := n - 1; i >= 0; i-- {
		d := v
		for range i {
			d /= 83
		}
		sb.WriteByte(base83[d%83])
	}
}

// readBase83 reads base-83 digits; -1 for a character not in the alphabet.
func readBase83(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(base83, s[i])
		if d < 0 {
			return -1
		}
		v = v*83 + d
	}
	return v
}

func toLinear(c uint8) float64 {
	v := float64(c) / 255
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

func toSRGB(v float64) int {
	v = math.Max(0, math.Min(1, v))
	if v <= 0.0031308 {
		return int(v*12.92*255 + 0.5)
	}
	return int((1.055*math.Pow(v, 1/2.4)-0.055)*255 + 0.5)
}

func signPow(v, exp float64) float64 { return math.Copysign(math.Pow(math.Abs(v), exp), v) }

func clampInt(v, lo, hi int) int { return max(lo, min(hi, v)) }

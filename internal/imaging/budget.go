package imaging

import (
	"encoding/binary"
	"image"
	"image/color"
)

// MaxJPEGScans bounds the scans (SOS markers) of a JPEG, as libjpeg-turbo's
// scan limit does: Go's decoder walks every block of the image in each scan
// of a progressive JPEG, so a small file of thousands of near-empty scans of
// a large image costs minutes of CPU. Real encoders write at most a dozen.
const MaxJPEGScans = 100

// MaxDecodeBytes bounds the memory an image may take while it is processed,
// as estimated from its header before it is decoded (decodeCost): a 16-bit
// PNG of the largest size allowed would take over 400 MB.
const MaxDecodeBytes = 256 << 20

// jpegLayout is what jpegHeader reads of a JPEG's markers.
type jpegLayout struct {
	scans       int     // SOS markers seen; counting stops past the limit
	progressive bool    // SOF2, SOF6, SOF10 or SOF14
	planes      float64 // the components' samples per pixel, subsampling counted; 0 when no SOF was read
}

// jpegHeader walks the markers of a JPEG without decoding it: segments by
// their lengths, entropy-coded data after each SOS to the next marker (a 0xFF
// there is followed by 0x00 or a restart marker). It stops at EOI, at the end
// of data, at anything malformed (the decoder then judges the file) and once
// more than maxScans scans are seen.
func jpegHeader(data []byte, maxScans int) jpegLayout {
	var l jpegLayout
	i := 2 // after SOI
	for i+1 < len(data) && l.scans <= maxScans {
		if data[i] != 0xFF {
			return l
		}
		m := data[i+1]
		switch {
		case m == 0xFF: // fill byte
			i++
			continue
		case m == 0xD9: // EOI
			return l
		case m == 0x01 || m >= 0xD0 && m <= 0xD8: // no length
			i += 2
			continue
		}
		if i+4 > len(data) {
			return l
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return l
		}
		seg := data[i+4 : i+2+n]
		if m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC {
			l.progressive = m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE
			l.planes = samplesPerPixel(seg)
		}
		i += 2 + n
		if m != 0xDA {
			continue
		}
		l.scans++
		for i+1 < len(data) && (data[i] != 0xFF || data[i+1] == 0x00 || data[i+1] >= 0xD0 && data[i+1] <= 0xD7) {
			i++
		}
	}
	return l
}

// samplesPerPixel reads a SOF segment (after its length): the sum over its
// components of their share of the pixels (h*v / (hmax*vmax)): 3 for 4:4:4,
// 1.5 for 4:2:0, 1 for grey. 0 when it is malformed.
func samplesPerPixel(seg []byte) float64 {
	if len(seg) < 6 {
		return 0
	}
	nc := int(seg[5])
	if nc == 0 || len(seg) < 6+3*nc {
		return 0
	}
	hmax, vmax := 1, 1
	for c := range nc {
		hv := seg[6+3*c+1]
		hmax, vmax = max(hmax, int(hv>>4)), max(vmax, int(hv&15))
	}
	sum := 0.0
	for c := range nc {
		hv := seg[6+3*c+1]
		sum += float64(int(hv>>4)*int(hv&15)) / float64(hmax*vmax)
	}
	return sum
}

// decodeCost estimates the bytes processing an image of cfg takes: the
// decoded image (by its colour model: 8 bytes a pixel for 16-bit RGBA), the
// RGBA copy Process draws it into, and for a progressive JPEG the
// coefficients the decoder keeps of every block (4 bytes a sample).
func decodeCost(cfg image.Config, jl jpegLayout) float64 {
	px := float64(cfg.Width) * float64(cfg.Height)
	decoded := 4.0
	switch cfg.ColorModel {
	case color.GrayModel:
		decoded = 1
	case color.Gray16Model:
		decoded = 2
	case color.RGBA64Model, color.NRGBA64Model:
		decoded = 8
	case color.YCbCrModel, color.CMYKModel:
		decoded = 4
		if jl.planes > 0 {
			decoded = jl.planes
		}
	default:
		if _, ok := cfg.ColorModel.(color.Palette); ok {
			decoded = 1
		}
	}
	cost := px * (decoded + 4)
	if jl.progressive {
		planes := jl.planes
		if planes == 0 {
			planes = 4
		}
		cost += px * 4 * planes
	}
	return cost
}

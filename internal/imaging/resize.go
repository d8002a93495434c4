package imaging

import "image"

// Shrink returns src scaled down so that its longer side is at most maxSide,
// each pixel the average of the source pixels it covers (a box filter, good
// enough for previews); src itself when it is small enough already.
func Shrink(src *image.RGBA, maxSide int) *image.RGBA {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if maxSide <= 0 || (w <= maxSide && h <= maxSide) {
		return src
	}
	dw, dh := maxSide, max(1, h*maxSide/w)
	if h > w {
		dw, dh = max(1, w*maxSide/h), maxSide
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for dy := 0; dy < dh; dy++ {
		y0, y1 := dy*h/dh, max((dy+1)*h/dh, dy*h/dh+1)
		for dx := 0; dx < dw; dx++ {
			x0, x1 := dx*w/dw, max((dx+1)*w/dw, dx*w/dw+1)
			var sum [4]int
			for y := y0; y < y1; y++ {
				row := src.PixOffset(b.Min.X+x0, b.Min.Y+y)
				for x := x0; x < x1; x++ {
					p := src.Pix[row : row+4 : row+4]
					sum[0] += int(p[0])
					sum[1] += int(p[1])
					sum[2] += int(p[2])
					sum[3] += int(p[3])
					row += 4
				}
			}
			n := (y1 - y0) * (x1 - x0)
			o := dst.PixOffset(dx, dy)
			for c := range 4 {
				dst.Pix[o+c] = uint8((sum[c] + n/2) / n)
			}
		}
	}
	return dst
}

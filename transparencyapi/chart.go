package transparencyapi

import (
	"fmt"
	"math"
	"strings"
)

// barChart is a horizontal bar chart: a group of bars per row (a country),
// one bar per series. It is drawn as inline SVG by the page's template, with
// its title and a description in words for those who cannot see it; the
// tables of the page hold the same figures.
type barChart struct {
	ID     string // prefix of the chart's element IDs
	Title  string
	Desc   string
	Series []string // their names, in the order of each row's values
	Rows   []chartRow
	// Max is the end of the scale; 0 takes it from the values.
	Max float64
}

// chartRow is one row: its label and one value per series.
type chartRow struct {
	Label  string
	Values []chartValue
}

// chartValue is one bar: its value and the text written beside it. A banded
// count (1 to 9, published as "< 10") is drawn as the range it stands for,
// from 0 to 10, faded and outlined with dashes.
type chartValue struct {
	V      float64
	Banded bool
	Text   string
}

// Geometry of the charts, in SVG user units.
const (
	chartWidth  = 720
	labelRight  = 222 // where row labels end
	plotLeft    = 232
	plotWidth   = 400
	legendTop   = 8
	plotTop     = 40
	barHeight   = 14
	barGap      = 3
	rowGap      = 12
	tickSpace   = 26
	bandedValue = 10
)

// svgChart is a barChart laid out for the template.
type svgChart struct {
	ID, Title, Desc string
	Width, Height   int
	Legend          []svgText // swatch at X-20, text at X
	Rows            []svgRow
	Ticks           []svgTick
	PlotLeft        int
	PlotTop         int
	PlotBottom      int
}

type svgText struct {
	X, Y  int
	Class string
	Text  string
}

type svgRow struct {
	Label svgText
	Bars  []svgBar
}

type svgBar struct {
	X, Y, W, H int
	Class      string
	Text       svgText
}

type svgTick struct {
	X     int
	Label string
}

// layout places the chart's legend, bars and ticks.
func (c *barChart) layout() *svgChart {
	top := c.Max
	if top == 0 {
		for _, r := range c.Rows {
			for _, v := range r.Values {
				top = math.Max(top, v.V)
				if v.Banded {
					top = math.Max(top, bandedValue)
				}
			}
		}
	}
	step := niceStep(top)
	if c.Max == 0 {
		top = math.Max(step, math.Ceil(top/step)*step)
	}
	scale := func(v float64) int { return int(math.Round(v / top * plotWidth)) }
	out := &svgChart{ID: c.ID, Title: c.Title, Desc: c.Desc, Width: chartWidth, PlotLeft: plotLeft, PlotTop: plotTop}
	x := plotLeft
	for i, s := range c.Series {
		out.Legend = append(out.Legend, svgText{X: x + 20, Y: legendTop + 12, Class: seriesClass(i), Text: s})
		x += 20 + 7*len(s) + 28
	}
	y := plotTop + rowGap/2
	for _, r := range c.Rows {
		row := svgRow{}
		groupH := len(c.Series)*(barHeight+barGap) - barGap
		row.Label = svgText{X: labelRight, Y: y + groupH/2 + 5, Text: r.Label}
		for i, v := range r.Values {
			val, class := v.V, seriesClass(i)
			if v.Banded {
				val, class = bandedValue, class+" bandbar"
			}
			w := scale(val)
			by := y + i*(barHeight+barGap)
			row.Bars = append(row.Bars, svgBar{X: plotLeft, Y: by, W: w, H: barHeight, Class: class,
				Text: svgText{X: plotLeft + w + 6, Y: by + barHeight - 2, Text: v.Text}})
		}
		out.Rows = append(out.Rows, row)
		y += groupH + rowGap
	}
	out.PlotBottom = y - rowGap/2
	for v := 0.0; v <= top+step/2; v += step {
		out.Ticks = append(out.Ticks, svgTick{X: plotLeft + scale(v), Label: trimFloat(v)})
	}
	out.Height = out.PlotBottom + tickSpace
	return out
}

// seriesClass is the CSS class of the series' bars (the page's style gives
// each a fill that is told apart without colour too: solid, hatched).
func seriesClass(i int) string { return fmt.Sprintf("s%d", i%2) }

// niceStep returns a step of 1, 2 or 5 times a power of ten that cuts 0..top
// into at most five parts.
func niceStep(top float64) float64 {
	if top <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(top/5)))
	for _, m := range []float64{1, 2, 5, 10} {
		if top/(m*p) <= 5 {
			return math.Max(m*p, 1)
		}
	}
	return 10 * p
}

// trimFloat writes v without needless decimals.
func trimFloat(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0")
}

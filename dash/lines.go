package dash

import (
	"strconv"
	"strings"
)

// Size of a line chart, in SVG units.
const (
	lineWidth  = 480
	lineHeight = 160
)

// series is one line of a line chart: a value for each point of the
// x axis, missing where has is false (has nil: none missing).
type series struct {
	Class, Label string
	values       []int
	has          []bool
}

// line is one series laid out: an SVG path, broken where values miss.
type line struct {
	Class string // styled by the stylesheet
	Label string
	D     string
}

// tableRow is one row of a chart's table view.
type tableRow struct {
	Label string
	Cells []string
}

// lineChart is an SVG chart of lines over time and its table view.
type lineChart struct {
	Lines    []line
	Max      int
	From, To string
	First    string   // the table's first column: the x axis
	Cols     []string // the table's other columns: one a line
	Rows     []tableRow
}

// drawLines lays out series over the points xs (oldest first), the top
// of the chart being the largest value.
func drawLines(xs []string, ss []series) lineChart {
	c := lineChart{}
	if len(xs) == 0 {
		return c
	}
	c.From, c.To = xs[0], xs[len(xs)-1]
	for _, s := range ss {
		for j, v := range s.values {
			if s.has == nil || s.has[j] {
				c.Max = max(c.Max, v)
			}
		}
	}
	top, n := max(c.Max, 1), max(len(xs)-1, 1)
	for _, s := range ss {
		var d strings.Builder
		gap := true
		for j, v := range s.values {
			if s.has != nil && !s.has[j] {
				gap = true
				continue
			}
			cmd := "L"
			if gap {
				cmd = "M"
			}
			d.WriteString(cmd + strconv.Itoa(j*lineWidth/n) + " " + strconv.Itoa(lineHeight-v*lineHeight/top) + " ")
			gap = false
		}
		c.Lines = append(c.Lines, line{Class: s.Class, Label: s.Label, D: strings.TrimSpace(d.String())})
		c.Cols = append(c.Cols, s.Label)
	}
	return c
}

// weekly are the rows of a table view that shows one point a week, the
// latest first: a year of days stays a short table.
func weekly(xs []string, ss []series) []tableRow {
	var rows []tableRow
	for j := len(xs) - 1; j >= 0; j -= 7 {
		rows = append(rows, tableRow{Label: xs[j], Cells: cells(j, ss)})
	}
	return rows
}

// cells are the values of point j, "" where one misses.
func cells(j int, ss []series) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		if s.has == nil || s.has[j] {
			out[i] = strconv.Itoa(s.values[j])
		}
	}
	return out
}

package kit

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rete-bot/rete/bot"
)

// Measure is how long a message is in a platform's rendering, in the unit
// the platform limits (characters of a Discord message, of a Slack
// section's text...). Split assumes that a message measures at least as
// much as any of its parts.
type Measure func(bot.Message) int

// Split cuts msg into messages that each measure at most limit, to be sent
// in order. It cuts between blocks first, then between the items of a
// list and the lines of a preformatted block, then a paragraph between
// its spans, then plain, bold and code text at spaces, and a word longer
// than the limit between two characters as a last resort. It never cuts
// inside a mention or a link, nor inside an escape, since it cuts before
// the platform's rendering; a mention or a link that alone exceeds the
// limit is sent alone.
//
// The text is kept whole: the parts' spans, read in order, are the
// original's. The buttons go with the last part; Replace with the first.
// A message that fits is returned as is.
func Split(msg bot.Message, limit int, measure Measure) []bot.Message {
	if measure(msg) <= limit {
		return []bot.Message{msg}
	}
	var (
		parts []bot.Message
		cur   bot.Message
		last  = -1 // source block of cur's last block
	)
	fits := func(m bot.Message) bool {
		m.Buttons = msg.Buttons
		return measure(m) <= limit
	}
	var place func(p piece)
	place = func(p piece) {
		next := appendPiece(cur, p, last)
		if fits(next) {
			cur, last = next, p.src
			return
		}
		if len(cur.Blocks) > 0 {
			parts = append(parts, cur)
			cur, last = bot.Message{}, -1
			place(p)
			return
		}
		// The piece alone is too long: cut it finer, or send it alone.
		finer := p.cut()
		if len(finer) <= 1 {
			cur, last = appendPiece(cur, p, last), p.src
			return
		}
		for _, f := range finer {
			place(f)
		}
	}
	for i, b := range msg.Blocks {
		for _, p := range blockPieces(i, b) {
			place(p)
		}
	}
	if len(cur.Blocks) > 0 || len(parts) == 0 {
		parts = append(parts, cur)
	}
	parts[len(parts)-1].Buttons = msg.Buttons
	parts[0].Replace = msg.Replace
	return parts
}

// piece is a unit Split places: a whole block, one list item, one line of
// a preformatted block, or a run of a paragraph's spans. src is the index
// of the block it comes from, so that pieces of one block placed side by
// side join again into one block.
type piece struct {
	src   int
	block bot.Block // Items holds one item for a list; Spans one span for Pre
	level int       // how finely it was cut: 0 block, 1 item/line/spans, 2 words, 3 characters
	// cont marks a piece that continues the previous one's line or item
	// rather than starting a new line of a Pre or a new item of a List.
	cont bool
}

// blockPieces returns a block as one piece, or a list as one piece per
// item and a preformatted block as one per line, so that a part can end
// between them.
func blockPieces(src int, b bot.Block) []piece {
	switch b.Kind {
	case bot.List:
		out := make([]piece, 0, len(b.Items))
		for _, it := range b.Items {
			out = append(out, piece{src: src, block: bot.Block{Kind: bot.List, Items: [][]bot.Span{it}}, level: 1})
		}
		return out
	case bot.Pre:
		if len(b.Spans) != 1 {
			return []piece{{src: src, block: b}}
		}
		s := b.Spans[0]
		lines := strings.Split(s.Text, "\n")
		out := make([]piece, 0, len(lines))
		for _, l := range lines {
			s.Text = l
			out = append(out, piece{src: src, block: bot.Block{Kind: bot.Pre, Spans: []bot.Span{s}}, level: 1})
		}
		return out
	}
	return []piece{{src: src, block: b}}
}

// appendPiece appends p to m, joining it to m's last block when both come
// from the same source block.
func appendPiece(m bot.Message, p piece, last int) bot.Message {
	blocks := make([]bot.Block, len(m.Blocks), len(m.Blocks)+1)
	copy(blocks, m.Blocks)
	m.Blocks = blocks
	if len(blocks) == 0 || last != p.src {
		m.Blocks = append(m.Blocks, p.block)
		return m
	}
	lb := blocks[len(blocks)-1]
	switch {
	case lb.Kind == bot.List && p.cont:
		items := append([][]bot.Span(nil), lb.Items...)
		n := len(items) - 1
		items[n] = append(append([]bot.Span(nil), items[n]...), p.block.Spans...)
		lb.Items = items
	case lb.Kind != p.block.Kind:
		m.Blocks = append(m.Blocks, p.block)
		return m
	case lb.Kind == bot.List:
		lb.Items = append(append([][]bot.Span(nil), lb.Items...), p.block.Items...)
	case lb.Kind == bot.Pre:
		s := lb.Spans[0]
		if !p.cont {
			s.Text += "\n"
		}
		s.Text += p.block.Spans[0].Text
		lb.Spans = []bot.Span{s}
	default:
		lb.Spans = append(append([]bot.Span(nil), lb.Spans...), p.block.Spans...)
	}
	blocks[len(blocks)-1] = lb
	return m
}

// cut cuts a piece one level finer; one piece or none means it cannot be.
func (p piece) cut() []piece {
	b := p.block
	switch {
	case b.Kind == bot.List && len(b.Items) == 1:
		// An item too long for a part: its spans continue as paragraphs.
		return p.spanPieces(bot.Block{Kind: bot.Para, Spans: b.Items[0]}, true)
	case b.Kind == bot.Pre && len(b.Spans) == 1:
		return p.wordPieces(b, b.Spans[0], p.level >= 2)
	case b.Kind == bot.List || b.Kind == bot.Pre:
		return nil
	case len(b.Spans) > 1:
		return p.spanPieces(b, false)
	case len(b.Spans) == 1:
		return p.wordPieces(b, b.Spans[0], p.level >= 2)
	}
	return nil
}

// spanPieces returns one piece per span of b. fromItem keeps the first
// span a list item so the bullet stays with it.
func (p piece) spanPieces(b bot.Block, fromItem bool) []piece {
	out := make([]piece, 0, len(b.Spans))
	for i, s := range b.Spans {
		nb := bot.Block{Kind: b.Kind, Spans: []bot.Span{s}}
		if fromItem && i == 0 {
			nb = bot.Block{Kind: bot.List, Items: [][]bot.Span{{s}}}
		}
		out = append(out, piece{src: p.src, block: nb, level: 1, cont: p.cont || i > 0})
	}
	if fromItem && len(out) == 1 {
		// A single-span item: cut its text instead.
		return piece{src: p.src, block: bot.Block{Kind: bot.Para, Spans: b.Spans}, level: 1, cont: p.cont}.cut()
	}
	return out
}

// wordPieces cuts one span of text after each run of spaces, or between
// characters when chars is set (a word longer than the limit). Mentions
// and links are never cut.
func (p piece) wordPieces(b bot.Block, s bot.Span, chars bool) []piece {
	if s.Style == bot.Mention || s.Style == bot.Link {
		return nil
	}
	var words []string
	if chars {
		for _, r := range s.Text {
			words = append(words, string(r))
		}
	} else {
		words = splitAfterSpaces(s.Text)
	}
	if len(words) <= 1 {
		if chars || utf8.RuneCountInString(s.Text) <= 1 {
			return nil
		}
		return piece{src: p.src, block: b, level: 2, cont: p.cont}.cut()
	}
	out := make([]piece, 0, len(words))
	for i, w := range words {
		ws := s
		ws.Text = w
		out = append(out, piece{src: p.src, block: bot.Block{Kind: b.Kind, Spans: []bot.Span{ws}}, level: 2 + btoi(chars), cont: p.cont || i > 0})
	}
	return out
}

// splitAfterSpaces cuts s after each run of white space, keeping the
// spaces with the word before them so that the pieces join back into s.
func splitAfterSpaces(s string) []string {
	var out []string
	start, inSpace := 0, false
	for i, r := range s {
		sp := unicode.IsSpace(r)
		if inSpace && !sp {
			out = append(out, s[start:i])
			start = i
		}
		inSpace = sp
	}
	return append(out, s[start:])
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Truncate cuts s to at most n runes, marking the cut with "…".
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

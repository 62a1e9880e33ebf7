package kit

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rete-bot/rete/bot"
)

// testRender is a rendering with escapes, mentions and links in the
// shape Slack and Discord give them, so that a cut inside one shows.
func testRender(m bot.Message) string {
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "*", "\\*")
	spans := func(ss []bot.Span) string {
		var b strings.Builder
		for _, s := range ss {
			switch s.Style {
			case bot.Mention:
				b.WriteString("<@" + s.Member.User + ">")
			case bot.Link:
				b.WriteString("<" + s.URL + "|" + esc.Replace(s.Text) + ">")
			case bot.Bold:
				b.WriteString("*" + esc.Replace(s.Text) + "*")
			default:
				b.WriteString(esc.Replace(s.Text))
			}
		}
		return b.String()
	}
	var b strings.Builder
	for _, bl := range m.Blocks {
		switch bl.Kind {
		case bot.List:
			for _, it := range bl.Items {
				b.WriteString("• " + spans(it) + "\n")
			}
		case bot.Pre:
			b.WriteString("```\n" + esc.Replace(bl.Spans[0].Text) + "\n```\n")
		default:
			b.WriteString(spans(bl.Spans) + "\n")
		}
	}
	for _, btn := range m.Buttons {
		b.WriteString("[" + btn.Label + "]")
	}
	return b.String()
}

func testMeasure(m bot.Message) int { return utf8.RuneCountInString(testRender(m)) }

// content is the message's text in order, whatever the blocks: what a
// split must keep. Lines of a Pre block count without their breaks, since
// a part boundary stands for one.
func content(ms ...bot.Message) string {
	var b strings.Builder
	for _, m := range ms {
		for _, bl := range m.Blocks {
			switch bl.Kind {
			case bot.List:
				for _, it := range bl.Items {
					b.WriteString(bot.SpansText(it))
				}
			case bot.Pre:
				b.WriteString(strings.ReplaceAll(bl.Spans[0].Text, "\n", ""))
			default:
				b.WriteString(bot.SpansText(bl.Spans))
			}
		}
	}
	return b.String()
}

// atoms lists the mentions and links of messages, which must arrive whole.
func atoms(ms ...bot.Message) []bot.Span {
	var out []bot.Span
	add := func(ss []bot.Span) {
		for _, s := range ss {
			if s.Style == bot.Mention || s.Style == bot.Link {
				out = append(out, s)
			}
		}
	}
	for _, m := range ms {
		for _, bl := range m.Blocks {
			add(bl.Spans)
			for _, it := range bl.Items {
				add(it)
			}
		}
	}
	return out
}

func randomText(r *rand.Rand, n int) string {
	const alphabet = "abcdefghij  &<>*_`\n@#|éß漢🙂"
	letters := []rune(alphabet)
	var b strings.Builder
	for range n {
		b.WriteRune(letters[r.IntN(len(letters))])
	}
	return b.String()
}

func randomSpans(r *rand.Rand) []bot.Span {
	var out []bot.Span
	for range 1 + r.IntN(12) {
		switch r.IntN(5) {
		case 0:
			out = append(out, bot.Span{Style: bot.Mention, Text: randomText(r, 1+r.IntN(10)), Member: bot.MemberID{Platform: "t", Space: "S", User: "U" + strings.Repeat("X", 1+r.IntN(8))}})
		case 1:
			out = append(out, bot.Span{Style: bot.Link, Text: randomText(r, r.IntN(20)), URL: "https://example.com/" + strings.Repeat("p", r.IntN(40))})
		case 2:
			out = append(out, bot.Strong(randomText(r, r.IntN(80))))
		default:
			out = append(out, bot.Text(randomText(r, r.IntN(400))))
		}
	}
	return out
}

func randomMessage(r *rand.Rand) bot.Message {
	var m bot.Message
	for range 1 + r.IntN(8) {
		switch r.IntN(5) {
		case 0:
			var items [][]bot.Span
			for range r.IntN(60) {
				items = append(items, randomSpans(r))
			}
			m.Blocks = append(m.Blocks, bot.Block{Kind: bot.List, Items: items})
		case 1:
			m.Blocks = append(m.Blocks, bot.Block{Kind: bot.Pre, Spans: []bot.Span{{Style: bot.Code, Text: randomText(r, r.IntN(5000))}}})
		case 2:
			m.Blocks = append(m.Blocks, bot.Block{Kind: bot.Para, Spans: []bot.Span{bot.Text(strings.Repeat("x", r.IntN(3000)))}})
		default:
			m.Blocks = append(m.Blocks, bot.Block{Kind: []bot.BlockKind{bot.Para, bot.Context, bot.Header}[r.IntN(3)], Spans: randomSpans(r)})
		}
	}
	for range r.IntN(3) {
		m.Buttons = append(m.Buttons, bot.Button{Label: "Go", Command: "rsvp 1 yes"})
	}
	return m
}

func TestSplitKeepsEveryPartWithinTheLimitAndTheTextWhole(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 10))
	for i := range 150 {
		m := randomMessage(r)
		limit := []int{300, 500, 2000, 3000, 4096}[i%5]
		parts := Split(m, limit, testMeasure)
		for j, p := range parts {
			if n := testMeasure(p); n > limit {
				t.Fatalf("message %d, limit %d: part %d measures %d:\n%s", i, limit, j, n, testRender(p))
			}
			if len(p.Blocks) == 0 {
				t.Fatalf("message %d: part %d is empty", i, j)
			}
			if j < len(parts)-1 && len(p.Buttons) > 0 {
				t.Errorf("message %d: buttons on part %d of %d", i, j, len(parts))
			}
		}
		if got, want := content(parts...), content(m); got != want {
			n := 0
			for n < min(len(got), len(want)) && got[n] == want[n] {
				n++
			}
			t.Fatalf("message %d: text changed by the split at byte %d of %d (got %d bytes): %q", i, n, len(want), len(got), got[n:min(len(got), n+80)])
		}
		got, want := atoms(parts...), atoms(m)
		if len(got) != len(want) {
			t.Fatalf("message %d: %d mentions and links after the split, want %d", i, len(got), len(want))
		}
		for k := range got {
			if got[k] != want[k] {
				t.Fatalf("message %d: mention or link %d cut: %+v, want %+v", i, k, got[k], want[k])
			}
		}
		if len(parts[len(parts)-1].Buttons) != len(m.Buttons) {
			t.Errorf("message %d: last part has %d buttons, want %d", i, len(parts[len(parts)-1].Buttons), len(m.Buttons))
		}
	}
}

func TestSplitCutsAListBetweenItemsAndPreBetweenLines(t *testing.T) {
	var items [][]bot.Span
	for range 100 {
		items = append(items, []bot.Span{bot.Text(strings.Repeat("a", 40))})
	}
	lines := strings.TrimSuffix(strings.Repeat(strings.Repeat("b", 50)+"\n", 100), "\n")
	m := bot.Message{Blocks: []bot.Block{{Kind: bot.List, Items: items}, {Kind: bot.Pre, Spans: []bot.Span{{Style: bot.Code, Text: lines}}}}}
	n := 0
	for _, p := range Split(m, 1000, testMeasure) {
		for _, b := range p.Blocks {
			switch b.Kind {
			case bot.List:
				for _, it := range b.Items {
					if len(it) != 1 || it[0].Text != strings.Repeat("a", 40) {
						t.Fatalf("item cut: %+v", it)
					}
					n++
				}
			case bot.Pre:
				for l := range strings.SplitSeq(b.Spans[0].Text, "\n") {
					if l != strings.Repeat("b", 50) {
						t.Fatalf("line cut: %q", l)
					}
				}
			}
		}
	}
	if n != 100 {
		t.Errorf("%d items arrived, want 100", n)
	}
}

func TestSplitLeavesAMessageThatFitsAlone(t *testing.T) {
	m := bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("hello"))}, Buttons: []bot.Button{{Label: "ok", Command: "x"}}, Replace: true}
	parts := Split(m, 100, testMeasure)
	if len(parts) != 1 || !parts[0].Replace || len(parts[0].Buttons) != 1 {
		t.Errorf("split a fitting message into %+v", parts)
	}
}

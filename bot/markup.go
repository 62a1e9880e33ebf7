package bot

import (
	"strings"
)

// Style is how a span of text is shown.
type Style int

// Span styles. Adapters render each in their platform's markup and escape
// Text (which may be member-written) so it can never become markup.
const (
	Plain   Style = iota // text as is
	Bold                 // emphasis
	Link                 // Text linking to URL
	Mention              // a member: Member, with Text as the display name
	Code                 // monospace
)

// Span is a run of text in one style.
type Span struct {
	Style  Style
	Text   string
	URL    string   // Link
	Member MemberID // Mention
}

// BlockKind is the kind of a block of a message.
type BlockKind int

// Block kinds.
const (
	Para    BlockKind = iota // a paragraph of spans; "\n" in a span breaks the line
	List                     // a bulleted list: Items
	Context                  // small print (hints, footers)
	Pre                      // preformatted text (JSON exports): Spans[0].Text
	Header                   // a title line
)

// Block is one block of a message.
type Block struct {
	Kind  BlockKind
	Spans []Span
	Items [][]Span // List
}

// Button is an action a reader can press. Pressing it runs Command as if the
// presser had typed it (so the same authorisation applies), or opens URL
// when it has one (a deep link such as https://t.me/BOT?start=join; then
// Command is empty). Commands are short (at most [MaxButtonCommand]
// bytes, Telegram's callback limit): the core replaces a longer one with
// a token before a message reaches an adapter.
type Button struct {
	Label   string
	Command string
	URL     string
	Style   ButtonStyle
}

// ButtonStyle hints at a button's look.
type ButtonStyle int

// Button styles.
const (
	ButtonDefault ButtonStyle = iota
	ButtonPrimary
	ButtonDanger
)

// MaxButtonCommand is the longest command a button may carry.
const MaxButtonCommand = 64

// Message is what the core says, in neutral markup. Adapters render it.
type Message struct {
	Blocks  []Block
	Buttons []Button
	// Replace asks the adapter, when the message answers a button press, to
	// replace the message that carried the button (e.g. with "Accepted").
	Replace bool
}

// IsZero reports whether the message says nothing.
func (m Message) IsZero() bool { return len(m.Blocks) == 0 && len(m.Buttons) == 0 }

// Add appends blocks and returns the message.
func (m Message) Add(b ...Block) Message {
	m.Blocks = append(m.Blocks, b...)
	return m
}

// PlainText renders the message as unformatted text: the fallback for
// notifications and the console. Mentions become "@Name", links "text (url)".
func (m Message) PlainText() string {
	var b strings.Builder
	for i, bl := range m.Blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		switch bl.Kind {
		case List:
			for j, it := range bl.Items {
				if j > 0 {
					b.WriteByte('\n')
				}
				b.WriteString("• ")
				b.WriteString(SpansText(it))
			}
		default:
			b.WriteString(SpansText(bl.Spans))
		}
	}
	return b.String()
}

// SpansText renders spans as unformatted text.
func SpansText(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		switch s.Style {
		case Mention:
			b.WriteString("@" + s.Text)
		case Link:
			if s.Text != "" && s.Text != s.URL {
				b.WriteString(s.Text + " (" + s.URL + ")")
			} else {
				b.WriteString(s.URL)
			}
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// Text is a plain span.
func Text(s string) Span { return Span{Style: Plain, Text: s} }

// Strong is a bold span.
func Strong(s string) Span { return Span{Style: Bold, Text: s} }

// ParaBlock is a paragraph block.
func ParaBlock(spans ...Span) Block { return Block{Kind: Para, Spans: spans} }

package textdiff

import (
	"strings"
	"unicode/utf8"
)

// Bounds of one Diff: whatever the input, a diff takes at most about
// workBudget steps of the Myers search and maxEdits² × 4 bytes of trace.
const (
	// maxEdits is the largest edit distance (tokens deleted plus inserted)
	// searched for in one comparison; beyond it the texts are compared by
	// lines, or phrases, and then each changed run of them by words.
	maxEdits = 1000
	// workBudget bounds the steps of all the Myers searches of one Diff;
	// when it is spent, what remains is shown as replaced whole.
	workBudget = 20_000_000
)

// Diff returns the word-level changes that turn a into b. Joining the Equal
// and Delete spans gives a; joining the Equal and Insert spans gives b.
// Adjacent spans never share an Op, and where text is replaced its Delete
// comes before its Insert. Short equal text between two changes (a space, a
// short word) is shown as part of one larger change, which reads better than
// a mosaic of tiny edits. Identical texts give one Equal span (none if
// both are empty).
func Diff(a, b string) []Span {
	if a == b {
		if a == "" {
			return nil
		}
		return []Span{{Equal, a}}
	}
	d := &differ{budget: workBudget}
	d.text(a, b, byLines)
	return d.spans()
}

// differ collects the pieces of one Diff.
type differ struct {
	budget int
	groups []group
}

// group is either equal text or a change: deleted and inserted text, either
// of which may be empty.
type group struct {
	equal    bool
	del, ins []string
	nd, ni   int // runes in del and ins (equal text counts in nd)
}

func (d *differ) add(op Op, s string) {
	if s == "" {
		return
	}
	n := utf8.RuneCountInString(s)
	last := len(d.groups) - 1
	if op == Equal {
		if last >= 0 && d.groups[last].equal {
			g := &d.groups[last]
			g.del, g.nd = append(g.del, s), g.nd+n
			return
		}
		d.groups = append(d.groups, group{equal: true, del: []string{s}, nd: n})
		return
	}
	if last < 0 || d.groups[last].equal {
		d.groups = append(d.groups, group{})
		last++
	}
	g := &d.groups[last]
	if op == Delete {
		g.del, g.nd = append(g.del, s), g.nd+n
	} else {
		g.ins, g.ni = append(g.ins, s), g.ni+n
	}
}

// Coarser units tried, in order, when two texts differ in too many words.
const (
	byWords   = iota // words only
	byPhrases        // then phrases (text up to a space), then words
	byLines          // then lines, then phrases, then words
)

// text adds the diff of a and b by words; when they differ in too many
// words, by the coarser units that level allows, and then by words within
// each changed run of those.
func (d *differ) text(a, b string, level int) {
	if a == b {
		d.add(Equal, a)
		return
	}
	// Whole lines shared at the start and end need no tokens: a line break
	// always ends a token, so cutting after one keeps the words as they are.
	pre := strings.LastIndexByte(commonPrefix(a, b), '\n') + 1
	suf := commonSuffix(a[pre:], b[pre:])
	if i := strings.IndexByte(suf, '\n'); i >= 0 {
		suf = suf[i+1:]
	} else {
		suf = ""
	}
	d.add(Equal, a[:pre])
	d.words(a[pre:len(a)-len(suf)], b[pre:len(b)-len(suf)], level)
	d.add(Equal, suf)
}

// words adds the diff of a and b by words (see text).
func (d *differ) words(a, b string, level int) {
	th := thai()
	ta, tb := appendWords(nil, a, th), appendWords(nil, b, th)
	pre, suf := commonEnds(ta, tb)
	d.addAll(Equal, ta[:pre])
	ma, mb := ta[pre:len(ta)-suf], tb[pre:len(tb)-suf]
	limit := d.budget
	if level > byWords {
		limit /= 2 // keep half for the coarser units if words fail
	}
	if edits, ok := d.myers(ma, mb, limit); ok {
		d.addEdits(edits, ma, mb)
	} else {
		d.units(strings.Join(ma, ""), strings.Join(mb, ""), level)
	}
	d.addAll(Equal, ta[len(ta)-suf:])
}

// units adds the diff of a and b by lines (level byLines) or phrases
// (byPhrases), and of each changed run of them by finer units, as long as
// the budget lasts; at level byWords, a and b are shown replaced whole.
func (d *differ) units(a, b string, level int) {
	split := phrases
	switch level {
	case byWords:
		d.add(Delete, a)
		d.add(Insert, b)
		return
	case byLines:
		split = lines
	}
	ua, ub := split(a), split(b)
	limit := d.budget
	if level > byPhrases {
		limit /= 2
	}
	edits, ok := d.myers(ua, ub, limit)
	if !ok {
		d.units(a, b, level-1)
		return
	}
	i, j := 0, 0
	var da, db strings.Builder
	flush := func() {
		if da.Len() > 0 || db.Len() > 0 {
			d.text(da.String(), db.String(), level-1)
			da.Reset()
			db.Reset()
		}
	}
	for _, op := range edits {
		switch op {
		case Equal:
			flush()
			d.add(Equal, ua[i])
			i, j = i+1, j+1
		case Delete:
			da.WriteString(ua[i])
			i++
		case Insert:
			db.WriteString(ub[j])
			j++
		}
	}
	flush()
}

// lines splits s after each "\n".
func lines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n') + 1
		if i == 0 {
			i = len(s)
		}
		out, s = append(out, s[:i]), s[i:]
	}
	return out
}

// phrases splits s after each run of spaces, tabs and line breaks (Thai
// puts a space between phrases and sentences, not between words).
func phrases(s string) []string {
	var out []string
	start, inSpace := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		space := c == ' ' || c == '\t' || c == '\n' || c == '\r'
		if inSpace && !space {
			out, start = append(out, s[start:i]), i
		}
		inSpace = space
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func (d *differ) addAll(op Op, ts []string) {
	for _, t := range ts {
		d.add(op, t)
	}
}

func (d *differ) addEdits(edits []Op, a, b []string) {
	i, j := 0, 0
	for _, op := range edits {
		switch op {
		case Equal:
			d.add(Equal, a[i])
			i, j = i+1, j+1
		case Delete:
			d.add(Delete, a[i])
			i++
		case Insert:
			d.add(Insert, b[j])
			j++
		}
	}
}

// commonEnds returns the number of tokens a and b share at their start and,
// not overlapping it, at their end.
func commonEnds(a, b []string) (pre, suf int) {
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	return pre, suf
}

// myers returns the shortest edit script from a to b (one Op per token of
// a or b) by Myers' O(ND) greedy algorithm, or false when the distance
// exceeds maxEdits or the search would take more than limit steps (which
// are taken from the differ's budget). Tokens are compared as small
// integers.
func (d *differ) myers(as, bs []string, limit int) ([]Op, bool) {
	n, m := len(as), len(bs)
	if n == 0 || m == 0 {
		ops := make([]Op, 0, n+m)
		for range as {
			ops = append(ops, Delete)
		}
		for range bs {
			ops = append(ops, Insert)
		}
		return ops, true
	}
	if limit <= 0 {
		return nil, false
	}
	work := 0
	defer func() { d.budget -= work }()
	ids := make(map[string]int32, n+m)
	a, b := make([]int32, n), make([]int32, m)
	for i, t := range as {
		a[i] = intern(ids, t)
	}
	for i, t := range bs {
		b[i] = intern(ids, t)
	}
	dmax := min(n+m, maxEdits)
	off := dmax + 1
	v := make([]int32, 2*dmax+3)
	// trace[d] is v[off-d : off+d+1] as it was before step d.
	var trace [][]int32
	for dd := 0; dd <= dmax; dd++ {
		trace = append(trace, append([]int32(nil), v[off-dd:off+dd+1]...))
		for k := -dd; k <= dd; k += 2 {
			var x int
			if k == -dd || k != dd && v[off+k-1] < v[off+k+1] {
				x = int(v[off+k+1]) // down: an insertion
			} else {
				x = int(v[off+k-1]) + 1 // right: a deletion
			}
			y := x - k
			x0 := x
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			work += 1 + x - x0
			v[off+k] = int32(x)
			if x >= n && y >= m {
				return backtrack(trace, n, m, dd), true
			}
			if work > limit {
				return nil, false
			}
		}
	}
	return nil, false
}

func intern(ids map[string]int32, t string) int32 {
	id, ok := ids[t]
	if !ok {
		id = int32(len(ids))
		ids[t] = id
	}
	return id
}

// backtrack turns the trace of a search that reached (n, m) at step dist
// into the edit script.
func backtrack(trace [][]int32, n, m, dist int) []Op {
	ops := make([]Op, 0, n+m)
	x, y := n, m
	for dd := dist; dd > 0; dd-- {
		v := trace[dd] // index k+dd
		k := x - y
		var pk int
		if k == -dd || k != dd && v[k-1+dd] < v[k+1+dd] {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := int(v[pk+dd])
		py := px - pk
		for x > px && y > py {
			ops = append(ops, Equal)
			x, y = x-1, y-1
		}
		if x == px {
			ops = append(ops, Insert)
			y--
		} else {
			ops = append(ops, Delete)
			x--
		}
	}
	for x > 0 {
		ops = append(ops, Equal)
		x--
	}
	for i, j := 0, len(ops)-1; i < j; i, j = i+1, j-1 {
		ops[i], ops[j] = ops[j], ops[i]
	}
	return ops
}

// spans tidies the groups (see absorb and refine) and returns them as spans.
func (d *differ) spans() []Span {
	gs := absorb(d.groups)
	var out []Span
	for _, g := range gs {
		if g.equal {
			out = appendSpan(out, Equal, strings.Join(g.del, ""))
			continue
		}
		del, ins := strings.Join(g.del, ""), strings.Join(g.ins, "")
		pre, mdel, mins, suf := refine(del, ins)
		out = appendSpan(out, Equal, pre)
		out = appendSpan(out, Delete, mdel)
		out = appendSpan(out, Insert, mins)
		out = appendSpan(out, Equal, suf)
	}
	return out
}

func appendSpan(out []Span, op Op, s string) []Span {
	if s == "" {
		return out
	}
	if n := len(out); n > 0 && out[n-1].Op == op {
		out[n-1].Text += s
		return out
	}
	return append(out, Span{op, s})
}

// maxAbsorb is the longest equal text, in runes, shown inside a change.
const maxAbsorb = 3

// absorb joins two changes and the equal text between them into one change
// when that text has no letters or digits (a space, a comma), or is a short
// word (at most maxAbsorb runes) no longer than the larger side of each
// change: "a b" → "x y" reads as one replacement, not as
// two with a space kept between them. A deletion and a later insertion
// are not joined: "p x q" → "p q z" shows x deleted and " z" inserted.
func absorb(gs []group) []group {
	out := make([]group, 0, len(gs))
	for _, g := range gs {
		out = append(out, g)
		for len(out) >= 3 {
			l, e, r := &out[len(out)-3], &out[len(out)-2], &out[len(out)-1]
			if l.equal || !e.equal || r.equal {
				break
			}
			if (l.nd == 0 || r.nd == 0) && (l.ni == 0 || r.ni == 0) {
				break // a deletion then an insertion: nothing to join
			}
			if !noWords(e.del) && (e.nd > maxAbsorb || e.nd > max(l.nd, l.ni) || e.nd > max(r.nd, r.ni)) {
				break
			}
			l.del = append(append(l.del, e.del...), r.del...)
			l.ins = append(append(l.ins, e.del...), r.ins...)
			l.nd += e.nd + r.nd
			l.ni += e.nd + r.ni
			out = out[:len(out)-2]
		}
	}
	return out
}

func noWords(ss []string) bool {
	for _, s := range ss {
		for _, r := range s {
			if isThai(r) || isAlnum(r) {
				return false
			}
		}
	}
	return true
}

// refine moves text that a replacement's two sides start or end with out of
// the change, when it is made of whole dictionary words of at least two Thai
// clusters (or of whole non-Thai words): the dictionary joins compounds such
// as จัดกิจกรรม, and a change of จัดกิจกรรม to จัดงาน should show only
// กิจกรรม → งาน.
func refine(del, ins string) (pre, mdel, mins, suf string) {
	if del == "" || ins == "" {
		return "", del, ins, ""
	}
	th := thai()
	p := th.keepPrefix(commonPrefix(del, ins), del, ins)
	del, ins = del[len(p):], ins[len(p):]
	s := th.keepSuffix(commonSuffix(del, ins), del, ins)
	return p, del[:len(del)-len(s)], ins[:len(ins)-len(s)], s
}

func commonPrefix(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	for i > 0 && (i < len(a) && !utf8.RuneStart(a[i]) || i < len(b) && !utf8.RuneStart(b[i])) {
		i--
	}
	return a[:i]
}

func commonSuffix(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	for i > 0 && !utf8.RuneStart(a[len(a)-i]) {
		i--
	}
	return a[len(a)-i:]
}

// keepPrefix returns the longest part of p, a prefix of both a and b, that
// is made of whole known words and after which both a and b go on with a
// new known word (or end): a cut there splits neither a cluster nor a
// word. It returns "" when there is none.
func (d *dict) keepPrefix(p, a, b string) string {
	toks := appendWords(nil, p, d)
	end, cuts := 0, make([]int, 0, len(toks))
	for _, t := range toks {
		if !d.known(t) {
			break
		}
		end += len(t)
		cuts = append(cuts, end)
	}
	for i := len(cuts) - 1; i >= 0; i-- {
		c := cuts[i]
		if cutOK(a[:c], a[c:]) && cutOK(b[:c], b[c:]) && d.startsKnown(a[c:]) && d.startsKnown(b[c:]) {
			return p[:c]
		}
	}
	return ""
}

// keepSuffix is keepPrefix for a shared suffix s of a and b.
func (d *dict) keepSuffix(s, a, b string) string {
	toks := appendWords(nil, s, d)
	start, cuts := len(s), make([]int, 0, len(toks))
	for i := len(toks) - 1; i >= 0; i-- {
		if !d.known(toks[i]) {
			break
		}
		start -= len(toks[i])
		cuts = append(cuts, start)
	}
	for i := len(cuts) - 1; i >= 0; i-- {
		ca, cb := len(a)-len(s)+cuts[i], len(b)-len(s)+cuts[i]
		if cutOK(a[:ca], a[ca:]) && cutOK(b[:cb], b[cb:]) && d.endsKnown(a[:ca]) && d.endsKnown(b[:cb]) {
			return s[cuts[i]:]
		}
	}
	return ""
}

// known reports whether a token is not Thai or is a dictionary word.
func (d *dict) known(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	if !isThai(r) {
		return true
	}
	lo, hi := d.firstRange(t)
	lo, hi = d.narrow(lo, hi, t)
	return d.has(lo, hi, t)
}

// maxLook bounds the bytes of text looked at beside a cut.
const maxLook = 64 * 3

// startsKnown reports whether s is empty or its first word is known.
func (d *dict) startsKnown(s string) bool {
	if len(s) > maxLook {
		s = s[:maxLook]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	toks := appendWords(nil, s, d)
	return len(toks) == 0 || d.known(toks[0])
}

// endsKnown reports whether s is empty or its last word is known.
func (d *dict) endsKnown(s string) bool {
	if len(s) > maxLook {
		s = s[len(s)-maxLook:]
		for !utf8.ValidString(s) {
			s = s[1:]
		}
	}
	toks := appendWords(nil, s, d)
	return len(toks) == 0 || d.known(toks[len(toks)-1])
}

// cutOK reports whether text may be split between left and right: not
// inside a Thai cluster, a run of letters and digits, a run of spaces or a
// "\r\n".
func cutOK(left, right string) bool {
	if left == "" || right == "" {
		return true
	}
	l, _ := utf8.DecodeLastRuneInString(left)
	r, _ := utf8.DecodeRuneInString(right)
	switch {
	case isThai(l) && isThai(r):
		return !isLeading(l) && !joinsPrev(r)
	case isAlnum(l) && isAlnum(r), (l == ',' || l == '.') && isDigit(r), isDigit(l) && (r == ',' || r == '.'):
		return false
	case (l == ' ' || l == '\t') && (r == ' ' || r == '\t'), l == '\r' && r == '\n':
		return false
	}
	return true
}

package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"newsroom/db"
)

// The search benchmark database: 100,000 items (mostly notices and news,
// Thai and English) with headlines and bodies of 500–800 runes made from
// word lists. See bench/search/README.md.

const benchItems = 100_000

// Thai words, most common first: the generator draws them with a Zipf-like
// skew, so the first few are in almost every item and the last ones rare.
var benchThai = strings.Fields(`การ มหาวิทยาลัย นักศึกษา ของ และ ใน ที่ ได้ ให้ เป็น
	มี จัด โครงการ กิจกรรม คณะ ประจำปี อาจารย์ บุคลากร ความรู้ ประชาสัมพันธ์
	วิทยาลัย นครพนม การศึกษา ประกาศ พัฒนา ชุมชน ร่วมกับ เพื่อ ด้วย จังหวัด
	ผู้บริหาร อธิการบดี ศูนย์ สำนักงาน งาน วิชาการ วิจัย บริการ สังคม ท้องถิ่น
	ทุนการศึกษา รับสมัคร คัดเลือก สอบ ผล ประกวด ราคา จัดซื้อ จัดจ้าง พัสดุ
	ครุภัณฑ์ วัสดุ อบรม สัมมนา เชิงปฏิบัติการ หลักสูตร ปริญญา บัณฑิต พิธี
	ลงนาม บันทึก ความร่วมมือ เครือข่าย นานาชาติ ภาษา อังกฤษ จีน เวียดนาม ลาว
	สุขภาพ กีฬา ดนตรี ศิลปะ วัฒนธรรม ประเพณี ไหลเรือไฟ แม่น้ำโขง พระธาตุพนม
	เกษตร ประมง ปศุสัตว์ อาหาร นวัตกรรม เทคโนโลยี ดิจิทัล ปัญญาประดิษฐ์ ข้อมูล
	ระบบ สารสนเทศ เครือข่ายไร้สาย ห้องสมุด หนังสือ ตำรา บทความ วารสาร ประชุม
	วิชาการระดับชาติ รางวัล ชนะเลิศ เหรียญทอง ผลงาน สร้างสรรค์ จิตอาสา ปลูกต้นไม้
	บริจาคโลหิต สิ่งแวดล้อม พลังงาน แสงอาทิตย์ อาคาร ก่อสร้าง ปรับปรุง ซ่อมแซม
	ถนน ไฟฟ้า ประปา ยานพาหนะ รถตู้ น้ำมัน เชื้อเพลิง ประกัน สัญญา งบประมาณ
	ปีงบประมาณ ไตรมาส แผน ยุทธศาสตร์ ตัวชี้วัด ประเมิน คุณภาพ มาตรฐาน รับรอง
	ตำแหน่ง พนักงาน ลูกจ้าง ข้าราชการ สัญญาจ้าง อัตรา เงินเดือน สวัสดิการ
	ผู้สมัคร คุณสมบัติ เอกสาร หลักฐาน กำหนดการ สถานที่ ห้องประชุม หอประชุม
	ออนไลน์ ถ่ายทอดสด ปลาบึก ผ้าทอ ครามสกลนคร ภูลังกา`)

var benchEnglish = strings.Fields(`the of and university students to in for a on
	faculty programme project annual staff knowledge community development
	Nakhon Phanom announcement research service academic learning local
	scholarship applications selection examination results competition price
	procurement purchase supplies equipment training seminar workshop curriculum
	degree graduation ceremony signing memorandum cooperation network international
	language English Chinese Vietnamese Lao health sports music arts culture
	tradition Mekong festival agriculture fisheries food innovation technology
	digital artificial intelligence data system information library books journal
	conference award winner gold medal creative volunteer tree planting blood
	donation environment energy solar building construction renovation repair
	road electricity water vehicle van fuel insurance contract budget fiscal
	quarter plan strategy indicator assessment quality standard accreditation
	position employee salary welfare applicant qualification documents schedule
	venue auditorium online livestream hackathon robotics`)

// benchRand draws word i with probability about proportional to 1/(i+4).
type benchRand struct {
	r   *rand.Rand
	cum []float64
}

func newBenchRand(seed uint64, n int) *benchRand {
	br := &benchRand{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	sum := 0.0
	for i := range n {
		sum += 1 / float64(i+4)
		br.cum = append(br.cum, sum)
	}
	for i := range br.cum {
		br.cum[i] /= sum
	}
	return br
}

func (br *benchRand) pick(words []string) string {
	i, _ := slices.BinarySearch(br.cum, br.r.Float64())
	return words[min(i, len(words)-1)]
}

// text makes about runes code points of Thai (words run together, a space
// between phrases, as Thai is written) or English.
func (br *benchRand) text(thai bool, runes int) string {
	var b strings.Builder
	n := 0
	for n < runes {
		var w string
		if thai {
			w = br.pick(benchThai)
			if br.r.IntN(6) == 0 {
				w += " "
			}
			if br.r.IntN(40) == 0 {
				w += fmt.Sprintf("%d ", 2560+br.r.IntN(10))
			}
		} else {
			w = br.pick(benchEnglish)
			if br.r.IntN(8) == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			w += " "
		}
		b.WriteString(w)
		n += len([]rune(w))
	}
	return strings.TrimSpace(b.String())
}

// benchSearch is the search over the benchmark database.
type benchSearch struct{ *fixture }

// Search is what content.Store.Search does.
func (s benchSearch) Search(ctx context.Context, q, lang string, now time.Time, limit, offset int) ([]Hit, int, error) {
	return Find(ctx, s.engine, s.db.R, testSources, q, lang, now, limit, offset)
}

// benchStore returns a database holding benchItems generated items, made
// once per run under t's temporary directory, or reused from
// $NEWSROOM_BENCH_DIR when set (it is made there the first time).
func benchStore(tb testing.TB) benchSearch {
	tb.Helper()
	f := newFixture(tb)
	path := f.db.Path()
	if dir := os.Getenv("NEWSROOM_BENCH_DIR"); dir != "" && !f.db.IsPostgres() {
		path = filepath.Join(dir, "search100k.db")
		if _, err := os.Stat(path); err == nil {
			return openBenchStore(tb, path)
		}
	}
	start := time.Now()
	if err := generateBench(tb, f, benchItems); err != nil {
		tb.Fatal(err)
	}
	gen := time.Since(start)
	before := dbSize(tb, f)
	start = time.Now()
	n, err := f.engine.Rebuild(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	after := dbSize(tb, f)
	tb.Logf("generated %d items in %v; indexed %d in %v; database %.1f MB -> %.1f MB (index +%.1f MB)",
		benchItems, gen.Round(time.Millisecond), n, time.Since(start).Round(time.Millisecond),
		mb(before), mb(after), mb(after-before))
	if path != f.db.Path() && !f.db.IsPostgres() {
		if _, err := f.db.W.Exec(`VACUUM INTO ?`, path); err != nil {
			tb.Fatal(err)
		}
		return openBenchStore(tb, path)
	}
	return benchSearch{f}
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

// dbSize is the database's size in bytes after a checkpoint.
func dbSize(tb testing.TB, f *fixture) int64 {
	tb.Helper()
	var size int64
	if f.db.IsPostgres() {
		if err := f.db.W.QueryRow(`SELECT pg_database_size(current_database())`).Scan(&size); err != nil {
			tb.Fatal(err)
		}
		return size
	}
	if _, err := f.db.W.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		tb.Fatal(err)
	}
	if err := f.db.W.QueryRow(`SELECT (page_count - freelist_count) * page_size FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()`).Scan(&size); err != nil {
		tb.Fatal(err)
	}
	return size
}

func openBenchStore(tb testing.TB, path string) benchSearch {
	tb.Helper()
	d, err := db.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	return benchSearch{&fixture{db: d, engine: NewFTS(d, testSources)}}
}

// generateBench inserts n items straight with SQL in one transaction: 55%
// notices, 40% news, 5% videos; 85% Thai; 95% published, a few drafts,
// trashed and scheduled ones; starts spread over eight years.
func generateBench(tb testing.TB, f *fixture, n int) error {
	ctx := context.Background()
	tx, err := f.db.W.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	const common = `lang, sort, start_at, end_at, status, unit_id, author_name, created_at, updated_at`
	news, err := tx.PrepareContext(ctx, `INSERT INTO news (news_type, headline, body, body_text, `+common+`) VALUES (?, ?, '', ?, ?, 1, ?, ?, ?, ?, 'bench', ?, ?)`)
	if err != nil {
		return err
	}
	notices, err := tx.PrepareContext(ctx, `INSERT INTO notices (category, headline, summary, link_url, `+common+`) VALUES (?, ?, ?, 'https://www.npu.ac.th/', ?, 1, ?, ?, ?, ?, 'bench', ?, ?)`)
	if err != nil {
		return err
	}
	videos, err := tx.PrepareContext(ctx, `INSERT INTO videos (programme, title, youtube_id, description, `+common+`) VALUES (?, ?, 'dQw4w9WgXcQ', ?, ?, 1, ?, ?, ?, ?, 'bench', ?, ?)`)
	if err != nil {
		return err
	}
	thai := newBenchRand(1, len(benchThai))
	eng := newBenchRand(2, len(benchEnglish))
	now := time.Now()
	span := int64(8 * 365 * 24 * time.Hour / time.Millisecond)
	cats := []string{"announcement", "jobs", "procurement", "external", "scholarship", "training"}
	types := []string{"activity", "achievement", "policy", "research", "campaign", "mou"}
	progs := []string{"npu-news", "3-minutes", "npu-talks"}
	for i := range n {
		r := thai
		lang := "th"
		if thai.r.IntN(100) < 15 {
			r, lang = eng, "en"
		}
		status := "published"
		switch v := thai.r.IntN(100); {
		case v < 3:
			status = "draft"
		case v < 5:
			status = "trashed"
		}
		start := now.UnixMilli() - thai.r.Int64N(span)
		if thai.r.IntN(50) == 0 { // scheduled
			start = now.UnixMilli() + thai.r.Int64N(span/100)
		}
		end := start + int64(30*24*time.Hour/time.Millisecond)
		head := r.text(lang == "th", 40+r.r.IntN(60))
		body := r.text(lang == "th", 500+r.r.IntN(300))
		meta := []any{lang, start, end, status, f.unit, start, start}
		switch v := i % 20; {
		case v < 11:
			_, err = notices.ExecContext(ctx, append([]any{cats[i%len(cats)], head, body}, meta...)...)
		case v < 19:
			_, err = news.ExecContext(ctx, append([]any{types[i%len(types)], head, body}, meta...)...)
		default:
			_, err = videos.ExecContext(ctx, append([]any{progs[i%len(progs)], head, body}, meta...)...)
		}
		if err != nil {
			return err
		}
	}
	return tx.Commit()
}

// benchQueries are the benchmark's query kinds.
var benchQueries = []struct{ name, q string }{
	{"thai_common", "มหาวิทยาลัย"},         // in nearly every Thai item
	{"thai_mid", "ทุนการศึกษา"},            // in some
	{"thai_rare", "ครามสกลนคร"},            // in few
	{"thai_zero", "ไดโนเสาร์"},             // in none
	{"thai_two_words", "ปลาบึก แม่น้ำโขง"}, // rare AND common
	{"english", "Scholarship"},             // English items only
	{"english_rare", "hackathon"},
	{"english_zero", "dinosaur"},
	{"short", "ผล"}, // two letters: title fallback
	{"thai_page5", "ประกาศ"},
}

// BenchmarkSearch measures one page (20 hits and the total) of each query
// kind at 100,000 items: go test ./search/ -run '^$' -bench BenchmarkSearch -benchtime 50x
func BenchmarkSearch(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	now := time.Now()
	for _, bq := range benchQueries {
		lang := "th"
		if strings.HasPrefix(bq.name, "english") {
			lang = "en"
		}
		b.Run(bq.name, func(b *testing.B) {
			total := 0
			for b.Loop() {
				var err error
				offset := 0
				if strings.HasSuffix(bq.name, "page5") {
					offset = 80
				}
				if _, total, err = s.Search(ctx, bq.q, lang, now, 20, offset); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(total), "hits")
		})
	}
}

// latencyQuery is one query of the latency run.
type latencyQuery struct {
	kind, q string
	lang    string
	offset  int
}

// latencyQueries is a fixed mix of n visitor queries: Thai words drawn
// evenly from the word list (so the commonest words are in it too), pairs
// of words, pieces cut from the middle of Thai text, English words, words
// that are nowhere, one- and two-letter queries, and later pages.
func latencyQueries(n int) []latencyQuery {
	r := rand.New(rand.NewPCG(7, 11))
	gen := newBenchRand(3, len(benchThai))
	absent := []string{"ไดโนเสาร์", "ยานอวกาศ", "ภูเขาไฟ", "dinosaur", "volcano", "spaceship"}
	var out []latencyQuery
	for i := range n {
		th := func() string { return benchThai[r.IntN(len(benchThai))] }
		var lq latencyQuery
		switch v := i % 20; {
		case v < 8:
			lq = latencyQuery{"thai word", th(), "th", 0}
		case v < 11:
			lq = latencyQuery{"thai two words", th() + " " + th(), "th", 0}
		case v < 13:
			s := []rune(strings.ReplaceAll(gen.text(true, 60), " ", ""))
			at, l := r.IntN(len(s)-8), 3+r.IntN(5)
			lq = latencyQuery{"thai piece", string(s[at : at+l]), "th", 0}
		case v < 16:
			lq = latencyQuery{"english word", benchEnglish[r.IntN(len(benchEnglish))], "en", 0}
		case v < 18:
			a := absent[r.IntN(len(absent))]
			lang := "th"
			if a[0] < 0x80 {
				lang = "en"
			}
			lq = latencyQuery{"absent", a, lang, 0}
		case v < 19:
			lq = latencyQuery{"short", string([]rune(th())[:1+r.IntN(2)]), "th", 0}
		default:
			lq = latencyQuery{"later page", th(), "th", 20 * (1 + r.IntN(5))}
		}
		out = append(out, lq)
	}
	return out
}

// TestSearchLatency100k runs latencyQueries(200) against the benchmark
// database and prints p50 and p95 (target: p95 ≤ 50 ms). Opt in:
// NEWSROOM_BENCH=1 go test ./search/ -run TestSearchLatency100k -v -timeout 30m
func TestSearchLatency100k(t *testing.T) {
	if os.Getenv("NEWSROOM_BENCH") != "1" {
		t.Skip("set NEWSROOM_BENCH=1 to run")
	}
	s := benchStore(t)
	ctx := context.Background()
	now := time.Now()
	qs := latencyQueries(200)
	for _, q := range qs[:20] { // warm the page cache, as a running server has it
		if _, _, err := s.Search(ctx, q.q, q.lang, now, 20, q.offset); err != nil {
			t.Fatal(err)
		}
	}
	all := make([]time.Duration, 0, len(qs))
	byKind := map[string][]time.Duration{}
	hits := map[string]int{}
	for _, q := range qs {
		start := time.Now()
		_, total, err := s.Search(ctx, q.q, q.lang, now, 20, q.offset)
		if err != nil {
			t.Fatal(err)
		}
		d := time.Since(start)
		all = append(all, d)
		byKind[q.kind] = append(byKind[q.kind], d)
		hits[q.kind] += total
	}
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		d := byKind[k]
		t.Logf("%-15s n=%3d  p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms  mean hits %d", k, len(d),
			msOf(percentile(d, 50)), msOf(percentile(d, 95)), msOf(percentile(d, 100)), hits[k]/len(d))
	}
	p95 := percentile(all, 95)
	t.Logf("all %d queries: p50 %.1f ms, p95 %.1f ms, max %.1f ms", len(all), msOf(percentile(all, 50)), msOf(p95), msOf(percentile(all, 100)))
	if p95 > 50*time.Millisecond {
		t.Errorf("p95 %v is over the 50 ms target", p95)
	}
}

func percentile(d []time.Duration, p int) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[min(max(i-1, 0), len(s)-1)]
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

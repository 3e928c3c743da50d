package content

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

// benchStore returns a store holding benchItems generated items, made once
// per run under t's temporary directory, or reused from $NEWSROOM_BENCH_DIR
// when set (it is made there the first time).
func benchStore(tb testing.TB) *Store {
	tb.Helper()
	f := newFixture(tb)
	path := f.db.Path()
	if dir := os.Getenv("NEWSROOM_BENCH_DIR"); dir != "" {
		path = filepath.Join(dir, "search100k.db")
		if _, err := os.Stat(path); err == nil {
			return openBenchStore(tb, f, path)
		}
	}
	start := time.Now()
	if err := generateBench(tb, f, benchItems); err != nil {
		tb.Fatal(err)
	}
	gen := time.Since(start)
	before := dbSize(tb, f)
	start = time.Now()
	n, err := f.store.RebuildSearchIndex(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	after := dbSize(tb, f)
	tb.Logf("generated %d items in %v; indexed %d in %v; database %.1f MB -> %.1f MB (index +%.1f MB)",
		benchItems, gen.Round(time.Millisecond), n, time.Since(start).Round(time.Millisecond),
		mb(before), mb(after), mb(after-before))
	if path != f.db.Path() {
		if _, err := f.db.W.Exec(`VACUUM INTO ?`, path); err != nil {
			tb.Fatal(err)
		}
		return openBenchStore(tb, f, path)
	}
	return f.store
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

// dbSize is the database's size in bytes after a checkpoint.
func dbSize(tb testing.TB, f *fixture) int64 {
	tb.Helper()
	var size int64
	if _, err := f.db.W.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		tb.Fatal(err)
	}
	if err := f.db.W.QueryRow(`SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()`).Scan(&size); err != nil {
		tb.Fatal(err)
	}
	return size
}

func openBenchStore(tb testing.TB, f *fixture, path string) *Store {
	tb.Helper()
	d, err := db.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	return NewStore(d, f.files, nil, f.dir, f.store.log)
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
		start := ms(now) - thai.r.Int64N(span)
		if thai.r.IntN(50) == 0 { // scheduled
			start = ms(now) + thai.r.Int64N(span/100)
		}
		end := start + int64(30*24*time.Hour/time.Millisecond)
		head := r.text(lang == "th", 40+r.r.IntN(60))
		body := r.text(lang == "th", 500+r.r.IntN(300))
		meta := []any{lang, start, end, status, f.unitA, start, start}
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
}

// BenchmarkSearch measures one page (20 hits and the total) of each query
// kind at 100,000 items: go test ./content/ -run '^$' -bench BenchmarkSearch -benchtime 50x
func BenchmarkSearch(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	now := time.Now()
	for _, bq := range benchQueries {
		lang := Thai
		if strings.HasPrefix(bq.name, "english") {
			lang = English
		}
		b.Run(bq.name, func(b *testing.B) {
			total := 0
			for b.Loop() {
				var err error
				if _, total, err = s.Search(ctx, bq.q, lang, now, 20, 0); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(total), "hits")
		})
	}
}

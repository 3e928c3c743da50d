package public_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"newsroom"
	"newsroom/content"
)

// procNow is inside fiscal year 2570, after October and November 2026.
var procNow = time.Date(2026, time.December, 4, 10, 0, 0, 0, newsroom.Bangkok)

func (ta *testApp) procRecord(t testing.TB, unit string, publish bool, p content.Procurement) int64 {
	t.Helper()
	in := content.ProcurementInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1, Start: procNow.Add(-90 * 24 * time.Hour),
		End: content.DefaultEnd(procNow, 3650), UnitID: ta.unitID(t, unit), Publish: publish}, Procurement: p}
	id, err := ta.content.SaveProcurement(context.Background(), 0, in, ta.accAuthor(t), procNow.Add(-80*24*time.Hour))
	if err != nil {
		t.Fatalf("procurement %q: %v", p.Title, err)
	}
	return id
}

func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, newsroom.Bangkok)
}

// threeRecords makes the three published records of October 2026 (two of
// the procurement section, one of the Faculty of Science), and two that
// must not show: a draft of October and a record of November.
func threeRecords(t testing.TB, ta *testApp) {
	ta.procRecord(t, "procurement", true, content.Procurement{Title: "จัดซื้อวัสดุสำนักงาน", EGPNo: "69107000001", Method: "specific", ProcKind: "buy",
		Budget: 5000000, RefPrice: 4850000, Bidders: []content.Bidder{{Name: "ร้านเอ บุ๊ค", Price: 4800000}},
		Winner: "ร้านเอ บุ๊ค", AgreedPrice: 4800000, Reason: "เสนอราคาต่ำสุดและถูกต้องตามเงื่อนไข", ContractNo: "ข.12/2570",
		ContractDate: day(2026, time.October, 5), State: "contracted"})
	ta.procRecord(t, "procurement", true, content.Procurement{Title: "จ้างซ่อมหลังคาอาคาร 2", EGPNo: "69107000002", Method: "selection", ProcKind: "hire",
		Budget: 45000000, RefPrice: 44000000,
		Bidders: []content.Bidder{{Name: "หจก. ช่างดี", Price: 43000000}, {Name: "บริษัท ซ่อมไว จำกัด", TaxID: "0105560000001", Price: 43550050}},
		Winner:  "หจก. ช่างดี", AgreedPrice: 43000000, Reason: "ราคาต่ำสุด", ContractNo: "สัญญา 3/2570",
		ContractDate: day(2026, time.October, 12), State: "contracted"})
	ta.procRecord(t, "science", true, content.Procurement{Title: "=จัดซื้อกล้องจุลทรรศน์ 10 ชุด", EGPNo: "69107000003", Method: "e-bidding", ProcKind: "buy",
		Budget: 150000000, RefPrice: 148000000,
		Bidders: []content.Bidder{{Name: "บริษัท ไซแอนซ์ จำกัด", Price: 139000000}, {Name: "บริษัท แล็บ จำกัด", Price: 141000000}},
		Winner:  "บริษัท ไซแอนซ์ จำกัด", AgreedPrice: 139000000, Reason: "ผ่านคุณสมบัติและเสนอราคาต่ำสุด", ContractNo: "วท.1/2570",
		ContractDate: day(2026, time.October, 20), State: "contracted"})
	ta.procRecord(t, "procurement", false, content.Procurement{Title: "DRAFT-OCTOBER", Method: "specific", ProcKind: "buy",
		ContractDate: day(2026, time.October, 7), State: "contracted"})
	ta.procRecord(t, "procurement", true, content.Procurement{Title: "NOVEMBER-RECORD", Method: "specific", ProcKind: "buy",
		ContractDate: day(2026, time.November, 3), State: "contracted"})
}

// sor1Expected is the สขร.1 of October 2569, written out by hand: per
// unit, its name then its rows.
var sor1Expected = [][]string{
	{"แบบสรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน ตุลาคม 2569"},
	{"งานพัสดุ กองกลาง"},
	{"ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จะซื้อหรือจ้าง (บาท)", "ราคากลาง (บาท)", "วิธีซื้อหรือจ้าง", "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
		"ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง", "เหตุผลที่คัดเลือกโดยสรุป", "เลขที่และวันที่ของสัญญาหรือข้อตกลง", "เลขที่โครงการ e-GP"},
	{"1", "จัดซื้อวัสดุสำนักงาน", "50,000.00", "48,500.00", "เฉพาะเจาะจง", "ร้านเอ บุ๊ค 48,000.00 บาท", "ร้านเอ บุ๊ค ราคา 48,000.00 บาท",
		"เสนอราคาต่ำสุดและถูกต้องตามเงื่อนไข", "ข.12/2570 ลงวันที่ 5 ตุลาคม 2569", "69107000001"},
	{"2", "จ้างซ่อมหลังคาอาคาร 2", "450,000.00", "440,000.00", "คัดเลือก", "หจก. ช่างดี 430,000.00 บาท\nบริษัท ซ่อมไว จำกัด 435,500.50 บาท",
		"หจก. ช่างดี ราคา 430,000.00 บาท", "ราคาต่ำสุด", "สัญญา 3/2570 ลงวันที่ 12 ตุลาคม 2569", "69107000002"},
	{"คณะวิทยาศาสตร์"},
	{"ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จะซื้อหรือจ้าง (บาท)", "ราคากลาง (บาท)", "วิธีซื้อหรือจ้าง", "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
		"ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง", "เหตุผลที่คัดเลือกโดยสรุป", "เลขที่และวันที่ของสัญญาหรือข้อตกลง", "เลขที่โครงการ e-GP"},
	{"1", "=จัดซื้อกล้องจุลทรรศน์ 10 ชุด", "1,500,000.00", "1,480,000.00", "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
		"บริษัท ไซแอนซ์ จำกัด 1,390,000.00 บาท\nบริษัท แล็บ จำกัด 1,410,000.00 บาท", "บริษัท ไซแอนซ์ จำกัด ราคา 1,390,000.00 บาท",
		"ผ่านคุณสมบัติและเสนอราคาต่ำสุด", "วท.1/2570 ลงวันที่ 20 ตุลาคม 2569", "69107000003"},
}

var (
	cellRE = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	h2RE   = regexp.MustCompile(`(?s)<h1>(.*?)</h1>|<h2>(.*?)</h2>|<tr>(.*?)</tr>`)
)

// htmlTable reads the page's title, unit headings and table rows in order.
func htmlTable(body string) [][]string {
	var out [][]string
	for _, m := range h2RE.FindAllStringSubmatch(body, -1) {
		switch {
		case m[1] != "":
			out = append(out, []string{html.UnescapeString(m[1])})
		case m[2] != "":
			out = append(out, []string{html.UnescapeString(m[2])})
		default:
			var row []string
			for _, c := range cellRE.FindAllStringSubmatch(m[3], -1) {
				row = append(row, html.UnescapeString(strings.TrimSpace(c[1])))
			}
			out = append(out, row)
		}
	}
	return out
}

func TestSor1MatchesTheHandMadeTable(t *testing.T) {
	ta := newTestApp(t)
	ta.clock.Set(procNow)
	threeRecords(t, ta)
	ctx := context.Background()
	b := ta.browser(t)
	// Not published yet: the page says so and lists nothing.
	p := b.get("/procurement/2570/10")
	wantStatus(t, p, 200, "unpublished month")
	if strings.Contains(p.body, "จัดซื้อวัสดุสำนักงาน") || !strings.Contains(p.body, "ยังไม่ได้เผยแพร่") {
		t.Fatalf("an unpublished month shows its records or no notice")
	}
	if err := ta.content.PublishProcurementMonth(ctx, 2570, 10, "published", content.Author{Name: "พัสดุ"}, procNow); err != nil {
		t.Fatal(err)
	}
	p = b.get("/procurement/2570/10")
	got := htmlTable(p.body)
	// The page's first heading is the site's; keep from the title on.
	for i, r := range got {
		if len(r) == 1 && strings.HasPrefix(r[0], "แบบสรุปผล") {
			got = got[i:]
			break
		}
	}
	if !slices.EqualFunc(got, sor1Expected, slices.Equal) {
		t.Errorf("HTML table:\n got %q\nwant %q", got, sor1Expected)
	}

	// CSV: UTF-8 with a BOM, the same cells; a cell that looks like a
	// formula is neutralised with an apostrophe.
	c := b.get("/procurement/2570/10.csv")
	wantStatus(t, c, 200, "CSV")
	if !strings.HasPrefix(c.body, "\ufeff") || !strings.HasPrefix(c.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV without BOM or with type %q", c.header.Get("Content-Type"))
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(c.body, "\ufeff")))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantCSV := slices.Clone(sor1Expected)
	wantCSV[7] = slices.Clone(wantCSV[7])
	wantCSV[7][1] = "'" + wantCSV[7][1]
	if !slices.EqualFunc(rows, wantCSV, slices.Equal) {
		t.Errorf("CSV:\n got %q\nwant %q", rows, wantCSV)
	}

	// XLSX read back: the same cells, amounts as numbers.
	x := b.get("/procurement/2570/10.xlsx")
	wantStatus(t, x, 200, "XLSX")
	f, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	xrows, err := f.GetRows("สขร.1")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(xrows, sor1Expected, slices.Equal) {
		t.Errorf("XLSX:\n got %q\nwant %q", xrows, sor1Expected)
	}
	if typ, _ := f.GetCellType("สขร.1", "C4"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("the budget cell is %v, not a number", typ)
	}
	if v, _ := f.GetCellValue("สขร.1", "C4", excelize.Options{RawCellValue: true}); v != "50000" {
		t.Errorf("raw budget %q, want 50000", v)
	}

	// One unit's table.
	p = b.get("/procurement/2570/10?unit=science")
	if strings.Contains(p.body, "จัดซื้อวัสดุสำนักงาน") || !strings.Contains(p.body, "กล้องจุลทรรศน์") {
		t.Errorf("?unit=science shows another unit's records")
	}
	// The roll-up counts the published month's records by method.
	// Agreed: 48,000.00 + 430,000.00 + 1,390,000.00.
	p = b.get("/procurement/2570")
	if !strings.Contains(p.body, "1,868,000.00") {
		t.Errorf("the roll-up lacks the agreed total 1,868,000.00")
	}
	// A record taken down leaves the summary at once.
	list, _ := ta.content.MonthProcurements(ctx, 2570, 10, 0)
	if len(list) != 3 {
		t.Fatalf("%d records in October", len(list))
	}
	if err := ta.content.TakeDown(ctx, content.ProcurementKind, list[0].ID, content.TakedownInput{Reason: "คำร้อง"}, procNow); err != nil {
		t.Fatal(err)
	}
	if p := b.get("/procurement/2570/10"); strings.Contains(p.body, "จัดซื้อวัสดุสำนักงาน") {
		t.Errorf("a taken-down record still shows")
	}
}

// The English month has English headers; its CSV states an unpublished
// month in English; the XLSX has a bold header and money cells formatted
// #,##0.00; downloads have a fixed type and a safe file name.
func TestSor1EnglishAndSpreadsheetFormat(t *testing.T) {
	ta := newTestApp(t)
	ta.clock.Set(procNow)
	threeRecords(t, ta)
	b := ta.browser(t)
	c := b.get("/en/procurement/2570/10.csv")
	wantStatus(t, c, 200, "English CSV, unpublished")
	if !strings.Contains(c.body, "This month's summary has not been published yet.") || strings.Contains(c.body, "ยังไม่ได้เผยแพร่") {
		t.Errorf("the English CSV of an unpublished month: %q", c.body)
	}
	if err := ta.content.PublishProcurementMonth(context.Background(), 2570, 10, "published", content.Author{Name: "พัสดุ"}, procNow); err != nil {
		t.Fatal(err)
	}
	p := b.get("/en/procurement/2570/10")
	wantStatus(t, p, 200, "English month")
	for _, want := range []string{`<th scope="col">No.</th>`, `<th scope="col">Budget (baht)</th>`, "Summary of procurement in", ".csv", ".xlsx"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the English month lacks %q", want)
		}
	}
	if strings.Contains(p.body, `<th scope="col">ลำดับที่</th>`) {
		t.Errorf("the English month has Thai headers")
	}
	x := b.get("/procurement/2570/10.xlsx?unit=science")
	wantStatus(t, x, 200, "XLSX of one unit")
	if cd := x.header.Get("Content-Disposition"); cd != `attachment; filename="sor1-2570-10-science.xlsx"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if ct := x.header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("Content-Type %q", ct)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sheet = "สขร.1"
	if v, _ := f.GetCellValue(sheet, "C4"); v != "1,500,000.00" {
		t.Errorf("C4 shows %q", v)
	}
	id, err := f.GetCellStyle(sheet, "C4")
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "#,##0.00" {
		t.Errorf("C4's number format %+v %v", st, err)
	}
	hid, _ := f.GetCellStyle(sheet, "A3")
	if hs, err := f.GetStyle(hid); err != nil || hs.Font == nil || !hs.Font.Bold {
		t.Errorf("the header row is not bold: %+v %v", hs, err)
	}
	if w, _ := f.GetColWidth(sheet, "B"); w <= 9.5 {
		t.Errorf("column B keeps the default width %v", w)
	}
	// A month that is not a number, or an unknown format, is not found.
	for _, path := range []string{"/procurement/2570/13", "/procurement/2570/10.pdf", "/procurement/2570/010"} {
		if r := b.get(path); r.status != 404 {
			t.Errorf("%s: %d", path, r.status)
		}
	}
}

package audit

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"
)

func TestExport(t *testing.T) {
	tl, path := openTestLog(t, TrafficOptions{})
	logN(t, tl, 10, t0) // records at t0 + i minutes
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * time.Minute) }
	tests := []struct {
		name     string
		from, to time.Time
		wantSeqs []string
	}{
		{"middle", at(2), at(5), []string{"3", "4", "5"}},
		{"from is inclusive, to exclusive", at(2), at(3), []string{"3"}},
		{"all", at(-60), at(60), []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}},
		{"none", at(20), at(30), nil},
		{"reversed", at(5), at(2), nil},
		{"other zone", at(8).In(time.FixedZone("ICT", 7*3600)), at(60), []string{"9", "10"}},
	}
	r, err := OpenTrafficReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			n, err := r.Export(context.Background(), &buf, tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatalf("bad CSV: %v", err)
			}
			if strings.Join(rows[0], ",") != strings.Join(exportHeader, ",") {
				t.Errorf("header = %v", rows[0])
			}
			var seqs []string
			for _, row := range rows[1:] {
				seqs = append(seqs, row[0])
			}
			if n != len(tt.wantSeqs) || strings.Join(seqs, " ") != strings.Join(tt.wantSeqs, " ") {
				t.Errorf("Export = %d rows %v, want %v", n, seqs, tt.wantSeqs)
			}
		})
	}
}

func TestExportRowContents(t *testing.T) {
	tl, _ := openTestLog(t, TrafficOptions{})
	rec := Record{
		Time: time.Date(2025, 3, 1, 15, 4, 5, 678_900_000, time.FixedZone("ICT", 7*3600)),
		IP:   "203.0.113.9", UserID: 7, Method: "POST", URI: `/search?q="ข่าว",x`,
		Status: 303, Bytes: 99, Duration: 2500 * time.Microsecond, UserAgent: "UA, with comma",
	}
	tl.Log(rec)
	var buf bytes.Buffer
	if err := tl.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	n, err := tl.Export(context.Background(), &buf, rec.Time.Add(-time.Second), rec.Time.Add(time.Second))
	if err != nil || n != 1 {
		t.Fatalf("Export = %d, %v", n, err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(rows[1][:10], "|")
	want := `1|2025-03-01T08:04:05.678Z|203.0.113.9|7|POST|/search?q="ข่าว",x|303|99|2500|UA, with comma`
	if got != want {
		t.Errorf("row\n got %s\nwant %s", got, want)
	}
	if rows[1][10] != genesisHash || len(rows[1][11]) != 64 {
		t.Errorf("hashes = %q, %q", rows[1][10], rows[1][11])
	}
}

// TestExportNeutralisesFormulas: a request's URI and user agent are the
// sender's choice; the export must not hand a spreadsheet a formula, and
// dropping one leading apostrophe gives the logged value back.
func TestExportNeutralisesFormulas(t *testing.T) {
	tl, _ := openTestLog(t, TrafficOptions{})
	cases := []struct{ uri, ua, wantURI, wantUA string }{
		{"/x", `=HYPERLINK("http://evil.example","click")`, "/x", `'=HYPERLINK("http://evil.example","click")`},
		{"@SUM(1)", "+1+cmd|' /C calc'!A0", "'@SUM(1)", "'+1+cmd|' /C calc'!A0"},
		{"/y", " \t-2+3", "/y", "' \t-2+3"},
		{"/z", "\t=1", "/z", "'\t=1"},
		{"/q", "'=1", "/q", "''=1"},
		{"/n", "-5", "/n", "-5"},
		{"/m", "Mozilla/5.0", "/m", "Mozilla/5.0"},
	}
	for i, c := range cases {
		tl.Log(Record{Time: t0.Add(time.Duration(i) * time.Second), IP: "203.0.113.9", Method: "GET", URI: c.uri, Status: 200, UserAgent: c.ua})
	}
	if err := tl.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := tl.Export(context.Background(), &buf, t0.Add(-time.Minute), t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(cases)+1 {
		t.Fatalf("%d rows", len(rows))
	}
	for i, c := range cases {
		row := rows[i+1]
		if row[5] != c.wantURI || row[9] != c.wantUA {
			t.Errorf("case %d: uri %q ua %q, want %q %q", i, row[5], row[9], c.wantURI, c.wantUA)
		}
		if row[6] != "200" || row[3] != "0" {
			t.Errorf("case %d: numbers changed: %q", i, row)
		}
	}
}

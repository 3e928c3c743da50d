package audit

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// encodeBlock stores recs as one block, their hashes as given.
func encodeBlock(recs []storedRecord) []byte {
	var b blockBuilder
	for i := range recs {
		prev, hash := rawDigest(recs[i].prev), rawDigest(recs[i].hash)
		b.add(&recs[i], &prev, &hash)
	}
	return b.data
}

// Records that share an address or a user agent store it once per block,
// and decode back the same.
func TestBlockSharesRepeatedValues(t *testing.T) {
	var recs []storedRecord
	for i := 1; i <= 40; i++ {
		s := testStored(i)
		s.ip = fmt.Sprint("10.0.0.", i%3)
		recs = append(recs, s)
	}
	data := encodeBlock(recs)
	if n := bytes.Count(data, []byte(recs[0].ua)); n != 1 {
		t.Errorf("the user agent is stored %d times", n)
	}
	if n := bytes.Count(data, []byte("10.0.0.1")); n != 1 {
		t.Errorf("an address is stored %d times", n)
	}
	got, err := decodeBlock(data)
	if err != nil || len(got) != len(recs) {
		t.Fatalf("decodeBlock = %d records, %v", len(got), err)
	}
	for i := range recs {
		if got[i] != recs[i] {
			t.Errorf("record %d: got %+v\nwant %+v", i, got[i], recs[i])
		}
	}
}

func TestBlockRoundTrip(t *testing.T) {
	recs := []storedRecord{
		{seq: 1, at: t0.UnixMilli(), ip: "2001:db8::1", userID: 7, method: "GET", uri: "/ข่าว?q=" + strings.Repeat("x", 300),
			status: 200, bytes: 1 << 40, durUS: 0, ua: "", prev: genesisHash},
		{seq: 2, at: -5, ip: "", userID: -1, method: "", uri: "", status: -1, bytes: 0, durUS: 1 << 62, ua: "a\x00b"},
	}
	for i := range recs {
		recs[i].hash = recs[i].computeHash()
		if i > 0 {
			recs[i].prev = recs[i-1].hash
		}
	}
	got, err := decodeBlock(encodeBlock(recs))
	if err != nil || len(got) != len(recs) {
		t.Fatalf("decodeBlock = %d records, %v", len(got), err)
	}
	for i := range recs {
		if got[i] != recs[i] {
			t.Errorf("record %d: got %+v\nwant %+v", i, got[i], recs[i])
		}
	}
}

func TestDecodeBlockRejects(t *testing.T) {
	good := encodeBlock([]storedRecord{{seq: 1, uri: "/a", prev: genesisHash, hash: genesisHash}})
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"other version", append([]byte{2}, good[1:]...)},
		{"cut short", good[:len(good)-1]},
		{"frame longer than block", append([]byte{1, 0xff, 0x01}, good[2:]...)},
		{"overlong number", append([]byte{1, good[1] + 1, 0x82, 0x00}, good[3:]...)},
		{"byte left over in frame", append(append([]byte{1, good[1] + 1}, good[2:]...), 0)},
	}
	// Two records whose user agents are written by hand.
	twoWith := func(ua1, ua2 []byte) []byte {
		b := []byte{blockVersion}
		for i, ua := range [][]byte{ua1, ua2} {
			body := binary.AppendVarint(nil, int64(i+1))              // seq
			body = binary.AppendVarint(body, 0)                       // at
			body = appendNew(body, fmt.Sprint("10.0.0.", i))          // ip
			body = append(body, 0, 3, 'G', 'E', 'T', 1, '/', 0, 0, 0) // user, method, uri, status, bytes, duration
			body = append(body, ua...)
			body = append(body, make([]byte, 64)...)
			b = binary.AppendUvarint(b, uint64(len(body)))
			b = append(b, body...)
		}
		return b
	}
	if _, err := decodeBlock(twoWith([]byte{2, 'x'}, []byte{1})); err != nil {
		t.Fatalf("the well-formed pair: %v", err)
	}
	tests = append(tests, []struct {
		name string
		data []byte
	}{
		{"a repeated value written again", twoWith([]byte{2, 'x'}, []byte{2, 'x'})},
		{"a reference to no earlier value", twoWith([]byte{2, 'x'}, []byte{3})},
		{"a reference in the first record", twoWith([]byte{1}, []byte{1})},
		{"more than 64 records", func() []byte {
			var recs []storedRecord
			for i := 1; i <= blockRecords+1; i++ {
				recs = append(recs, testStored(i))
			}
			return encodeBlock(recs)
		}()},
	}...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if recs, err := decodeBlock(tt.data); err == nil {
				t.Errorf("decoded %d records from a bad block", len(recs))
			}
		})
	}
}

// FuzzDecodeBlock: no input panics the decoder, and every block it accepts
// encodes back to the same bytes, so no two encodings mean the same records.
func FuzzDecodeBlock(f *testing.F) {
	f.Add(encodeBlock([]storedRecord{testStored(1), testStored(2)}))
	f.Add([]byte{1})
	f.Add([]byte{1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01})
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := decodeBlock(data)
		if err != nil {
			return
		}
		if again := encodeBlock(recs); len(recs) > 0 && !bytes.Equal(again, data) {
			t.Fatalf("accepted block re-encodes differently:\n%x\n%x", data, again)
		}
	})
}

func testStored(i int) storedRecord {
	s := toStored(testRecord(i, t0))
	s.seq, s.prev = int64(i), genesisHash
	s.hash = s.computeHash()
	return s
}

// A log written by schema 1 (a row per record) is converted to blocks on
// open, keeping every value and hash: the chain still verifies, a record
// tampered with before the upgrade is still named, and logging goes on.
func TestUpgradeFromRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "traffic.db")
	old := openSchema1(t, path)
	const n = 150
	prev := genesisHash
	for i := 1; i <= n; i++ {
		s := testStored(i)
		s.prev = prev
		s.hash = s.computeHash()
		prev = s.hash
		if i == 70 {
			s.uri = "/edited" // after hashing: tampered with
		}
		_, err := old.Exec(`INSERT INTO traffic (`+trafficColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.seq, s.at, s.ip, s.userID, s.method, s.uri, s.status, s.bytes, s.durUS, s.ua, s.prev, s.hash)
		if err != nil {
			t.Fatal(err)
		}
	}
	old.Close()

	tl, err := OpenTraffic(path, TrafficOptions{Logger: slog.New(slog.DiscardHandler), FlushEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer tl.Close()
	logN(t, tl, 5, t0)
	res := mustVerify(t, tl)
	if res.Checked != n+5 || len(res.Problems) != 1 || res.Problems[0].Seq != 70 || res.Problems[0].Kind != KindEdited {
		t.Fatalf("after upgrade: %+v", res)
	}
	var tables int
	tl.DB().QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'traffic'`).Scan(&tables)
	if tables != 0 {
		t.Error("the old table is still there")
	}
}

// A row the blocks cannot hold exactly stops the upgrade: converting it
// would change (or, for a hash, repair) what an editor left there.
func TestUpgradeRefusesAnUnconvertibleRow(t *testing.T) {
	good := testStored(1)
	for _, tc := range []struct{ name, at, hash string }{
		{"text in a number column", "'noon'", "'" + good.hash + "'"},
		{"a hash in capitals", "0", "'" + strings.ToUpper(good.hash) + "'"},
		{"a hash with a digit added", "0", "'" + good.hash + "0'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "traffic.db")
			old := openSchema1(t, path)
			_, err := old.Exec(`INSERT INTO traffic VALUES (1, ` + tc.at + `, '', 0, 'GET', '/', 200, 0, 0, '', '` + genesisHash + `', ` + tc.hash + `)`)
			if err != nil {
				t.Fatal(err)
			}
			old.Close()
			_, err = OpenTraffic(path, TrafficOptions{Logger: slog.New(slog.DiscardHandler)})
			if err == nil || !strings.Contains(err.Error(), "record 1 cannot be converted") {
				t.Fatalf("OpenTraffic = %v", err)
			}
		})
	}
}

// openSchema1 creates a traffic log file as the first release wrote it.
func openSchema1(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", trafficDSN(path, false))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{trafficMigrations[0].sql, "PRAGMA user_version = 1"} {
		if _, err := db.ExecContext(context.Background(), q); err != nil {
			t.Fatal(fmt.Errorf("%s: %w", q, err))
		}
	}
	return db
}

package media

// zipname.go turns the raw name of a ZIP entry into a clean UTF-8 path, and
// orders names the way people expect ("2" before "10").

import (
	"archive/zip"
	"cmp"
	"encoding/binary"
	"hash/crc32"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// zipEntryPath returns the decoded, cleaned path of f, or false when f is
// to be ignored silently: directories, __MACOSX/, dotfiles, Thumbs.db,
// desktop.ini and the like.
func zipEntryPath(f *zip.File) (string, bool) {
	if strings.HasSuffix(f.Name, "/") || strings.HasSuffix(f.Name, `\`) || f.FileInfo().IsDir() {
		return "", false
	}
	return zipCleanPath(zipDecodeName(f))
}

// zipDecodeName returns the name of f in UTF-8. Thai Windows writes names
// in Windows-874 without the UTF-8 flag; Info-ZIP and 7-Zip may add the
// UTF-8 name in an extra field; macOS writes UTF-8 without the flag.
func zipDecodeName(f *zip.File) string {
	raw := f.Name
	if f.Flags&zipFlagUTF8 != 0 {
		return strings.ToValidUTF8(raw, "\uFFFD")
	}
	if u, ok := zipUnicodePath(f.Extra, raw); ok {
		return u
	}
	if utf8.ValidString(raw) {
		return raw
	}
	s, err := charmap.Windows874.NewDecoder().String(raw)
	if err != nil {
		return strings.ToValidUTF8(raw, "\uFFFD")
	}
	return s
}

// zipUnicodePath reads the Info-ZIP Unicode Path extra field (0x7075): a
// version byte (1), the CRC-32 of the raw name it replaces, the UTF-8 name.
// A CRC that does not match means the raw name was changed by a tool that
// did not know the field, so the field is stale and ignored.
func zipUnicodePath(extra []byte, raw string) (string, bool) {
	for len(extra) >= 4 {
		id := binary.LittleEndian.Uint16(extra)
		n := int(binary.LittleEndian.Uint16(extra[2:]))
		extra = extra[4:]
		if n > len(extra) {
			return "", false
		}
		data := extra[:n]
		extra = extra[n:]
		if id != 0x7075 || len(data) < 5 || data[0] != 1 {
			continue
		}
		name := string(data[5:])
		if binary.LittleEndian.Uint32(data[1:]) == crc32.ChecksumIEEE([]byte(raw)) && utf8.ValidString(name) {
			return name, true
		}
	}
	return "", false
}

// zipCleanPath makes name a safe relative slash path: backslashes become
// slashes, a drive letter and leading slashes go, ".." cannot climb above
// the archive root, control characters are dropped. It returns false for
// names to ignore. The upload code stores files under generated names; a
// clean path only keeps captions and listings honest.
func zipCleanPath(name string) (string, bool) {
	name = strings.ReplaceAll(name, `\`, "/")
	for _, c := range strings.Split(name, "/") {
		if c == "Icon\r" { // a macOS folder icon
			return "", false
		}
	}
	// Then control characters go, so that "\x01.DS_Store" or "__MAC\x7fOSX"
	// are recognised below as the names they become.
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	if len(name) >= 2 && name[1] == ':' && ('a' <= name[0]|0x20 && name[0]|0x20 <= 'z') {
		name = name[2:] // C:
	}
	for _, c := range strings.Split(name, "/") {
		switch {
		case strings.EqualFold(c, "__MACOSX"),
			strings.HasPrefix(c, ".") && c != "." && c != "..":
			return "", false
		}
	}
	p := strings.TrimPrefix(path.Clean("/"+name), "/")
	if p == "" {
		return "", false
	}
	switch strings.ToLower(path.Base(p)) {
	case "thumbs.db", "ehthumbs.db", "desktop.ini":
		return "", false
	}
	return p, true
}

// NaturalLess reports whether path a sorts before path b in natural order:
// runs of digits compare by value ("img2.jpg" before "img10.jpg"; Thai
// digits ๐–๙ count too), letters compare without case, and folders compare
// name by name, so "a/x.jpg" sorts before "a b/x.jpg". Names equal under
// these rules fall back to byte order, so the order is total and stable.
func NaturalLess(a, b string) bool { return zipNaturalCompare(a, b) < 0 }

func zipNaturalCompare(a, b string) int {
	ra, rb := a, b
	for {
		ca, resta, moreA := strings.Cut(ra, "/")
		cb, restb, moreB := strings.Cut(rb, "/")
		if c := zipNaturalPart(ca, cb); c != 0 {
			return c
		}
		if !moreA || !moreB {
			if c := cmp.Compare(zipBool(moreA), zipBool(moreB)); c != 0 {
				return c // the shorter path first
			}
			return strings.Compare(a, b)
		}
		ra, rb = resta, restb
	}
}

func zipBool(b bool) int {
	if b {
		return 1
	}
	return 0
}

// zipNaturalPart compares two names (no slashes) as sequences of tokens: a
// run of digits is one token ordered by its value, any other character is a
// token ordered by its lower case. Since '0'–'9' are contiguous, a number
// sorts after characters below '0' and before characters above '9'.
func zipNaturalPart(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ra, wa := utf8.DecodeRuneInString(a[i:])
		rb, wb := utf8.DecodeRuneInString(b[j:])
		_, da := zipDigit(ra)
		_, db := zipDigit(rb)
		switch {
		case da && db:
			ea, eb := zipDigitRunEnd(a, i), zipDigitRunEnd(b, j)
			if c := zipCompareNumbers(a[i:ea], b[j:eb]); c != 0 {
				return c
			}
			i, j = ea, eb
			continue
		case da:
			ra, rb = '0', unicode.ToLower(rb)
		case db:
			ra, rb = unicode.ToLower(ra), '0'
		default:
			ra, rb = unicode.ToLower(ra), unicode.ToLower(rb)
		}
		if c := cmp.Compare(ra, rb); c != 0 {
			return c
		}
		i, j = i+wa, j+wb
	}
	return cmp.Compare(len(a)-i, len(b)-j) // what is left over sorts last
}

// zipDigit returns the value of an ASCII or Thai digit.
func zipDigit(r rune) (int, bool) {
	switch {
	case '0' <= r && r <= '9':
		return int(r - '0'), true
	case '๐' <= r && r <= '๙':
		return int(r - '๐'), true
	}
	return 0, false
}

func zipDigitRunEnd(s string, i int) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if _, ok := zipDigit(r); !ok {
			break
		}
		i += w
	}
	return i
}

// zipCompareNumbers compares two digit runs by value, however long.
func zipCompareNumbers(a, b string) int {
	da, db := zipDigitValues(a), zipDigitValues(b)
	if c := cmp.Compare(len(da), len(db)); c != 0 {
		return c
	}
	for k := range da {
		if c := cmp.Compare(da[k], db[k]); c != 0 {
			return c
		}
	}
	return 0
}

// zipDigitValues returns the digits of s without leading zeros.
func zipDigitValues(s string) []int {
	var out []int
	for _, r := range s {
		d, _ := zipDigit(r)
		if d == 0 && len(out) == 0 {
			continue
		}
		out = append(out, d)
	}
	return out
}

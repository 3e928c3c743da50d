package media

// zip.go lists the photos inside an uploaded ZIP (SPEC §2.1). It only reads:
// nothing is written to disk, memory stays bounded whatever the archive says
// about itself, and every problem the user can fix is a *FileError.

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"slices"
)

// ZipLimits bounds what ReadZip accepts. A zero field means its default
// from DefaultZipLimits.
type ZipLimits struct {
	MaxEntries int     // entries in the archive, all of them (directories and skipped files too)
	MaxPhotos  int     // photos in the archive
	MaxEntry   int64   // uncompressed bytes of one entry (the single-photo limit)
	MaxTotal   int64   // uncompressed bytes of all photos together
	MaxRatio   float64 // uncompressed/compressed of one entry above this (and above 1 MB) is a bomb
}

// DefaultZipLimits are the limits used for any zero field of a ZipLimits.
var DefaultZipLimits = ZipLimits{
	MaxEntries: 1000,
	MaxPhotos:  300,
	MaxEntry:   30 << 20,
	MaxTotal:   1 << 30,
	MaxRatio:   200,
}

// ZipPhoto is one photo found in the archive, in natural name order.
type ZipPhoto struct {
	Path string // full path inside the zip, decoded to UTF-8 (Windows-874 when not UTF-8), cleaned: never contains ".." or a leading "/"
	Name string // base name, e.g. "ภาพกิจกรรม 2.jpg" — used as the default caption
	Size int64  // declared uncompressed size

	entry ZipEntry
	ra    io.ReaderAt // the archive, as listed
	max   int64       // MaxEntry of the limits it was listed with
}

// Entry locates the photo in its archive, for OpenZipEntry: a worker can
// read it later, in another process too, without the central directory.
func (p ZipPhoto) Entry() ZipEntry { return p.entry }

// ZipSkip is an entry that is not a photo, reported to the user. Reason is
// a message key of the i18n catalog (media.zip_not_image,
// media.zip_too_large_entry, media.zip_unsupported_method); Args fill its
// verbs and may be nil.
type ZipSkip struct {
	Path   string
	Reason string
	Args   []any
}

const (
	// zipHeadLen is how much of an entry isImage and the archive check see.
	zipHeadLen = 512
	// zipBombFloor: entries up to this size are never bombs by ratio (a
	// 1 MB blank text compresses 1000:1 and harms nobody).
	zipBombFloor = 1 << 20
	// zipDirBase and zipDirPerEntry bound the bytes zip.NewReader may read
	// while parsing the central directory: the end record search reads up to
	// 66 KB, then every entry costs 46 bytes plus its name and extras. Without
	// this an upload of millions of tiny entries would cost hundreds of MB of
	// *zip.File before we could count them.
	zipDirBase     = 128 << 10
	zipDirPerEntry = 1 << 10
	// zipFlagEncrypted covers traditional (bit 0) and strong (bit 6) encryption.
	zipFlagEncrypted = 0x1 | 0x40
	zipFlagUTF8      = 0x800
)

var (
	// errZipBudget stops zip.NewReader when the central directory is too big.
	errZipBudget = errors.New("media: zip central directory over budget")
	// errZipOffset is a negative offset computed from a corrupt header.
	errZipOffset = errors.New("media: zip offset out of range")
)

func (l ZipLimits) withDefaults() ZipLimits {
	d := DefaultZipLimits
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	if l.MaxPhotos <= 0 {
		l.MaxPhotos = d.MaxPhotos
	}
	if l.MaxEntry <= 0 {
		l.MaxEntry = d.MaxEntry
	}
	if l.MaxTotal <= 0 {
		l.MaxTotal = d.MaxTotal
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = d.MaxRatio
	}
	return l
}

// isBomb reports whether the declared sizes of f make it a decompression
// bomb: more than 1 MB that compresses better than MaxRatio. Real photos
// barely compress at all.
func (l ZipLimits) isBomb(f *zip.File) bool {
	u, c := f.UncompressedSize64, f.CompressedSize64
	if u <= zipBombFloor {
		return false
	}
	return c == 0 || float64(u)/float64(c) > l.MaxRatio
}

// ReadZip lists the photos in an uploaded archive. isImage decides from an
// entry's first 512 bytes (pass a media.Sniff-based func); nil accepts JPEG,
// PNG, GIF, WebP and HEIC by magic number.
//
// Photos are found at any folder depth and returned in natural order of
// their paths. Directories, __MACOSX/, dotfiles, Thumbs.db and desktop.ini
// are ignored silently; every other entry that is not an image is returned
// in skipped. A problem with the whole archive is a *FileError (corrupt,
// nested archive, bomb, encrypted, too many entries or photos, too large,
// no photos at all — the last one still returns skipped). ReadZip writes no
// file and reads at most 512 bytes of each entry. ra must stay open while
// the photos are read; ZipPhoto.Open may be called from several goroutines.
func ReadZip(ra io.ReaderAt, size int64, lim ZipLimits, isImage func(head []byte) bool) (photos []ZipPhoto, skipped []ZipSkip, err error) {
	lim = lim.withDefaults()
	if isImage == nil {
		isImage = zipLooksLikeImage
	}
	zr, src, err := zipOpen(ra, size, lim)
	if err != nil {
		return nil, nil, err
	}
	l := &zipLister{lim: lim, isImage: isImage, head: make([]byte, zipHeadLen), src: src}
	for _, f := range zr.File {
		if err := l.add(f); err != nil {
			return nil, nil, err
		}
	}
	slices.SortStableFunc(l.skipped, func(a, b ZipSkip) int { return zipNaturalCompare(a.Path, b.Path) })
	switch {
	case len(l.photos) == 0:
		return nil, l.skipped, fileErr("media.zip_empty")
	case len(l.photos) > lim.MaxPhotos:
		return nil, nil, fileErr("media.zip_too_many_photos", len(l.photos), lim.MaxPhotos)
	case l.total > lim.MaxTotal:
		return nil, nil, fileErr("media.zip_too_large", zipSizeText(l.total), zipSizeText(lim.MaxTotal))
	}
	slices.SortStableFunc(l.photos, func(a, b ZipPhoto) int { return zipNaturalCompare(a.Path, b.Path) })
	return l.photos, l.skipped, nil
}

// zipLister sorts the entries of one archive into photos and skipped ones.
type zipLister struct {
	lim     ZipLimits
	isImage func([]byte) bool
	head    []byte // reused for every entry
	src     io.ReaderAt
	photos  []ZipPhoto
	skipped []ZipSkip
	total   int64 // declared bytes of the photos
}

// add looks at one entry; an error refuses the whole archive.
func (l *zipLister) add(f *zip.File) error {
	p, ok := zipEntryPath(f)
	switch {
	case !ok:
		return nil
	case f.Flags&zipFlagEncrypted != 0:
		return fileErr("media.zip_encrypted", p)
	case l.lim.isBomb(f):
		return fileErr("media.zip_bomb", p)
	}
	h, err := zipReadHead(f, p, l.head)
	if errors.Is(err, zip.ErrAlgorithm) {
		l.skipped = append(l.skipped, ZipSkip{Path: p, Reason: "media.zip_unsupported_method"})
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case zipIsArchive(h, p):
		return fileErr("media.zip_nested", p)
	case !l.isImage(h):
		l.skipped = append(l.skipped, ZipSkip{Path: p, Reason: "media.zip_not_image"})
	case f.UncompressedSize64 > uint64(l.lim.MaxEntry):
		l.skipped = append(l.skipped, ZipSkip{Path: p, Reason: "media.zip_too_large_entry",
			Args: []any{zipSizeText(zipClampInt64(f.UncompressedSize64)), zipSizeText(l.lim.MaxEntry)}})
	default:
		n := int64(f.UncompressedSize64) // ≤ MaxEntry, so it fits
		off, err := f.DataOffset()       // the head was read, so the local header is sound
		if err != nil {
			return zipOpenErr(err, p)
		}
		l.total = min(l.total+n, math.MaxInt64-l.lim.MaxEntry)
		e := ZipEntry{Path: p, Offset: off, Method: f.Method, Compressed: zipClampInt64(f.CompressedSize64), Size: n, CRC32: f.CRC32}
		l.photos = append(l.photos, ZipPhoto{Path: p, Name: path.Base(p), Size: n, entry: e, ra: l.src, max: l.lim.MaxEntry})
	}
	return nil
}

// zipOpen parses the central directory within a byte budget and checks
// what can be checked from it alone.
func zipOpen(ra io.ReaderAt, size int64, lim ZipLimits) (*zip.Reader, io.ReaderAt, error) {
	src := &zipSource{ra: ra, counting: true,
		budget: zipDirBase + int64(lim.MaxEntries)*zipDirPerEntry}
	zr, err := zip.NewReader(src, size)
	src.counting = false // from here on reads are entry data, bounded elsewhere
	if errors.Is(err, zip.ErrInsecurePath) && zr != nil {
		err = nil // GODEBUG=zipinsecurepath=0; we clean every name ourselves
	}
	var ioErr *zipIOError
	switch {
	case errors.Is(err, errZipBudget):
		return nil, nil, fileErr("media.zip_too_many_entries", lim.MaxEntries)
	case errors.As(err, &ioErr):
		return nil, nil, fmt.Errorf("media: reading zip: %w", ioErr.err)
	case err != nil:
		return nil, nil, fileErr("media.zip_corrupt")
	case len(zr.File) > lim.MaxEntries:
		return nil, nil, fileErr("media.zip_too_many_entries", lim.MaxEntries)
	}
	// Entries may not claim more compressed bytes than the archive has: a
	// valid zip never does, and overlapping entries (one deflate stream
	// shared by many names) are how the worst bombs multiply their work.
	var sum uint64
	for _, f := range zr.File {
		sum += f.CompressedSize64
		if f.CompressedSize64 > uint64(size) || sum > uint64(size) {
			return nil, nil, fileErr("media.zip_corrupt")
		}
	}
	return zr, src, nil
}

// zipReadHead reads up to len(buf) bytes from the start of f. Only
// zip.ErrAlgorithm comes back unwrapped, for the caller to skip the entry.
func zipReadHead(f *zip.File, p string, buf []byte) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, zipOpenErr(err, p)
	}
	defer rc.Close()
	n, stalls := 0, 0
	for n < len(buf) {
		m, err := rc.Read(buf[n:])
		n += m
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, zipReadErr(err, p)
		}
		if m == 0 {
			if stalls++; stalls > 100 {
				return nil, fileErr("media.zip_corrupt_entry", p)
			}
		}
	}
	return buf[:n], nil
}

// zipSizeText writes a byte count for messages: "30 MB", "1.1 GB". A
// fraction is rounded up, so a size just over a limit never reads as equal
// to it.
func zipSizeText(n int64) string {
	units := []struct {
		size int64
		name string
	}{{1 << 30, "GB"}, {1 << 20, "MB"}, {1 << 10, "KB"}}
	for _, u := range units {
		if n >= u.size {
			if n%u.size == 0 {
				return fmt.Sprintf("%d %s", n/u.size, u.name)
			}
			return fmt.Sprintf("%.1f %s", math.Ceil(float64(n)/float64(u.size)*10)/10, u.name)
		}
	}
	return fmt.Sprintf("%d B", n)
}

func zipClampInt64(n uint64) int64 {
	if n > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(n)
}

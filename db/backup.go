package db

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"
)

// A full backup is a directory:
//
//	MANIFEST          JSON: when, versions, and every file's path, size and SHA-256
//	db/<name>.db      a consistent snapshot of each SQLite database (VACUUM INTO)
//	media/...         a copy of the media tree, same relative paths
//
// MANIFEST is written last, atomically, and only after every file was read
// back and matched; so a directory without a complete MANIFEST is an
// interrupted backup, and Restore refuses it. Files are written under
// temporary names (".tmp-…") and renamed into place once synced, so no final
// name ever holds a partial file. Backing up into a directory that holds an
// earlier backup copies only the media files whose content changed (by
// SHA-256 against the earlier MANIFEST) and removes those no longer present;
// until the new MANIFEST replaces the old, the earlier backup stays
// restorable, except in the short step between removing the old MANIFEST and
// writing the new one, where the directory holds no MANIFEST at all.

// ManifestFormat names the backup layout; Restore refuses any other.
const ManifestFormat = "newsroom-backup/1"

const (
	manifestName = "MANIFEST"
	dbDir        = "db"
	mediaDir     = "media"
	tmpPrefix    = ".tmp-"
)

// Manifest describes a complete backup.
type Manifest struct {
	Format    string            `json:"format"`
	CreatedAt time.Time         `json:"created_at"`
	Versions  map[string]string `json:"versions"`
	Files     []ManifestFile    `json:"files"`
}

// ManifestFile is one file of a backup, its path relative to the backup
// directory with forward slashes ("db/newsroom.db", "media/ab/cd/….jpg").
type ManifestFile struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// BackupSource is what a full backup copies.
type BackupSource struct {
	// Databases are SQLite files, stored as db/<base name>.
	Databases []string
	// MediaDir is copied to media/, file by file.
	MediaDir string
	// Media, when set, is read instead of MediaDir: the site's media store
	// (an S3 bucket), listed with Walk and read with Open.
	Media MediaSource
	// Versions are recorded in the manifest (program, schema…).
	Versions map[string]string
}

// MediaSource is a media store a backup reads (media.Store is one). Its
// keys are content-addressed: an object never changes under its key.
type MediaSource interface {
	Walk(fn func(key string, info fs.FileInfo) error) error
	Open(key string) (io.ReadSeekCloser, int64, error)
}

// MediaSink is a media store a restore writes (media.Store is one).
type MediaSink interface {
	Put(ctx context.Context, key string, data []byte) error
}

// BackupReport says what a backup did.
type BackupReport struct {
	Manifest Manifest
	Copied   int   // media files written
	Skipped  int   // media files already in the backup with the same hash
	Removed  int   // media files no longer in the source, removed from the backup
	Bytes    int64 // bytes written (snapshots and copied media)
}

// BackupHook, when set (tests), runs after each step ("snapshot", "media",
// "verified") and stops the backup with its error, as a crash would.
var BackupHook func(step string) error

func hook(step string) error {
	if BackupHook != nil {
		return BackupHook(step)
	}
	return nil
}

// BackupDir writes a full, verified backup of src into dir (created if
// needed; an earlier backup there is updated incrementally). It may run while
// the server writes: each database is read in one snapshot. Media files are
// content-addressed and never change in place, so copying them after the
// snapshots gives every file the snapshots refer to (unless one is deleted
// in between).
func BackupDir(ctx context.Context, src BackupSource, dir string) (rep BackupReport, err error) {
	if err := refuseNested(dir, src.MediaDir); err != nil {
		return rep, err
	}
	for _, d := range []string{dir, filepath.Join(dir, dbDir), filepath.Join(dir, mediaDir)} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return rep, fmt.Errorf("backup: %w", err)
		}
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return rep, err
	}
	defer unlock()
	if err := removeTemps(dir); err != nil {
		return rep, err
	}
	prev := map[string]ManifestFile{}
	if m, err := ReadManifest(dir); err == nil {
		for _, f := range m.Files {
			prev[f.Path] = f
		}
	}
	var temps []string // snapshot temp files, removed on failure
	defer func() {
		if err != nil {
			for _, t := range temps {
				os.Remove(t)
			}
		}
	}()
	m := Manifest{Format: ManifestFormat, CreatedAt: time.Now().UTC(), Versions: map[string]string{"go": runtime.Version()}}
	for k, v := range src.Versions {
		m.Versions[k] = v
	}
	finalOf := map[string]string{} // temp path -> final path
	for _, p := range src.Databases {
		name := filepath.Base(p)
		tmp, err := snapshot(ctx, p, filepath.Join(dir, dbDir), name)
		if tmp != "" {
			temps = append(temps, tmp)
		}
		if err != nil {
			return rep, err
		}
		f, err := hashFile(tmp)
		if err != nil {
			return rep, err
		}
		f.Path = dbDir + "/" + name
		m.Files = append(m.Files, f)
		finalOf[tmp] = filepath.Join(dir, dbDir, name)
		rep.Bytes += f.Size
		if v, err := userVersion(ctx, tmp); err == nil {
			m.Versions["schema:"+name] = fmt.Sprint(v)
		}
	}
	if err := hook("snapshot"); err != nil {
		return rep, err
	}
	var media []ManifestFile
	if src.Media != nil {
		media, err = copyMediaStore(ctx, src.Media, filepath.Join(dir, mediaDir), prev, &rep)
	} else {
		media, err = copyMedia(ctx, src.MediaDir, filepath.Join(dir, mediaDir), prev, &rep)
	}
	if err != nil {
		return rep, err
	}
	m.Files = append(m.Files, media...)
	if err := hook("media"); err != nil {
		return rep, err
	}
	// Read everything back before the manifest vouches for it.
	for _, f := range m.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		for t, final := range finalOf {
			if final == p {
				p = t
			}
		}
		if err := checkFile(ctx, p, f); err != nil {
			return rep, fmt.Errorf("backup: verify: %w", err)
		}
	}
	if err := hook("verified"); err != nil {
		return rep, err
	}
	// From here the old manifest no longer describes the directory.
	if err := os.Remove(filepath.Join(dir, manifestName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return rep, fmt.Errorf("backup: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return rep, err
	}
	for t, final := range finalOf {
		if err := os.Rename(t, final); err != nil {
			return rep, fmt.Errorf("backup: %w", err)
		}
	}
	if err := syncDir(filepath.Join(dir, dbDir)); err != nil {
		return rep, err
	}
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Path < m.Files[j].Path })
	if err := writeManifest(dir, m); err != nil {
		return rep, err
	}
	rep.Manifest = m
	rep.Removed, err = pruneMedia(dir, m)
	return rep, err
}

// snapshot writes a consistent copy of the database at src into dir under a
// temporary name (returned) with VACUUM INTO, checks it and syncs it.
func snapshot(ctx context.Context, src, dir, name string) (string, error) {
	if _, err := os.Stat(src); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	f, err := os.CreateTemp(dir, tmpPrefix+name+"-*")
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	tmp := f.Name()
	f.Close()
	os.Remove(tmp) // VACUUM INTO wants to create the file
	if err := vacuumInto(ctx, src, tmp); err != nil {
		return tmp, fmt.Errorf("backup: %s: %w", name, err)
	}
	if err := IntegrityCheck(ctx, tmp); err != nil {
		return tmp, fmt.Errorf("backup: %s: %w", name, err)
	}
	return tmp, syncFile(tmp)
}

// copyMedia copies every regular file under src into dest, skipping those
// that prev lists with the same SHA-256 and size and that are present in
// dest with that size. It returns the manifest entries ("media/…").
func copyMedia(ctx context.Context, src, dest string, prev map[string]ManifestFile, rep *BackupReport) ([]ManifestFile, error) {
	var out []ManifestFile
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == src {
				return fs.SkipAll // no media yet
			}
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if d.IsDir() || !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".") {
			return nil // temp files of an interrupted upload, links
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		mp := mediaDir + "/" + filepath.ToSlash(rel)
		target := filepath.Join(dest, rel)
		if old, ok := prev[mp]; ok {
			if st, err := os.Stat(target); err == nil && st.Size() == old.Size {
				cur, err := hashFile(p)
				if err != nil {
					return err
				}
				if cur.SHA256 == old.SHA256 && cur.Size == old.Size {
					rep.Skipped++
					out = append(out, old)
					return nil
				}
			}
		}
		f, err := copyFile(p, target)
		if err != nil {
			return err
		}
		f.Path = mp
		rep.Copied++
		rep.Bytes += f.Size
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("backup: media: %w", err)
	}
	return out, nil
}

// copyMediaStore copies every object of a media store into dest. The keys
// are content-addressed, so an object the earlier backup holds under the
// same key and size is not read again (the backup's copy is still read back
// before the MANIFEST vouches for it). Names starting with "." (writes in
// progress) and keys that are no plain relative path are skipped.
func copyMediaStore(ctx context.Context, src MediaSource, dest string, prev map[string]ManifestFile, rep *BackupReport) ([]ManifestFile, error) {
	var out []ManifestFile
	err := src.Walk(func(key string, info fs.FileInfo) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		mp := mediaDir + "/" + key
		if strings.HasPrefix(path.Base(key), ".") || !validBackupPath(mp) {
			return nil
		}
		target := filepath.Join(dest, filepath.FromSlash(key))
		if old, ok := prev[mp]; ok && old.Size == info.Size() {
			if st, err := os.Stat(target); err == nil && st.Size() == old.Size {
				rep.Skipped++
				out = append(out, old)
				return nil
			}
		}
		in, _, err := src.Open(key)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // deleted since the listing
		} else if err != nil {
			return err
		}
		f, err := copyReader(in, target)
		in.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		f.Path = mp
		rep.Copied++
		rep.Bytes += f.Size
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("backup: media: %w", err)
	}
	return out, nil
}

// copyFile copies src to dest through a synced temporary file and a rename,
// returning the size and SHA-256 of what was read.
func copyFile(src, dest string) (ManifestFile, error) {
	in, err := os.Open(src)
	if err != nil {
		return ManifestFile{}, err
	}
	defer in.Close()
	return copyReader(in, dest)
}

// copyReader is copyFile from a reader.
func copyReader(in io.Reader, dest string) (ManifestFile, error) {
	var f ManifestFile
	if err := os.MkdirAll(filepath.Dir(dest), 0o750); err != nil {
		return f, err
	}
	out, err := os.CreateTemp(filepath.Dir(dest), tmpPrefix+"*")
	if err != nil {
		return f, err
	}
	h := sha256.New()
	n, cerr := io.Copy(io.MultiWriter(out, h), in)
	serr := out.Sync()
	if err := errors.Join(cerr, serr, out.Close()); err != nil {
		os.Remove(out.Name())
		return f, err
	}
	if err := os.Rename(out.Name(), dest); err != nil {
		os.Remove(out.Name())
		return f, err
	}
	return ManifestFile{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

func hashFile(p string) (ManifestFile, error) {
	in, err := os.Open(p)
	if err != nil {
		return ManifestFile{}, err
	}
	defer in.Close()
	h := sha256.New()
	n, err := io.Copy(h, in)
	if err != nil {
		return ManifestFile{}, err
	}
	return ManifestFile{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// checkFile reads p back and compares it with f; a database also passes
// PRAGMA integrity_check.
func checkFile(ctx context.Context, p string, f ManifestFile) error {
	got, err := hashFile(p)
	if err != nil {
		return err
	}
	if got.Size != f.Size || got.SHA256 != f.SHA256 {
		return fmt.Errorf("%s does not match the manifest (size %d, want %d; sha256 %.12s…, want %.12s…)", f.Path, got.Size, f.Size, got.SHA256, f.SHA256)
	}
	if strings.HasPrefix(f.Path, dbDir+"/") {
		if err := IntegrityCheck(ctx, p); err != nil {
			return fmt.Errorf("%s: %w", f.Path, err)
		}
	}
	return nil
}

// writeManifest writes MANIFEST through a synced temporary file and a rename.
func writeManifest(dir string, m Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, tmpPrefix+manifestName+"-*")
	if err != nil {
		return fmt.Errorf("backup: manifest: %w", err)
	}
	_, werr := f.Write(append(b, '\n'))
	if err := errors.Join(werr, f.Sync(), f.Close()); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("backup: manifest: %w", err)
	}
	if err := os.Rename(f.Name(), filepath.Join(dir, manifestName)); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("backup: manifest: %w", err)
	}
	return syncDir(dir)
}

// ErrIncompleteBackup means a directory has no complete MANIFEST: the backup
// was interrupted, or this is not a backup directory.
var ErrIncompleteBackup = errors.New("no complete MANIFEST: the backup was interrupted or this is not a newsroom backup directory")

// ReadManifest reads and checks dir's MANIFEST.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return m, fmt.Errorf("%s: %w", dir, ErrIncompleteBackup)
	} else if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: MANIFEST unreadable (%v): %w", dir, err, ErrIncompleteBackup)
	}
	if m.Format != ManifestFormat {
		return m, fmt.Errorf("%s: MANIFEST format %q, want %q: %w", dir, m.Format, ManifestFormat, ErrIncompleteBackup)
	}
	seen := map[string]bool{}
	for _, f := range m.Files {
		if !validBackupPath(f.Path) || seen[f.Path] || len(f.SHA256) != 64 || f.Size < 0 {
			return m, fmt.Errorf("%s: MANIFEST entry %q is not valid: %w", dir, f.Path, ErrIncompleteBackup)
		}
		seen[f.Path] = true
	}
	return m, nil
}

// validBackupPath accepts db/<name> and media/<relative path> without "..",
// so a tampered manifest cannot make Restore write elsewhere.
func validBackupPath(p string) bool {
	if p != path.Clean(p) || !filepath.IsLocal(filepath.FromSlash(p)) || strings.Contains(p, "\\") {
		return false
	}
	top, rest, ok := strings.Cut(p, "/")
	if !ok || rest == "" {
		return false
	}
	switch top {
	case dbDir:
		return !strings.Contains(rest, "/") && !strings.HasPrefix(rest, ".")
	case mediaDir:
		return true
	}
	return false
}

// VerifyBackup reads every file of the backup in dir back and checks it
// against the MANIFEST (and each database with PRAGMA integrity_check).
func VerifyBackup(ctx context.Context, dir string) (Manifest, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return m, err
	}
	for _, f := range m.Files {
		if err := checkFile(ctx, filepath.Join(dir, filepath.FromSlash(f.Path)), f); err != nil {
			return m, fmt.Errorf("verify %s: %w", dir, err)
		}
	}
	return m, nil
}

// ErrTargetNotEmpty means Restore was pointed at a data directory in use.
var ErrTargetNotEmpty = errors.New("the target data directory is not empty; restore only into a new or empty directory")

// Restore copies the backup in dir into the data directory target, which must
// not exist or be empty: databases to target/<name>, media to target/media.
// It copies into a temporary directory beside target, checks every file
// against the MANIFEST and each database's integrity, runs check (more
// checks of the restored copy, may be nil), and only then renames the
// directory to target; on any failure target is left as it was.
func Restore(ctx context.Context, dir, target string, check func(ctx context.Context, dataDir string) error) (Manifest, error) {
	return RestoreTo(ctx, dir, target, nil, check)
}

// RestoreTo is Restore writing the media into store instead of
// target/media when store is not nil (a site whose media live in an S3
// bucket). Each media file is checked against the MANIFEST before it is
// stored; its key is content-addressed, so storing it into a bucket that
// already holds it is harmless. The media are stored before target is
// renamed into place: a restore that fails part-way leaves some objects in
// the bucket (which the orphan sweep removes) and target as it was.
func RestoreTo(ctx context.Context, dir, target string, store MediaSink, check func(ctx context.Context, dataDir string) error) (Manifest, error) {
	target = filepath.Clean(target)
	if err := refuseNested(target, dir); err != nil {
		return Manifest{}, err
	}
	if err := requireEmpty(target); err != nil {
		return Manifest{}, err
	}
	m, err := ReadManifest(dir)
	if err != nil {
		return m, fmt.Errorf("restore refused: %w", err)
	}
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o750); err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(target)+".restore-*")
	if err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.MkdirAll(filepath.Join(tmp, mediaDir), 0o750); err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	dirs := map[string]bool{tmp: true}
	for _, f := range m.Files {
		if err := ctx.Err(); err != nil {
			return m, err
		}
		src := filepath.Join(dir, filepath.FromSlash(f.Path))
		if key, ok := strings.CutPrefix(f.Path, mediaDir+"/"); ok && store != nil {
			if err := restoreObject(ctx, store, src, key, f); err != nil {
				return m, err
			}
			continue
		}
		rel := strings.TrimPrefix(f.Path, dbDir+"/") // db/x.db -> x.db; media/… stays
		dest := filepath.Join(tmp, filepath.FromSlash(rel))
		got, err := copyFile(src, dest)
		if err != nil {
			return m, fmt.Errorf("restore: %s: %w", f.Path, err)
		}
		if got.Size != f.Size || got.SHA256 != f.SHA256 {
			return m, fmt.Errorf("restore refused: %s does not match the MANIFEST (damaged backup)", f.Path)
		}
		dirs[filepath.Dir(dest)] = true
	}
	for _, f := range m.Files {
		if store != nil && strings.HasPrefix(f.Path, mediaDir+"/") {
			continue // checked before it was stored
		}
		rel := strings.TrimPrefix(f.Path, dbDir+"/")
		if err := checkFile(ctx, filepath.Join(tmp, filepath.FromSlash(rel)), f); err != nil {
			return m, fmt.Errorf("restore: verify: %w", err)
		}
	}
	if check != nil {
		if err := check(ctx, tmp); err != nil {
			return m, fmt.Errorf("restore: verify: %w", err)
		}
	}
	for d := range dirs {
		if err := syncDir(d); err != nil {
			return m, err
		}
	}
	if err := requireEmpty(target); err != nil { // still empty?
		return m, err
	}
	if err := os.Rename(tmp, target); err != nil {
		// Some systems refuse to rename onto an empty directory.
		if rerr := os.Remove(target); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			return m, fmt.Errorf("restore: %w", err)
		}
		if err := os.Rename(tmp, target); err != nil {
			return m, fmt.Errorf("restore: %w", err)
		}
	}
	done = true
	return m, syncDir(parent)
}

// restoreObject reads one media file of a backup, checks it against the
// MANIFEST and stores it under key.
func restoreObject(ctx context.Context, store MediaSink, src, key string, f ManifestFile) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("restore: %s: %w", f.Path, err)
	}
	sum := sha256.Sum256(data)
	if int64(len(data)) != f.Size || hex.EncodeToString(sum[:]) != f.SHA256 {
		return fmt.Errorf("restore refused: %s does not match the MANIFEST (damaged backup)", f.Path)
	}
	if err := store.Put(ctx, key, data); err != nil {
		return fmt.Errorf("restore: %s: %w", f.Path, err)
	}
	return nil
}

func requireEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("restore refused: %s: %w", dir, ErrTargetNotEmpty)
	}
	return nil
}

// refuseNested refuses a backup directory inside the tree it copies (or the
// reverse), which would copy itself.
func refuseNested(a, b string) error {
	if b == "" {
		return nil
	}
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	inside := func(x, y string) bool {
		r, err := filepath.Rel(y, x)
		return err == nil && filepath.IsLocal(r) || r == "."
	}
	if inside(aa, bb) || inside(bb, aa) {
		return fmt.Errorf("%s and %s must not be inside one another", a, b)
	}
	return nil
}

// pruneMedia removes media files of the backup that m does not list (deleted
// from the source since the earlier backup).
func pruneMedia(dir string, m Manifest) (int, error) {
	keep := map[string]bool{}
	for _, f := range m.Files {
		keep[f.Path] = true
	}
	n := 0
	root := filepath.Join(dir, mediaDir)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if !keep[filepath.ToSlash(rel)] {
			if err := os.Remove(p); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return n, fmt.Errorf("backup: prune: %w", err)
	}
	return n, nil
}

// removeTemps deletes what an interrupted backup left under temporary names.
func removeTemps(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasPrefix(d.Name(), tmpPrefix) {
			return os.Remove(p)
		}
		return nil
	})
}

// lockDir takes an exclusive lock on dir/.lock, so two backups never write
// one directory at once; the lock ends with the process.
func lockDir(dir string) (func(), error) {
	f, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("backup: %s: another backup is writing this directory", dir)
	}
	return func() { f.Close() }, nil
}

func syncFile(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

func syncDir(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	err = f.Sync()
	f.Close()
	if err != nil && !errors.Is(err, syscall.EINVAL) { // some file systems cannot sync a directory
		return fmt.Errorf("sync %s: %w", p, err)
	}
	return nil
}

// Backup writes a consistent copy of one database to the file dest, which
// must not exist, through a temporary file beside it and a rename; the copy
// is checked with PRAGMA integrity_check first.
func Backup(ctx context.Context, src *sql.DB, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("db: backup: %s already exists", dest)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("db: backup: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(dest), tmpPrefix+filepath.Base(dest)+"-*")
	if err != nil {
		return fmt.Errorf("db: backup: %w", err)
	}
	tmp := f.Name()
	f.Close()
	os.Remove(tmp)
	fail := func(err error) error {
		os.Remove(tmp)
		return fmt.Errorf("db: backup to %s: %w", dest, err)
	}
	if err := copyInto(ctx, src, tmp); err != nil {
		return fail(err)
	}
	if err := IntegrityCheck(ctx, tmp); err != nil {
		return fail(err)
	}
	if err := syncFile(tmp); err != nil {
		return fail(err)
	}
	if err := os.Link(tmp, dest); err != nil { // fails if dest appeared meanwhile
		return fail(err)
	}
	os.Remove(tmp)
	return syncDir(filepath.Dir(dest))
}

// Package media recognizes what a file is from its content, and reads what labeling needs to know
// of it: the pixel size of images, the duration, frame rate and frame count of video and audio.
package media

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // registers GIF for image.DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"

	"github.com/loupehq/loupe/internal/loupe"
)

// Info is what Probe learned of a file.
type Info struct {
	Type       loupe.ItemType
	MIME       string
	Width      *int
	Height     *int
	DurationMS *int64
	FPS        *float64
	FrameCount *int64
}

// maxDimension bounds image sides: larger claims are a corrupt or hostile header.
const maxDimension = 1 << 17

// Sniff tells a file's MIME type and item type from its first bytes (512 suffice), or says why
// Loupe does not take it.
func Sniff(head []byte) (mime string, t loupe.ItemType, err error) {
	if len(head) == 0 {
		return "", "", errors.New("the file is empty")
	}
	mime = detect(head)
	switch {
	case mime == "image/png", mime == "image/jpeg", mime == "image/webp", mime == "image/tiff", mime == "image/gif", mime == "image/bmp":
		return mime, loupe.ItemImage, nil
	case strings.HasPrefix(mime, "video/"):
		return mime, loupe.ItemVideo, nil
	case strings.HasPrefix(mime, "audio/"), mime == "application/ogg":
		return mime, loupe.ItemAudio, nil
	case mime == "application/pdf":
		return mime, loupe.ItemDocument, nil
	case strings.HasPrefix(mime, "text/plain"):
		return "text/plain; charset=utf-8", loupe.ItemText, nil
	}
	return mime, "", fmt.Errorf("Loupe does not take %s files: it takes images (PNG, JPEG, WebP, TIFF, GIF, BMP), video, audio, UTF-8 text and PDF", mime)
}

// detect extends http.DetectContentType with the formats it does not know.
func detect(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return "image/tiff"
	case bytes.HasPrefix(b, []byte("fLaC")):
		return "audio/flac"
	case bytes.HasPrefix(b, []byte("\x1a\x45\xdf\xa3")) && bytes.Contains(b[:min(len(b), 64)], []byte("matroska")):
		return "video/x-matroska"
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		switch brand := string(b[8:12]); {
		case brand == "qt  ":
			return "video/quicktime"
		case brand == "M4A ", brand == "M4B ":
			return "audio/mp4"
		default:
			return "video/mp4"
		}
	}
	m := http.DetectContentType(b)
	if strings.HasPrefix(m, "text/plain") && !utf8.Valid(trimPartialRune(b)) {
		return "application/octet-stream"
	}
	return m
}

// trimPartialRune drops a multi-byte character cut by the end of a sniffed head.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if r, _ := utf8.DecodeLastRune(b); r != utf8.RuneError {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}

// Probe reads what labeling needs of a file of size bytes. A file Loupe does not take, or an image
// whose header does not decode, is an Invalid error that says why.
func Probe(ctx context.Context, r io.ReaderAt, size int64) (Info, error) {
	head := make([]byte, min(size, 512))
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return Info{}, loupe.Wrap(err, "read file head")
	}
	mime, typ, err := Sniff(head)
	if err != nil {
		return Info{}, loupe.Errorf(loupe.Invalid, "%v", err)
	}
	info := Info{Type: typ, MIME: mime}
	switch typ {
	case loupe.ItemImage:
		cfg, _, err := image.DecodeConfig(io.NewSectionReader(r, 0, size))
		if err != nil {
			return info, loupe.Errorf(loupe.Invalid, "the file looks like %s but is not a readable image: %v", mime, err)
		}
		if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxDimension || cfg.Height > maxDimension {
			return info, loupe.Errorf(loupe.Invalid, "the image claims %d×%d pixels, which is not a real image", cfg.Width, cfg.Height)
		}
		info.Width, info.Height = &cfg.Width, &cfg.Height
	case loupe.ItemText:
		if err := checkUTF8(r, size); err != nil {
			return info, err
		}
	case loupe.ItemVideo, loupe.ItemAudio:
		// Without ffprobe the timing stays unknown; the item is still usable.
		if err := ffprobe(ctx, r, size, &info); err != nil && !errors.Is(err, errNoFFprobe) {
			return info, loupe.Errorf(loupe.Invalid, "the file looks like %s but its streams do not read: %v", mime, err)
		}
	}
	return info, nil
}

// checkUTF8 refuses text that is not UTF-8, reading it in pieces.
func checkUTF8(r io.ReaderAt, size int64) error {
	buf := make([]byte, 64<<10)
	var carry []byte
	for off := int64(0); off < size; {
		n, err := r.ReadAt(buf, off)
		chunk := append(carry, buf[:n]...)
		off += int64(n)
		valid := chunk
		if off < size {
			valid = trimPartialRune(chunk)
		}
		if !utf8.Valid(valid) {
			return loupe.Errorf(loupe.Invalid, "the text is not UTF-8")
		}
		carry = append([]byte(nil), chunk[len(valid):]...)
		if err != nil && !errors.Is(err, io.EOF) {
			return loupe.Wrap(err, "read text")
		}
		if n == 0 {
			break
		}
	}
	return nil
}

var errNoFFprobe = errors.New("ffprobe is not installed")

// ffprobe asks Debian's ffprobe for the streams. ffprobe reads the file over HTTP from a
// short-lived server on the loopback, so that it can seek (an MP4's index often sits at the end)
// without the file ever being copied to disk.
func ffprobe(ctx context.Context, r io.ReaderAt, size int64, info *Info) error {
	bin, err := exec.LookPath("ffprobe")
	if err != nil {
		return errNoFFprobe
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		http.ServeContent(w, req, "", time.Time{}, io.NewSectionReader(r, 0, size))
	}), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
		"http://"+ln.Addr().String()+"/media").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && len(ee.Stderr) > 0 {
			return errors.New(strings.TrimSpace(string(ee.Stderr)))
		}
		return err
	}
	return parseFFprobe(out, info)
}

type ffprobeOutput struct {
	Streams []struct {
		CodecType    string `json:"codec_type"`
		Width        int    `json:"width"`
		Height       int    `json:"height"`
		AvgFrameRate string `json:"avg_frame_rate"`
		NbFrames     string `json:"nb_frames"`
		Duration     string `json:"duration"`
	} `json:"streams"`
	Format struct {
		Duration string `json:"duration"`
	} `json:"format"`
}

// parseFFprobe reads ffprobe's JSON into info: the first video stream's size, rate and frames,
// and the container's duration.
func parseFFprobe(out []byte, info *Info) error {
	var p ffprobeOutput
	if err := json.Unmarshal(out, &p); err != nil {
		return fmt.Errorf("unreadable ffprobe output: %w", err)
	}
	if len(p.Streams) == 0 {
		return errors.New("no audio or video stream")
	}
	if d, err := strconv.ParseFloat(p.Format.Duration, 64); err == nil && d >= 0 {
		ms := int64(d * 1000)
		info.DurationMS = &ms
	}
	for _, s := range p.Streams {
		if s.CodecType != "video" {
			continue
		}
		if s.Width > 0 && s.Height > 0 {
			w, h := s.Width, s.Height
			info.Width, info.Height = &w, &h
		}
		if fps, ok := rate(s.AvgFrameRate); ok {
			info.FPS = &fps
		}
		if n, err := strconv.ParseInt(s.NbFrames, 10, 64); err == nil && n > 0 {
			info.FrameCount = &n
		} else if info.FPS != nil && info.DurationMS != nil {
			n := int64(float64(*info.DurationMS) / 1000 * *info.FPS)
			info.FrameCount = &n
		}
		break
	}
	return nil
}

// rate parses ffprobe's "30000/1001".
func rate(s string) (float64, bool) {
	num, den, ok := strings.Cut(s, "/")
	if !ok {
		return 0, false
	}
	n, err1 := strconv.ParseFloat(num, 64)
	d, err2 := strconv.ParseFloat(den, 64)
	if err1 != nil || err2 != nil || d == 0 || n <= 0 {
		return 0, false
	}
	return n / d, true
}

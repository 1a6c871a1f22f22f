package media

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"

	"github.com/loupehq/loupe/internal/loupe"
)

func encoded(t *testing.T, enc func(*bytes.Buffer, image.Image) error) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 30, 20))
	img.Set(3, 4, color.RGBA{R: 255, A: 255})
	var b bytes.Buffer
	if err := enc(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func testdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func probe(t *testing.T, b []byte) (Info, error) {
	t.Helper()
	return Probe(context.Background(), bytes.NewReader(b), int64(len(b)))
}

func TestProbe_Images(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data []byte
		mime string
		w, h int
	}{
		{"png", encoded(t, func(b *bytes.Buffer, i image.Image) error { return png.Encode(b, i) }), "image/png", 30, 20},
		{"jpeg", encoded(t, func(b *bytes.Buffer, i image.Image) error { return jpeg.Encode(b, i, nil) }), "image/jpeg", 30, 20},
		{"gif", encoded(t, func(b *bytes.Buffer, i image.Image) error { return gif.Encode(b, i, nil) }), "image/gif", 30, 20},
		{"tiff", encoded(t, func(b *bytes.Buffer, i image.Image) error { return tiff.Encode(b, i, nil) }), "image/tiff", 30, 20},
		{"bmp", encoded(t, func(b *bytes.Buffer, i image.Image) error { return bmp.Encode(b, i) }), "image/bmp", 30, 20},
		{"webp", testdata(t, "image.webp"), "image/webp", 32, 24},
	}
	for _, tt := range tests {
		info, err := probe(t, tt.data)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if info.Type != loupe.ItemImage || info.MIME != tt.mime || info.Width == nil || *info.Width != tt.w || *info.Height != tt.h {
			t.Errorf("%s: %+v, want %s %d×%d", tt.name, info, tt.mime, tt.w, tt.h)
		}
	}
}

func TestProbe_Refusals(t *testing.T) {
	t.Parallel()
	pngHead := encoded(t, func(b *bytes.Buffer, i image.Image) error { return png.Encode(b, i) })[:8]
	badUTF8 := append(bytes.Repeat([]byte("fine text "), 200), 0xff, 0xfe, 'x')
	huge := encoded(t, func(b *bytes.Buffer, i image.Image) error { return png.Encode(b, i) })
	copy(huge[16:24], []byte{0x7f, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff}) // IHDR width and height
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "empty"},
		{"corrupt png", append(pngHead, bytes.Repeat([]byte{0x42}, 100)...), "not a readable image"},
		{"absurd size", huge, ""},
		{"zip", []byte("PK\x03\x04 a zip archive"), "does not take application/zip"},
		{"binary", []byte{0, 1, 2, 3, 0xff, 0xfe, 0xfd}, "does not take"},
		{"text that turns bad after the head", badUTF8, "not UTF-8"},
	}
	for _, tt := range tests {
		_, err := probe(t, tt.data)
		if err == nil || !loupe.IsCode(err, loupe.Invalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an Invalid error about %q", tt.name, err, tt.want)
		}
	}
}

func TestProbe_TextAndDocuments(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Grüße aus Köln — ", 10000)
	for name, c := range map[string]struct {
		data string
		typ  loupe.ItemType
	}{
		"utf-8 text":    {long, loupe.ItemText},
		"pdf":           {"%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n", loupe.ItemDocument},
		"one character": {"a", loupe.ItemText},
	} {
		info, err := probe(t, []byte(c.data))
		if err != nil || info.Type != c.typ {
			t.Errorf("%s: %+v, %v", name, info, err)
		}
	}
}

func TestProbe_VideoAndAudio(t *testing.T) {
	t.Parallel()
	_, noFFprobe := exec.LookPath("ffprobe")
	if noFFprobe != nil && os.Getenv("CI") == "true" {
		t.Fatal("ffprobe is missing; `make test` installs Debian's ffmpeg")
	}
	clip, err := probe(t, testdata(t, "clip.mp4"))
	if err != nil || clip.Type != loupe.ItemVideo || clip.MIME != "video/mp4" {
		t.Fatalf("clip: %+v, %v", clip, err)
	}
	tone, err := probe(t, testdata(t, "tone.wav"))
	if err != nil || tone.Type != loupe.ItemAudio {
		t.Fatalf("tone: %+v, %v", tone, err)
	}
	if noFFprobe != nil {
		if clip.DurationMS != nil || clip.FPS != nil {
			t.Fatalf("timing without ffprobe: %+v", clip)
		}
		t.Skip("ffprobe not installed: timing stays unknown, as it should")
	}
	if *clip.DurationMS != 2000 || *clip.FPS != 10 || *clip.FrameCount != 20 || *clip.Width != 64 || *clip.Height != 48 {
		t.Fatalf("clip: %dms %vfps %d frames %d×%d", *clip.DurationMS, *clip.FPS, *clip.FrameCount, *clip.Width, *clip.Height)
	}
	if *tone.DurationMS != 1500 || tone.FPS != nil {
		t.Fatalf("tone: %+v", tone)
	}
	// The index at the end of the file: ffprobe must be able to seek.
	tail, err := probe(t, testdata(t, "tail-index.mp4"))
	if err != nil || *tail.DurationMS != 1000 {
		t.Fatalf("tail-index: %+v, %v", tail, err)
	}
	// A video whose streams do not read is refused.
	broken := append([]byte(nil), testdata(t, "clip.mp4")[:40]...)
	if _, err := probe(t, append(broken, bytes.Repeat([]byte{0}, 500)...)); !loupe.IsCode(err, loupe.Invalid) {
		t.Fatalf("broken video: %v", err)
	}
}

func TestParseFFprobe(t *testing.T) {
	t.Parallel()
	var info Info
	err := parseFFprobe([]byte(`{"streams": [{"codec_type": "audio"}, {"codec_type": "video", "width": 1920, "height": 1080,
		"avg_frame_rate": "30000/1001", "nb_frames": ""}], "format": {"duration": "10.010000"}}`), &info)
	if err != nil || *info.Width != 1920 || *info.DurationMS != 10010 || *info.FrameCount != 300 || *info.FPS < 29.97 || *info.FPS > 29.98 {
		t.Fatalf("%+v %v", info, err)
	}
	if err := parseFFprobe([]byte(`{"streams": []}`), &Info{}); err == nil {
		t.Fatal("no streams accepted")
	}
}

func FuzzSniff(f *testing.F) {
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte("II*\x00"))
	f.Add([]byte("\x00\x00\x00\x18ftypqt  "))
	f.Fuzz(func(t *testing.T, b []byte) {
		mime, typ, err := Sniff(b)
		if err == nil && (mime == "" || typ == "") {
			t.Fatalf("accepted %q as %q %q", b, mime, typ)
		}
	})
}

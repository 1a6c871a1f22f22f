package api_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"testing"
)

// pngBytes is a small real PNG of w×h pixels.
func pngBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{R: uint8(x), G: 100, B: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// upload builds a multipart form with an optional metadata part and one file part.
func upload(t testing.TB, name string, data []byte, metadata string) multipartBody {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if metadata != "" {
		mw.WriteField("metadata", metadata)
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return multipartBody{contentType: mw.FormDataContentType(), data: b.Bytes()}
}

// uploadField builds a multipart form with one file part of the given field name.
func uploadField(t testing.TB, field, name string, data []byte) multipartBody {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return multipartBody{contentType: mw.FormDataContentType(), data: b.Bytes()}
}

// rawBody sends bytes as they are.
func rawBody(data []byte) multipartBody {
	return multipartBody{contentType: "application/octet-stream", data: data}
}

func pngUpload(t testing.TB, name, metadata string) multipartBody {
	return upload(t, name, pngBytes(t, 40, 30), metadata)
}

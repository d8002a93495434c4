package mediafs

import (
	"context"
	"io"
	"testing"

	"agora"
)

func TestDir(t *testing.T) {
	ctx := context.Background()
	d := New(t.TempDir() + "/media")
	if err := d.Put(ctx, "abcdef0123", []byte("data")); err != nil {
		t.Fatal(err)
	}
	if err := d.Put(ctx, "abcdef0123", []byte("other")); agora.ErrorCode(err) != agora.ECONFLICT {
		t.Errorf("second Put: %v, want ECONFLICT", err)
	}
	f, err := d.Open(ctx, "abcdef0123")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(f)
	f.Close()
	if string(b) != "data" {
		t.Errorf("read %q", b)
	}
	for _, key := range []string{"../../etc/passwd", "ABC", "", "abcdef0124"} {
		if _, err := d.Open(ctx, key); agora.ErrorCode(err) != agora.ENOTFOUND {
			t.Errorf("Open(%q): %v, want ENOTFOUND", key, err)
		}
	}
	if err := d.Remove(ctx, "abcdef0123"); err != nil {
		t.Fatal(err)
	}
	if err := d.Remove(ctx, "abcdef0123"); err != nil {
		t.Errorf("second Remove: %v", err)
	}
	if _, err := d.Open(ctx, "abcdef0123"); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("Open after Remove: %v", err)
	}
}

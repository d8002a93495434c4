package cachestore

import (
	"reflect"
	"testing"
	"time"

	"agora"
)

// TestSameStatus changes each field of agora.Status in turn and checks that
// sameStatus notices: a field added to Status and forgotten there would let the
// status cache keep a record, and the API its JSON, that no longer match.
func TestSameStatus(t *testing.T) {
	base := agora.Status{ID: 1, AccountID: 2, Text: "t", Content: "<p>t</p>", Visibility: agora.VisibilityPublic,
		CreatedAt: time.UnixMilli(1000).UTC(), Tags: []string{"a"}, Mentions: []agora.ID{3}}
	same := base
	same.Tags, same.Mentions = []string{"a"}, []agora.ID{3} // equal, not the same slices
	if !sameStatus(&base, &same) {
		t.Fatal("sameStatus of equal statuses is false")
	}
	typ := reflect.TypeOf(base)
	for i := range typ.NumField() {
		changed := base
		f := reflect.ValueOf(&changed).Elem().Field(i)
		switch f.Kind() {
		case reflect.Int64, reflect.Int:
			f.SetInt(f.Int() + 7)
		case reflect.String:
			f.SetString(f.String() + "x")
		case reflect.Bool:
			f.SetBool(!f.Bool())
		case reflect.Slice:
			f.Set(reflect.Append(reflect.MakeSlice(f.Type(), 0, 0), reflect.Zero(f.Type().Elem())))
		case reflect.Struct: // time.Time
			f.Set(reflect.ValueOf(base.CreatedAt.Add(time.Millisecond)))
		default:
			t.Fatalf("field %s: kind %s not handled by this test", typ.Field(i).Name, f.Kind())
		}
		if sameStatus(&base, &changed) {
			t.Errorf("sameStatus does not compare %s", typ.Field(i).Name)
		}
	}
}

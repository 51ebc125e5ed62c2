package param

import (
	"net/url"
	"testing"
)

func TestLookupTellsEmptyFromAbsent(t *testing.T) {
	v, _ := url.ParseQuery("x=&y=2")
	l := LookupIn(v)
	if val, ok := l("x"); !ok || val != "" {
		t.Errorf("x: %q %v, want present and empty", val, ok)
	}
	if _, ok := l("z"); ok {
		t.Error("z: present, want absent")
	}
}

func TestLookupQueryKeepsSemicolons(t *testing.T) {
	// url.ParseQuery refuses a raw ';'; a matrix parameter uses it between rows.
	l := LookupQuery("?X=1,2;3,4&y=1%2C2")
	if v, _ := l("X"); v != "1,2;3,4" {
		t.Errorf("X = %q", v)
	}
	if v, _ := l("y"); v != "1,2" {
		t.Errorf("y = %q", v)
	}
}

func TestOverAndSentenceAndPresets(t *testing.T) {
	l := Over(LookupQuery("a=1"), LookupQuery("a=2&b=3"))
	if a, _ := l("a"); a != "1" {
		t.Errorf("a = %q, the explicit value should win", a)
	}
	if b, _ := l("b"); b != "3" {
		t.Errorf("b = %q, the base should fill in", b)
	}
	if s := Sentence("lambda is negative"); s != "Lambda is negative." {
		t.Errorf("Sentence: %q", s)
	}
	ps := []Preset{{Name: "a"}, {Name: "b"}}
	if _, ok := Find(ps, "b"); !ok || Names(ps) != "a, b" {
		t.Error("Find or Names")
	}
}

func TestFloats(t *testing.T) {
	if v, err := Floats("p", " 1, 2.5 ,3e-1", "weight"); err != nil || len(v) != 3 || v[2] != 0.3 {
		t.Errorf("Floats: %v %v", v, err)
	}
	for _, bad := range []string{"1,,2", "1,x", "1,NaN", "1,Inf"} {
		if _, err := Floats("p", bad, "weight"); err == nil || err.(*Error).Param != "p" {
			t.Errorf("%q: error %v", bad, err)
		}
	}
	if v, err := Floats("p", "  ", "weight"); v != nil || err != nil {
		t.Errorf("blank: %v %v", v, err)
	}
}

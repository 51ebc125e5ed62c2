// Package param holds what every model's URL parameters share: the lookup that tells an empty
// parameter from an absent one, the error that names its parameter, and named presets. A
// model package (core/sinkhorn, core/dln) parses its own keys on top of it.
package param

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// Error is a problem with one parameter, in words a visitor can act on.
type Error struct {
	Param string // the URL parameter at fault ("" if none in particular)
	Msg   string
}

func (e *Error) Error() string { return e.Msg }

// Lookup returns a parameter's value and whether the parameter is present at all, so that
// "x=" (an empty list, an error) differs from no x (a default).
type Lookup func(key string) (value string, present bool)

// LookupIn adapts URL query values.
func LookupIn(v url.Values) Lookup {
	return func(k string) (string, bool) {
		if _, ok := v[k]; !ok {
			return "", false
		}
		return v.Get(k), true
	}
}

// LookupQuery reads a raw query string such as "X=1,2;3,4&y=1,2". Unlike url.ParseQuery it
// keeps pairs whose value holds a raw ';' (a row separator), splitting on '&' only.
func LookupQuery(q string) Lookup {
	v := url.Values{}
	for _, pair := range strings.Split(strings.TrimPrefix(q, "?"), "&") {
		if pair == "" {
			continue
		}
		k, val, _ := strings.Cut(pair, "=")
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		if uv, err := url.QueryUnescape(val); err == nil {
			val = uv
		}
		v.Add(k, val)
	}
	return LookupIn(v)
}

// Over reads lookup first and falls back to base: explicit parameters over a preset.
func Over(lookup, base Lookup) Lookup {
	return func(k string) (string, bool) {
		if v, ok := lookup(k); ok {
			return v, true
		}
		return base(k)
	}
}

// Sentence turns an error message into a sentence for the page: capital first letter, final stop.
func Sentence(msg string) string {
	if msg == "" {
		return msg
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// Preset is a named problem worth looking at, as a URL query over a model's defaults.
type Preset struct {
	Name  string
	Title string
	Blurb string
	Query string
}

// Find looks a preset up by name.
func Find(presets []Preset, name string) (Preset, bool) {
	for _, p := range presets {
		if p.Name == name {
			return p, true
		}
	}
	return Preset{}, false
}

// Names lists the presets' names for an error message: "a, b, c".
func Names(presets []Preset) string {
	names := make([]string, len(presets))
	for i, p := range presets {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// Floats parses a comma-separated list of finite numbers for parameter key (what names one
// entry in the message, e.g. "weight"). An empty string gives nil; a bad entry gives an Error
// naming its position.
func Floats(key, raw, what string) ([]float64, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, nil
	}
	parts := strings.Split(raw, ",")
	out := make([]float64, len(parts))
	for i, s := range parts {
		s = strings.TrimSpace(s)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			if s == "" {
				return nil, &Error{Param: key, Msg: fmt.Sprintf("%s has an empty entry at position %d (two commas in a row?).", key, i+1)}
			}
			return nil, &Error{Param: key, Msg: fmt.Sprintf("%s: entry %d (%q) is not a finite number; each %s must be a number such as 0.25.", key, i+1, s, what)}
		}
		out[i] = v
	}
	return out, nil
}

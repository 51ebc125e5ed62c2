package rastercanvas

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"io"
)

// pngSignature opens every PNG file.
const pngSignature = "\x89PNG\r\n\x1a\n"

// WritePNGText encodes img as PNG with one tEXt chunk (keyword, text) right after IHDR, so the
// file carries what it shows (the export writes the model, the permalink query and the date).
// The keyword must be 1 to 79 Latin-1 printable characters without leading, trailing or
// double spaces; the text is Latin-1 without NUL: other characters become '?', as tEXt
// holds Latin-1 only.
func WritePNGText(w io.Writer, img image.Image, keyword, text string) error {
	if err := checkKeyword(keyword); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
		return err
	}
	b := buf.Bytes()
	// signature, then IHDR: length (4) type (4) data (13) CRC (4).
	const ihdrEnd = len(pngSignature) + 4 + 4 + 13 + 4
	if len(b) < ihdrEnd || string(b[len(pngSignature)+4:len(pngSignature)+8]) != "IHDR" {
		return errors.New("the PNG encoder did not start with IHDR")
	}
	data := append([]byte(keyword), 0)
	data = append(data, latin1(text)...)
	if _, err := w.Write(b[:ihdrEnd]); err != nil {
		return err
	}
	if err := writeChunk(w, "tEXt", data); err != nil {
		return err
	}
	_, err := w.Write(b[ihdrEnd:])
	return err
}

// WritePNGText encodes the canvas's image with a tEXt chunk (see the function WritePNGText).
func (c *Canvas) WritePNGText(w io.Writer, keyword, text string) error {
	return WritePNGText(w, c.img, keyword, text)
}

func writeChunk(w io.Writer, typ string, data []byte) error {
	var head [8]byte
	binary.BigEndian.PutUint32(head[:4], uint32(len(data)))
	copy(head[4:], typ)
	crc := crc32.NewIEEE()
	crc.Write(head[4:])
	crc.Write(data)
	var tail [4]byte
	binary.BigEndian.PutUint32(tail[:], crc.Sum32())
	for _, p := range [][]byte{head[:], data, tail[:]} {
		if _, err := w.Write(p); err != nil {
			return err
		}
	}
	return nil
}

func checkKeyword(k string) error {
	if len(k) < 1 || len(k) > 79 {
		return fmt.Errorf("a PNG text keyword has 1 to 79 characters; %q has %d", k, len(k))
	}
	for i := 0; i < len(k); i++ {
		ch := k[i]
		if ch < 32 || ch > 126 || (ch == ' ' && (i == 0 || i == len(k)-1 || k[i-1] == ' ')) {
			return fmt.Errorf("the PNG text keyword %q has a character or space it may not have", k)
		}
	}
	return nil
}

// latin1 maps s to Latin-1 bytes: characters outside it (and NUL) become '?'.
func latin1(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r == 0 || r > 0xFF {
			out = append(out, '?')
			continue
		}
		out = append(out, byte(r))
	}
	return out
}

// PNGText returns the tEXt chunks of a PNG file as keyword -> text (Latin-1 decoded), checking
// every chunk's CRC on the way; it is what tests and tools use to read an export's parameters.
func PNGText(b []byte) (map[string]string, error) {
	if len(b) < len(pngSignature) || string(b[:len(pngSignature)]) != pngSignature {
		return nil, errors.New("not a PNG file")
	}
	out := map[string]string{}
	for p := len(pngSignature); p < len(b); {
		if p+8 > len(b) {
			return nil, errors.New("the PNG file ends inside a chunk header")
		}
		n := int(binary.BigEndian.Uint32(b[p:]))
		typ := string(b[p+4 : p+8])
		if n < 0 || p+12+n > len(b) {
			return nil, fmt.Errorf("the %s chunk runs past the end of the file", typ)
		}
		data := b[p+8 : p+8+n]
		if got, want := binary.BigEndian.Uint32(b[p+8+n:]), crc32.ChecksumIEEE(b[p+4:p+8+n]); got != want {
			return nil, fmt.Errorf("the %s chunk has CRC %08x, want %08x", typ, got, want)
		}
		if typ == "tEXt" {
			if k, v, ok := bytes.Cut(data, []byte{0}); ok {
				r := make([]rune, len(v))
				for i, c := range v {
					r[i] = rune(c)
				}
				out[string(k)] = string(r)
			}
		}
		if typ == "IEND" {
			break
		}
		p += 12 + n
	}
	return out, nil
}

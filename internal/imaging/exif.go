package imaging

// WithExif returns the JPEG data with an APP1 "Exif" segment holding text
// inserted after its start-of-image marker, as cameras write their metadata
// (positions included). Tests use it to check that what agora stores has none.
func WithExif(jpegData []byte, text string) []byte {
	if len(jpegData) < 2 || len(text) > 60000 {
		return jpegData
	}
	payload := append([]byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08"), text...)
	n := len(payload) + 2
	seg := append([]byte{0xFF, 0xE1, byte(n >> 8), byte(n)}, payload...)
	out := append([]byte{}, jpegData[:2]...)
	out = append(out, seg...)
	return append(out, jpegData[2:]...)
}

package importer

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// decodeGB18030 converts GB18030 (and so GBK and GB2312) text to UTF-8.
// ok is false when a byte sequence is not GB18030 (it becomes U+FFFD).
func decodeGB18030(src []byte) (s string, ok bool) {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(src)
	if err != nil {
		return "", false
	}
	return string(out), !bytes.ContainsRune(out, utf8.RuneError)
}

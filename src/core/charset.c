/* charset.c: UTF-8 / GBK / GB18030 import decoding through iconv. */
#include "charset.h"
#include "arena.h"
#include "utf8.h"

#include <errno.h>
#include <stdbool.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

enum yl_err
charset_to_utf8(struct arena *a, const char *data, size_t n, const char *charset, char **out, size_t *outlen,
                const char **used, size_t *bad_offset)
{
	*bad_offset = 0;
	bool want_utf8 = charset && (strcasecmp(charset, "utf-8") == 0 || strcasecmp(charset, "utf8") == 0);
	bool want_gb = charset && (strcasecmp(charset, "gbk") == 0 || strcasecmp(charset, "gb18030") == 0 ||
	                           strcasecmp(charset, "gb2312") == 0 || strcasecmp(charset, "cp936") == 0);
	if (charset && !want_utf8 && !want_gb)
		return ERR_MALFORMED;
	if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 && !want_gb) {
		data += 3;
		n -= 3;
		want_utf8 = true;
	}
	if (want_utf8 || (!want_gb && utf8_valid(data, n))) {
		*used = "utf-8";
		if (!utf8_valid(data, n)) {
			/* the first bad byte, for the message: step over whole characters (a prefix cut
			 * inside a character is invalid too, so a bisection over prefixes would stop at
			 * the first multi-byte character instead) */
			size_t i = 0, len = 1;
			while (i < n) {
				for (len = 1; len <= 4 && i + len <= n && !utf8_valid(data + i, len); len++)
					;
				if (len > 4 || i + len > n)
					break;
				i += len;
			}
			*bad_offset = i;
			return ERR_INVALID;
		}
		*out = arena_strndup(a, data, n);
		*outlen = n;
		return YL_OK;
	}
	*used = "gb18030";
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return ERR_INTERNAL;
	size_t cap = n * 2 + 4; /* a GB18030 character of 2 bytes is at most 3 in UTF-8; 4 → 4 */
	char *dst = arena_alloc(a, cap + 1);
	char *in = (char *)data, *o = dst;
	size_t inleft = n, outleft = cap;
	size_t r = iconv(cd, &in, &inleft, &o, &outleft);
	int err = errno;
	iconv_close(cd);
	if (r == (size_t)-1) {
		(void)err;
		*bad_offset = (size_t)(in - data);
		return ERR_INVALID;
	}
	*o = '\0';
	*outlen = (size_t)(o - dst);
	if (!utf8_valid(dst, *outlen))
		return ERR_INVALID; /* a GB18030 NUL, for one */
	*out = dst;
	return YL_OK;
}

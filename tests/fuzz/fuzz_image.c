/* fuzz_image.c: image_clean on any bytes never reads outside them, and whatever it accepts is a
 * fixed point: cleaning the output again gives the same bytes, kind and size. */
#include <string.h>

#include "fuzz.h"
#include "core/arena.h"
#include "core/image.h"

static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* CRC-32 bit by bit: slow, obviously right, and not the module's code. */
static uint32_t
crc(const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
	}
	return ~c;
}

/* A mutated PNG almost always has a wrong CRC, and the walk stops there: so each PNG also runs
 * with every chunk's CRC made right, which lets the fuzzer reach the chunk rules behind them.
 * Returns false when nothing changed. */
static bool
fix_crcs(unsigned char *p, size_t n)
{
	bool changed = false;
	size_t i = sizeof png_sig;
	while (n - i >= 12) {
		uint32_t len = be32(p + i);
		if (len > n - i - 12)
			break;
		uint32_t c = crc(p + i + 4, 4 + (size_t)len);
		unsigned char *at = p + i + 8 + len;
		if (be32(at) != c) {
			at[0] = (unsigned char)(c >> 24);
			at[1] = (unsigned char)(c >> 16);
			at[2] = (unsigned char)(c >> 8);
			at[3] = (unsigned char)c;
			changed = true;
		}
		i += 12 + (size_t)len;
	}
	return changed;
}

static void
check(const unsigned char *p, size_t n)
{
	struct arena *a = arena_new();
	enum image_kind kind = IMAGE_NONE;
	unsigned char *out = NULL;
	size_t len = 0;
	int w = -1, h = -1;
	enum image_problem rc = image_clean(a, p, n, &kind, &out, &len, &w, &h);
	CHECK(rc >= IMAGE_OK && rc <= IMAGE_DAMAGED);
	CHECK(kind == IMAGE_NONE || kind == IMAGE_JPEG || kind == IMAGE_PNG);
	if (rc != IMAGE_OK) {
		CHECK(out == NULL && len == 0 && w == 0 && h == 0);
		CHECK(rc != IMAGE_NOT_IMAGE || kind == IMAGE_NONE);
		CHECK(rc != IMAGE_DAMAGED || kind != IMAGE_NONE);
		CHECK((rc == IMAGE_EMPTY) == (n == 0));
		arena_free(a);
		return;
	}
	CHECK(kind != IMAGE_NONE && out != NULL && len <= n && w > 0 && h > 0);
	if (kind == IMAGE_JPEG)
		CHECK(len >= 4 && out[0] == 0xFF && out[1] == 0xD8 && out[len - 2] == 0xFF && out[len - 1] == 0xD9);
	else
		CHECK(len >= 8 + 25 + 12 + 12 && memcmp(out, png_sig, 8) == 0 &&
		      memcmp(out + len - 12, "\0\0\0\0IEND", 8) == 0);

	/* The output in a buffer of exactly its size, so the second pass is bounds-checked too. */
	unsigned char *copy = malloc(len);
	CHECK(copy != NULL);
	memcpy(copy, out, len);
	enum image_kind kind2 = IMAGE_NONE;
	unsigned char *out2 = NULL;
	size_t len2 = 0;
	int w2 = 0, h2 = 0;
	CHECK(image_clean(a, copy, len, &kind2, &out2, &len2, &w2, &h2) == IMAGE_OK);
	CHECK(kind2 == kind && len2 == len && w2 == w && h2 == h);
	CHECK(memcmp(out2, out, len) == 0);
	free(copy);
	arena_free(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(data, size);
	if (size >= sizeof png_sig && memcmp(data, png_sig, sizeof png_sig) == 0) {
		unsigned char *p = malloc(size);
		CHECK(p != NULL);
		memcpy(p, data, size);
		if (fix_crcs(p, size))
			check(p, size);
		free(p);
	}
	return 0;
}

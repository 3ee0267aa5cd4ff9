/* test_image.c: photos lose Exif, XMP, comments and text chunks but keep every byte of the picture;
 * anything that is not a whole JPEG or PNG is refused without reading past its end. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/image.h"

/* ---- building test images by hand ---- */

struct bytes {
	unsigned char p[4096];
	size_t n;
};

static void
put(struct bytes *b, const void *s, size_t n)
{
	assert_true(b->n + n <= sizeof b->p);
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void
put_str(struct bytes *b, const char *s)
{
	put(b, s, strlen(s));
}

static void
put_be16(struct bytes *b, uint32_t v)
{
	unsigned char x[2] = {(unsigned char)(v >> 8), (unsigned char)v};
	put(b, x, 2);
}

static void
put_be32(struct bytes *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
	    (unsigned char)v};
	put(b, x, 4);
}

/* A JPEG marker segment: FF, the marker, a length that counts itself, the payload. */
static void
segment(struct bytes *b, unsigned marker, const void *payload, size_t n)
{
	unsigned char mk[2] = {0xFF, (unsigned char)marker};
	put(b, mk, 2);
	put_be16(b, (uint32_t)n + 2);
	put(b, payload, n);
}

static const unsigned char soi[2] = {0xFF, 0xD8}, eoi[2] = {0xFF, 0xD9};
static const unsigned char jfif[14] = {'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
static const char exif[] = "Exif\0\0MM\0*\0\0\0\x08GPSLatitude 39/1 54/1 15/1 N GPSLongitude 116/1 24/1 27/1 E";
static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>39,54.25N</exif:GPSLatitude>";
static const char comment[] = "taken by Wang Fang, building 3 unit 2";
static const char photoshop[] = "Photoshop 3.0\0" "8BIM\x04\x04 caption: Wang Fang";
static const char icc[] = "ICC_PROFILE\0\x01\x01 some profile bytes";

/* An 8-row, 16-column greyscale baseline JPEG that decoders accept: every quantiser 1, one
 * Huffman code of length 1 in each table (DC category 0, AC end-of-block), so each of the two
 * blocks is the bits 00 and the scan is 0000 padded with ones. */
static const unsigned char dqt[65] = {0x00, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1};
static const unsigned char sof0[9] = {8, 0x00, 0x08, 0x00, 0x10, 1, 1, 0x11, 0};
static const unsigned char dht_dc[18] = {0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00};
static const unsigned char dht_ac[18] = {0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00};
static const unsigned char sos[6] = {1, 1, 0x00, 0, 63, 0};
static const unsigned char scan[1] = {0x0F};

/* The JPEG a camera might send: the picture with Exif (GPS), XMP, a comment, an ICC profile and
 * Photoshop's captions around it, and bytes after EOI. */
static void
dirty_jpeg(struct bytes *b)
{
	b->n = 0;
	put(b, soi, 2);
	segment(b, 0xE0, jfif, sizeof jfif);
	segment(b, 0xE1, exif, sizeof exif - 1);
	segment(b, 0xE1, xmp, sizeof xmp - 1);
	segment(b, 0xFE, comment, sizeof comment - 1);
	segment(b, 0xDB, dqt, sizeof dqt);
	segment(b, 0xED, photoshop, sizeof photoshop - 1);
	segment(b, 0xC0, sof0, sizeof sof0);
	segment(b, 0xE2, icc, sizeof icc - 1);
	segment(b, 0xC4, dht_dc, sizeof dht_dc);
	segment(b, 0xC4, dht_ac, sizeof dht_ac);
	segment(b, 0xDA, sos, sizeof sos);
	put(b, scan, sizeof scan);
	put(b, eoi, 2);
	put_str(b, "GPS appended after the end");
}

/* The same picture with nothing else: what cleaning must produce. */
static void
clean_jpeg(struct bytes *b)
{
	b->n = 0;
	put(b, soi, 2);
	segment(b, 0xE0, jfif, sizeof jfif);
	segment(b, 0xDB, dqt, sizeof dqt);
	segment(b, 0xC0, sof0, sizeof sof0);
	segment(b, 0xC4, dht_dc, sizeof dht_dc);
	segment(b, 0xC4, dht_ac, sizeof dht_ac);
	segment(b, 0xDA, sos, sizeof sos);
	put(b, scan, sizeof scan);
	put(b, eoi, 2);
}

/* CRC-32 bit by bit, the slow obvious way, so the module's table is checked against it. */
static uint32_t
ref_crc(const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
	}
	return ~c;
}

static void
chunk(struct bytes *b, const char *type, const void *data, size_t n)
{
	put_be32(b, (uint32_t)n);
	size_t at = b->n;
	put(b, type, 4);
	put(b, data, n);
	put_be32(b, ref_crc(b->p + at, 4 + n));
}

static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
/* 3 columns, 2 rows, 8-bit grey */
static const unsigned char ihdr[13] = {0, 0, 0, 3, 0, 0, 0, 2, 8, 0, 0, 0, 0};
static const unsigned char gama[4] = {0, 0, 0xB1, 0x8F};
static const char text[] = "Author\0Wang Fang, building 3";
static const char png_exif[] = "MM\0*\0\0\0\x08GPSLatitude 39/1 54/1 15/1 N";
static const char itxt[] = "XML:com.adobe.xmp\0\0\0\0\0<exif:GPSLatitude>39,54.25N</exif:GPSLatitude>";
static const unsigned char time_[7] = {0x07, 0xEA, 11, 27, 3, 37, 0};

/* The zlib stream of the two filtered rows (filter 0, three grey bytes each) in one stored
 * block, split in two so the image has two IDAT chunks. */
static void
idat_stream(unsigned char z[19])
{
	static const unsigned char rows[8] = {0, 0x10, 0x20, 0x30, 0, 0x40, 0x50, 0x60};
	unsigned char head[7] = {0x78, 0x01, 0x01, 0x08, 0x00, 0xF7, 0xFF};
	uint32_t s1 = 1, s2 = 0;
	for (size_t i = 0; i < sizeof rows; i++) {
		s1 = (s1 + rows[i]) % 65521;
		s2 = (s2 + s1) % 65521;
	}
	uint32_t adler = s2 << 16 | s1;
	memcpy(z, head, 7);
	memcpy(z + 7, rows, 8);
	z[15] = (unsigned char)(adler >> 24);
	z[16] = (unsigned char)(adler >> 16);
	z[17] = (unsigned char)(adler >> 8);
	z[18] = (unsigned char)adler;
}

static void
dirty_png(struct bytes *b)
{
	unsigned char z[19];
	idat_stream(z);
	b->n = 0;
	put(b, png_sig, 8);
	chunk(b, "IHDR", ihdr, sizeof ihdr);
	chunk(b, "tEXt", text, sizeof text - 1);
	chunk(b, "gAMA", gama, sizeof gama);
	chunk(b, "eXIf", png_exif, sizeof png_exif - 1);
	chunk(b, "iTXt", itxt, sizeof itxt - 1);
	chunk(b, "prVt", "GPS", 3); /* an ancillary chunk nobody has heard of */
	chunk(b, "IDAT", z, 10);
	chunk(b, "IDAT", z + 10, 9);
	chunk(b, "tIME", time_, sizeof time_);
	chunk(b, "zTXt", "Comment\0\0x", 10);
	chunk(b, "IEND", "", 0);
	put_str(b, "GPS appended after the end");
}

static void
clean_png(struct bytes *b)
{
	unsigned char z[19];
	idat_stream(z);
	b->n = 0;
	put(b, png_sig, 8);
	chunk(b, "IHDR", ihdr, sizeof ihdr);
	chunk(b, "gAMA", gama, sizeof gama);
	chunk(b, "IDAT", z, 10);
	chunk(b, "IDAT", z + 10, 9);
	chunk(b, "IEND", "", 0);
}

/* ---- running image_clean ---- */

struct result {
	enum image_problem rc;
	enum image_kind kind;
	unsigned char *out;
	size_t len;
	int w, h;
};

/* Cleans a copy of exactly n bytes on the heap, so ASan sees a read one byte too far. */
static struct result
clean(struct arena *a, const unsigned char *p, size_t n)
{
	struct result r;
	unsigned char *copy = malloc(n ? n : 1);
	assert_non_null(copy);
	if (n)
		memcpy(copy, p, n);
	r.rc = image_clean(a, copy, n, &r.kind, &r.out, &r.len, &r.w, &r.h);
	free(copy);
	if (r.rc != IMAGE_OK) {
		assert_null(r.out);
		assert_int_equal(r.len, 0);
	} else {
		assert_non_null(r.out);
		assert_true(r.len <= n);
		assert_true(r.w > 0 && r.h > 0);
	}
	return r;
}

static bool
contains(const struct result *r, const char *s)
{
	size_t k = strlen(s);
	for (size_t i = 0; i + k <= r->len; i++)
		if (memcmp(r->out + i, s, k) == 0)
			return true;
	return false;
}

/* Cleaning the output again changes nothing. */
static void
assert_fixed_point(struct arena *a, const struct result *r)
{
	struct result again = clean(a, r->out, r->len);
	assert_int_equal(again.rc, IMAGE_OK);
	assert_int_equal(again.kind, r->kind);
	assert_int_equal(again.len, r->len);
	assert_memory_equal(again.out, r->out, r->len);
	assert_int_equal(again.w, r->w);
	assert_int_equal(again.h, r->h);
}

static int
setup(void **state)
{
	*state = arena_new();
	return *state ? 0 : -1;
}

static int
teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* ---- JPEG ---- */

static void
jpeg_loses_exif_xmp_comments_and_trailing_bytes_and_keeps_the_picture(void **state)
{
	struct bytes in, want;
	dirty_jpeg(&in);
	clean_jpeg(&want);
	struct result r = clean(*state, in.p, in.n);
	assert_int_equal(r.rc, IMAGE_OK);
	assert_int_equal(r.kind, IMAGE_JPEG);
	assert_int_equal(r.w, 16);
	assert_int_equal(r.h, 8);
	static const char *const gone[] = {"Exif", "GPS", "xap", "Wang", "Photoshop", "8BIM", "ICC_PROFILE"};
	for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
		assert_false(contains(&r, gone[i]));
	assert_int_equal(r.len, want.n);
	assert_memory_equal(r.out, want.p, want.n);
	assert_fixed_point(*state, &r);
}

static void
a_clean_jpeg_comes_back_byte_for_byte(void **state)
{
	struct bytes in;
	clean_jpeg(&in);
	struct result r = clean(*state, in.p, in.n);
	assert_int_equal(r.rc, IMAGE_OK);
	assert_int_equal(r.len, in.n);
	assert_memory_equal(r.out, in.p, in.n);
}

static void
jfif_thumbnail_is_cut_and_the_header_kept(void **state)
{
	/* JFIF with a 2x1 RGB thumbnail: a copy of the picture that would survive cropping */
	unsigned char app0[20];
	memcpy(app0, jfif, 12);
	app0[12] = 2;
	app0[13] = 1;
	memcpy(app0 + 14, "\x11\x22\x33\x44\x55\x66", 6);
	struct bytes in = {.n = 0}, want = {.n = 0};
	put(&in, soi, 2);
	segment(&in, 0xE0, app0, sizeof app0);
	segment(&in, 0xE0, jfif, sizeof jfif); /* a second JFIF header is not kept */
	segment(&in, 0xE0, "JFXX\0\x10thumb", 11); /* thumbnail extension */
	clean_jpeg(&want);
	put(&in, want.p + 2 + 18, want.n - 20); /* the rest of the clean picture after its APP0 */
	struct result r = clean(*state, in.p, in.n);
	assert_int_equal(r.rc, IMAGE_OK);
	assert_int_equal(r.len, want.n);
	assert_memory_equal(r.out, want.p, want.n);
}

static void
adobe_colour_transform_is_kept_other_app14_dropped(void **state)
{
	static const unsigned char adobe[12] = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 1};
	unsigned char adobe_long[20];
	memcpy(adobe_long, adobe, 12);
	memcpy(adobe_long + 12, "GPS GPS ", 8);
	struct bytes in, want;
	clean_jpeg(&in);
	clean_jpeg(&want);
	/* insert after SOI: an Adobe segment with extra bytes, and another APP14 */
	struct bytes body = {.n = 0};
	put(&body, in.p + 2, in.n - 2);
	in.n = 2;
	segment(&in, 0xEE, adobe_long, sizeof adobe_long);
	segment(&in, 0xEE, "Ducky", 5);
	put(&in, body.p, body.n);
	want.n = 2;
	segment(&want, 0xEE, adobe, sizeof adobe);
	put(&want, body.p, body.n);

	struct result r = clean(*state, in.p, in.n);
	assert_int_equal(r.rc, IMAGE_OK);
	assert_int_equal(r.len, want.n);
	assert_memory_equal(r.out, want.p, want.n);
	assert_false(contains(&r, "GPS"));
	assert_fixed_point(*state, &r);
}

static void
progressive_scans_with_restarts_and_stuffing_are_copied_exactly(void **state)
{
	/* SOF2, a DRI, two scans with a DHT between them; the entropy data holds stuffed FF00,
	 * RST0..RST1 and a run of fill bytes before the next marker */
	static const unsigned char data1[] = {0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xD1, 0x78};
	static const unsigned char data2[] = {0xFF, 0x00, 0x9A};
	static const unsigned char sos_dc[6] = {1, 1, 0x00, 0, 0, 0};
	static const unsigned char sos_ac[6] = {1, 1, 0x00, 1, 63, 0};
	struct bytes in = {.n = 0}, want = {.n = 0};
	struct bytes *both[2] = {&in, &want};
	for (int k = 0; k < 2; k++) {
		struct bytes *b = both[k];
		put(b, soi, 2);
		segment(b, 0xDB, dqt, sizeof dqt);
		segment(b, 0xC2, sof0, sizeof sof0);
		segment(b, 0xDD, "\x00\x01", 2);
		segment(b, 0xC4, dht_dc, sizeof dht_dc);
		segment(b, 0xDA, sos_dc, sizeof sos_dc);
		put(b, data1, sizeof data1);
		if (b == &in) {
			put(b, "\xFF\xFF\xFF", 3); /* fill before the next marker */
			segment(b, 0xFE, "between scans", 13);
		}
		segment(b, 0xC4, dht_ac, sizeof dht_ac);
		segment(b, 0xDA, sos_ac, sizeof sos_ac);
		put(b, data2, sizeof data2);
		put(b, eoi, 2);
	}
	struct result r = clean(*state, in.p, in.n);
	assert_int_equal(r.rc, IMAGE_OK);
	assert_int_equal(r.len, want.n);
	assert_memory_equal(r.out, want.p, want.n);
	assert_fixed_point(*state, &r);
}

/* The clean picture with the segment of the given marker replaced (or, payload NULL, taken out). */
static void
jpeg_with(struct bytes *b, unsigned marker, const void *payload, size_t n)
{
	struct bytes src;
	clean_jpeg(&src);
	b->n = 0;
	put(b, soi, 2);
	size_t i = 2;
	while (i < src.n) {
		unsigned m = src.p[i + 1];
		size_t len = (size_t)src.p[i + 2] << 8 | src.p[i + 3];
		if (m == 0xDA) {
			put(b, src.p + i, src.n - i);
			break;
		}
		if (m == marker) {
			if (payload != NULL)
				segment(b, marker, payload, n);
		} else {
			put(b, src.p + i, 2 + len);
		}
		i += 2 + len;
	}
}

static void
jpeg_without_a_frame_size_or_in_the_wrong_order_is_damaged(void **state)
{
	struct bytes b;
	static const unsigned char zero_w[9] = {8, 0x00, 0x08, 0x00, 0x00, 1, 1, 0x11, 0};
	static const unsigned char zero_h[9] = {8, 0x00, 0x00, 0x00, 0x10, 1, 1, 0x11, 0};
	static const unsigned char short_sof[8] = {8, 0x00, 0x08, 0x00, 0x10, 1, 1, 0x11};
	static const unsigned char no_comp[6] = {8, 0x00, 0x08, 0x00, 0x10, 0};

	jpeg_with(&b, 0xC0, zero_w, sizeof zero_w);
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);
	jpeg_with(&b, 0xC0, zero_h, sizeof zero_h); /* a height left to a DNL segment */
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);
	jpeg_with(&b, 0xC0, short_sof, sizeof short_sof);
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);
	jpeg_with(&b, 0xC0, no_comp, sizeof no_comp);
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);
	jpeg_with(&b, 0xC0, NULL, 0); /* a scan without a frame */
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);

	/* two frames */
	jpeg_with(&b, 0xC4, NULL, 0);
	struct bytes two = {.n = 0};
	put(&two, b.p, 2);
	segment(&two, 0xC1, sof0, sizeof sof0);
	put(&two, b.p + 2, b.n - 2);
	assert_int_equal(clean(*state, two.p, two.n).rc, IMAGE_DAMAGED);

	/* EOI before any scan; SOI twice; a DNL, a DHP, a JPG extension, a stray RST */
	static const unsigned char early_eoi[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x02, 0xFF, 0xD9};
	assert_int_equal(clean(*state, early_eoi, sizeof early_eoi).rc, IMAGE_DAMAGED);
	static const unsigned char twice[] = {0xFF, 0xD8, 0xFF, 0xD8, 0xFF, 0xD9};
	assert_int_equal(clean(*state, twice, sizeof twice).rc, IMAGE_DAMAGED);
	static const unsigned char odd[] = {0xDC, 0xDE, 0xF0, 0xD3, 0x02, 0x01};
	for (size_t k = 0; k < sizeof odd; k++) {
		struct bytes c;
		clean_jpeg(&c);
		struct bytes d = {.n = 0};
		put(&d, c.p, 2);
		segment(&d, odd[k], "\x00\x00", 2);
		put(&d, c.p + 2, c.n - 2);
		assert_int_equal(clean(*state, d.p, d.n).rc, IMAGE_DAMAGED);
	}
	/* a DRI of the wrong size; a segment length of 0 or 1; garbage where a marker belongs */
	clean_jpeg(&b);
	struct bytes dri = {.n = 0};
	put(&dri, b.p, 2);
	segment(&dri, 0xDD, "\x00\x01\x02", 3);
	put(&dri, b.p + 2, b.n - 2);
	assert_int_equal(clean(*state, dri.p, dri.n).rc, IMAGE_DAMAGED);
	static const unsigned char len0[] = {0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x00, 0xFF, 0xD9};
	static const unsigned char len1[] = {0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0xFF, 0xD9};
	static const unsigned char junk[] = {0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02, 0x41, 0xFF, 0xD9};
	assert_int_equal(clean(*state, len0, sizeof len0).rc, IMAGE_DAMAGED);
	assert_int_equal(clean(*state, len1, sizeof len1).rc, IMAGE_DAMAGED);
	assert_int_equal(clean(*state, junk, sizeof junk).rc, IMAGE_DAMAGED);
	/* a scan that never ends */
	clean_jpeg(&b);
	b.n -= 2;
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);
	put(&b, "\xFF", 1);
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);
}

/* ---- PNG ---- */

static void
png_loses_text_exif_time_and_unknown_chunks_and_keeps_the_pixels(void **state)
{
	struct bytes in, want;
	dirty_png(&in);
	clean_png(&want);
	struct result r = clean(*state, in.p, in.n);
	assert_int_equal(r.rc, IMAGE_OK);
	assert_int_equal(r.kind, IMAGE_PNG);
	assert_int_equal(r.w, 3);
	assert_int_equal(r.h, 2);
	static const char *const gone[] = {"tEXt", "eXIf", "iTXt", "zTXt", "tIME", "prVt", "GPS", "Wang", "xmp"};
	for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
		assert_false(contains(&r, gone[i]));
	assert_int_equal(r.len, want.n);
	assert_memory_equal(r.out, want.p, want.n);
	assert_fixed_point(*state, &r);
}

static void
png_rendering_chunks_are_kept(void **state)
{
	static const char *const keep[] = {"tRNS", "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "bKGD"};
	unsigned char z[19];
	idat_stream(z);
	struct bytes b = {.n = 0};
	put(&b, png_sig, 8);
	chunk(&b, "IHDR", ihdr, sizeof ihdr);
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
		chunk(&b, keep[i], "\x01\x02", 2);
	chunk(&b, "IDAT", z, sizeof z);
	chunk(&b, "IEND", "", 0);
	struct result r = clean(*state, b.p, b.n);
	assert_int_equal(r.rc, IMAGE_OK);
	assert_int_equal(r.len, b.n);
	assert_memory_equal(r.out, b.p, b.n);
}

static void
every_changed_byte_of_a_png_is_noticed(void **state)
{
	/* Past the signature every byte is a length, a type, data or a CRC: a change to any one
	 * breaks a CRC or the chunk layout. In the signature it is no longer a PNG. */
	struct bytes b;
	clean_png(&b);
	for (size_t i = 0; i < b.n; i++) {
		for (unsigned bit = 1; bit < 256; bit <<= 1) {
			b.p[i] ^= (unsigned char)bit;
			struct result r = clean(*state, b.p, b.n);
			assert_int_equal(r.rc, i < 8 ? IMAGE_NOT_IMAGE : IMAGE_DAMAGED);
			b.p[i] ^= (unsigned char)bit;
		}
	}
}

static void
png_chunk_order_and_header_rules_are_enforced(void **state)
{
	unsigned char z[19];
	idat_stream(z);
	struct bytes b;
#define START() (b.n = 0, put(&b, png_sig, 8))
	/* IHDR not first */
	START();
	chunk(&b, "gAMA", gama, 4);
	chunk(&b, "IHDR", ihdr, 13);
	chunk(&b, "IDAT", z, 19);
	chunk(&b, "IEND", "", 0);
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);
	/* IHDR twice */
	START();
	chunk(&b, "IHDR", ihdr, 13);
	chunk(&b, "IHDR", ihdr, 13);
	chunk(&b, "IDAT", z, 19);
	chunk(&b, "IEND", "", 0);
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);
	/* no IDAT */
	START();
	chunk(&b, "IHDR", ihdr, 13);
	chunk(&b, "IEND", "", 0);
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);
	/* no IEND */
	START();
	chunk(&b, "IHDR", ihdr, 13);
	chunk(&b, "IDAT", z, 19);
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);
	/* IEND with data */
	START();
	chunk(&b, "IHDR", ihdr, 13);
	chunk(&b, "IDAT", z, 19);
	chunk(&b, "IEND", "x", 1);
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);
	/* IDATs not consecutive, even around a chunk that would be dropped */
	START();
	chunk(&b, "IHDR", ihdr, 13);
	chunk(&b, "IDAT", z, 10);
	chunk(&b, "tEXt", "a\0b", 3);
	chunk(&b, "IDAT", z + 10, 9);
	chunk(&b, "IEND", "", 0);
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);
	/* PLTE after IDAT */
	START();
	chunk(&b, "IHDR", ihdr, 13);
	chunk(&b, "IDAT", z, 19);
	chunk(&b, "PLTE", "\0\0\0", 3);
	chunk(&b, "IEND", "", 0);
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);
	/* an unknown critical chunk; a type that is not four letters */
	START();
	chunk(&b, "IHDR", ihdr, 13);
	chunk(&b, "CRIT", "x", 1);
	chunk(&b, "IDAT", z, 19);
	chunk(&b, "IEND", "", 0);
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);
	START();
	chunk(&b, "IHDR", ihdr, 13);
	chunk(&b, "a1b2", "x", 1);
	chunk(&b, "IDAT", z, 19);
	chunk(&b, "IEND", "", 0);
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);

	/* IHDR fields: size 0 or over 2^31-1, depth not allowed for the colour type, bad methods */
	static const unsigned char bad_ihdr[][13] = {
	    {0, 0, 0, 0, 0, 0, 0, 2, 8, 0, 0, 0, 0},
	    {0, 0, 0, 3, 0, 0, 0, 0, 8, 0, 0, 0, 0},
	    {0x80, 0, 0, 0, 0, 0, 0, 2, 8, 0, 0, 0, 0},
	    {0, 0, 0, 3, 0x80, 0, 0, 0, 8, 0, 0, 0, 0},
	    {0, 0, 0, 3, 0, 0, 0, 2, 3, 0, 0, 0, 0},
	    {0, 0, 0, 3, 0, 0, 0, 2, 4, 2, 0, 0, 0},
	    {0, 0, 0, 3, 0, 0, 0, 2, 16, 3, 0, 0, 0},
	    {0, 0, 0, 3, 0, 0, 0, 2, 8, 5, 0, 0, 0},
	    {0, 0, 0, 3, 0, 0, 0, 2, 8, 0, 1, 0, 0},
	    {0, 0, 0, 3, 0, 0, 0, 2, 8, 0, 0, 1, 0},
	    {0, 0, 0, 3, 0, 0, 0, 2, 8, 0, 0, 0, 2},
	};
	for (size_t i = 0; i < sizeof bad_ihdr / sizeof bad_ihdr[0]; i++) {
		START();
		chunk(&b, "IHDR", bad_ihdr[i], 13);
		chunk(&b, "IDAT", z, 19);
		chunk(&b, "IEND", "", 0);
		assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);
	}
	/* a palette image, 16-bit RGBA, interlaced: fine */
	static const unsigned char good_ihdr[][13] = {
	    {0, 0, 0, 3, 0, 0, 0, 2, 4, 3, 0, 0, 0},
	    {0, 0, 0, 3, 0, 0, 0, 2, 16, 6, 0, 0, 0},
	    {0, 0, 0, 3, 0, 0, 0, 2, 8, 0, 0, 0, 1},
	};
	for (size_t i = 0; i < sizeof good_ihdr / sizeof good_ihdr[0]; i++) {
		START();
		chunk(&b, "IHDR", good_ihdr[i], 13);
		chunk(&b, "PLTE", "\0\0\0", 3);
		chunk(&b, "IDAT", z, 19);
		chunk(&b, "IEND", "", 0);
		assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_OK);
	}
	/* a chunk length past the end, or over 2^31-1 */
	START();
	chunk(&b, "IHDR", ihdr, 13);
	put_be32(&b, 0x80000000u);
	put(&b, "IDAT\0\0\0\0\0\0\0\0", 12);
	assert_int_equal(clean(*state, b.p, b.n).rc, IMAGE_DAMAGED);
#undef START
}

/* ---- anything else ---- */

static void
truncation_at_every_length_is_refused_never_overread(void **state)
{
	struct bytes j, p;
	clean_jpeg(&j);
	clean_png(&p);
	struct bytes *both[2] = {&j, &p};
	for (int k = 0; k < 2; k++) {
		for (size_t n = 0; n < both[k]->n; n++) {
			struct result r = clean(*state, both[k]->p, n);
			if (n == 0)
				assert_int_equal(r.rc, IMAGE_EMPTY);
			else
				assert_true(r.rc == IMAGE_DAMAGED || r.rc == IMAGE_NOT_IMAGE);
		}
		assert_int_equal(clean(*state, both[k]->p, both[k]->n).rc, IMAGE_OK);
	}
	/* the dirty ones too, cut anywhere before their end marker */
	dirty_jpeg(&j);
	dirty_png(&p);
	for (int k = 0; k < 2; k++) {
		struct bytes *b = both[k];
		size_t tail = strlen("GPS appended after the end");
		for (size_t n = 1; n + tail < b->n; n++) {
			struct result r = clean(*state, b->p, n);
			assert_true(r.rc == IMAGE_DAMAGED || r.rc == IMAGE_NOT_IMAGE);
		}
	}
}

static void
other_files_are_not_images(void **state)
{
	static const struct {
		const char *bytes;
		size_t n;
	} others[] = {
#define B(s) {s, sizeof s - 1}
	    B("GIF89a\x01\x00\x01\x00\x80\x00\x00"),
	    B("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj"),
	    B("this is a text file renamed photo.jpg\n"),
	    B("BM\x3A\x00\x00\x00\x00\x00\x00\x00\x36\x00"),
	    B("RIFF\x24\x00\x00\x00WEBPVP8 "),
	    B("\xFF\xD8"),                        /* too short to tell */
	    B("\xFF\xD9\xFF\xE0"),                /* EOI first */
	    B("\x89PNG\n\x1A\n\0\0\0\x0DIHDR"), /* the signature after a CRLF -> LF transfer */
	    B("<?xml version=\"1.0\"?><svg/>"),
#undef B
	};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		struct result r = clean(*state, (const unsigned char *)others[i].bytes, others[i].n);
		assert_int_equal(r.rc, IMAGE_NOT_IMAGE);
		assert_int_equal(r.kind, IMAGE_NONE);
	}
	/* A PNG signature on something else: it says PNG, and its structure says damaged. */
	struct bytes b = {.n = 0};
	put(&b, png_sig, 8);
	put_str(&b, "<script>alert(1)</script>");
	struct result r = clean(*state, b.p, b.n);
	assert_int_equal(r.rc, IMAGE_DAMAGED);
	assert_int_equal(r.kind, IMAGE_PNG);
}

static void
empty_and_oversize_are_refused_and_the_limit_itself_is_fine(void **state)
{
	struct result r = clean(*state, (const unsigned char *)"", 0);
	assert_int_equal(r.rc, IMAGE_EMPTY);
	assert_int_equal(r.kind, IMAGE_NONE);

	/* a valid JPEG followed by padding up to exactly the limit, then one byte more */
	struct bytes j;
	clean_jpeg(&j);
	unsigned char *big = calloc(1, IMAGE_MAX_BYTES + 1);
	assert_non_null(big);
	memcpy(big, j.p, j.n);
	enum image_kind kind;
	unsigned char *out;
	size_t len;
	int w, h;
	assert_int_equal(image_clean(*state, big, IMAGE_MAX_BYTES, &kind, &out, &len, &w, &h), IMAGE_OK);
	assert_int_equal(len, j.n);
	assert_int_equal(image_clean(*state, big, IMAGE_MAX_BYTES + 1, &kind, &out, &len, &w, &h), IMAGE_TOO_LARGE);
	assert_null(out);
	assert_int_equal(kind, IMAGE_JPEG);
	free(big);
}

/* xorshift64: the same "random" damage on every run */
static uint64_t
next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void
random_damage_never_crashes_and_what_passes_cleans_to_itself(void **state)
{
	struct bytes src[2];
	dirty_jpeg(&src[0]);
	dirty_png(&src[1]);
	uint64_t seed = 0x9E3779B97F4A7C15u;
	for (int round = 0; round < 20000; round++) {
		struct bytes b = src[round & 1];
		int edits = 1 + (int)(next(&seed) % 4);
		for (int e = 0; e < edits; e++) {
			size_t at = (size_t)(next(&seed) % b.n);
			switch (next(&seed) % 3) {
			case 0: b.p[at] = (unsigned char)next(&seed); break;     /* change a byte */
			case 1: b.n = at ? at : 1; break;                        /* cut */
			default: /* drop a byte */
				if (b.n > 1) {
					memmove(b.p + at, b.p + at + 1, b.n - at - 1);
					b.n--;
				}
			}
		}
		struct result r = clean(*state, b.p, b.n);
		if (r.rc == IMAGE_OK)
			assert_fixed_point(*state, &r);
	}
}

static void
mime_types_and_extensions(void **state)
{
	(void)state;
	assert_string_equal(image_mime(IMAGE_JPEG), "image/jpeg");
	assert_string_equal(image_mime(IMAGE_PNG), "image/png");
	assert_null(image_mime(IMAGE_NONE));
	assert_string_equal(image_ext(IMAGE_JPEG), "jpg");
	assert_string_equal(image_ext(IMAGE_PNG), "png");
	assert_null(image_ext(IMAGE_NONE));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(jpeg_loses_exif_xmp_comments_and_trailing_bytes_and_keeps_the_picture, setup, teardown),
		cmocka_unit_test_setup_teardown(a_clean_jpeg_comes_back_byte_for_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(jfif_thumbnail_is_cut_and_the_header_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(adobe_colour_transform_is_kept_other_app14_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(progressive_scans_with_restarts_and_stuffing_are_copied_exactly, setup, teardown),
		cmocka_unit_test_setup_teardown(jpeg_without_a_frame_size_or_in_the_wrong_order_is_damaged, setup, teardown),
		cmocka_unit_test_setup_teardown(png_loses_text_exif_time_and_unknown_chunks_and_keeps_the_pixels, setup, teardown),
		cmocka_unit_test_setup_teardown(png_rendering_chunks_are_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(every_changed_byte_of_a_png_is_noticed, setup, teardown),
		cmocka_unit_test_setup_teardown(png_chunk_order_and_header_rules_are_enforced, setup, teardown),
		cmocka_unit_test_setup_teardown(truncation_at_every_length_is_refused_never_overread, setup, teardown),
		cmocka_unit_test_setup_teardown(other_files_are_not_images, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_and_oversize_are_refused_and_the_limit_itself_is_fine, setup, teardown),
		cmocka_unit_test_setup_teardown(random_damage_never_crashes_and_what_passes_cleans_to_itself, setup, teardown),
		cmocka_unit_test(mime_types_and_extensions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

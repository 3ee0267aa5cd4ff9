/* image.c: JPEG and PNG structure walkers that copy the picture and leave behind Exif, XMP, comments and text chunks. */
#include "image.h"
#include "arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Where the cleaned bytes go. Each walker runs twice over the same input: first with p NULL,
 * only counting, so a rejected upload allocates nothing and an accepted one exactly its size;
 * then again writing into p. The input does not change between the passes, so neither does
 * the walk's verdict. */
struct out {
	unsigned char *p;
	size_t len;
};

static void
emit(struct out *o, const void *s, size_t n)
{
	if (o->p != NULL)
		memcpy(o->p + o->len, s, n);
	o->len += n;
}

static uint32_t
be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- JPEG (ITU-T T.81, with JFIF and Adobe's APP14) ---- */

enum {
	M_SOI = 0xD8, M_EOI = 0xD9, M_SOS = 0xDA, M_DQT = 0xDB, M_DRI = 0xDD,
	M_DHT = 0xC4, M_DAC = 0xCC, M_APP0 = 0xE0, M_APP14 = 0xEE, M_COM = 0xFE,
};

/* SOF0..SOF15 share C0..CF with DHT (C4), JPG (C8) and DAC (CC). */
static bool
is_sof(unsigned m)
{
	return m >= 0xC0 && m <= 0xCF && m != M_DHT && m != 0xC8 && m != M_DAC;
}

/* FF, the marker code, then the segment as it stood (its length field and payload). Fill bytes
 * that preceded the marker in the input are not copied. */
static void
emit_segment(struct out *o, unsigned m, const unsigned char *len_and_payload, size_t len)
{
	unsigned char mk[2] = {0xFF, (unsigned char)m};
	emit(o, mk, 2);
	emit(o, len_and_payload, len);
}

/* Copies entropy-coded data from p[*i) up to the marker that ends the scan (stuffed FF00 and the
 * restart markers RST0..RST7 belong to the scan). Leaves *i on that marker's first FF. False
 * when the input ends first. */
static bool
jpeg_scan(const unsigned char *p, size_t n, size_t *i, struct out *o)
{
	size_t start = *i, at = *i;
	for (;;) {
		const unsigned char *ff = at < n ? memchr(p + at, 0xFF, n - at) : NULL;
		if (ff == NULL)
			return false;
		at = (size_t)(ff - p);
		if (at + 1 >= n)
			return false;
		unsigned c = p[at + 1];
		if (c == 0x00 || (c >= 0xD0 && c <= 0xD7)) {
			at += 2;
			continue;
		}
		break;
	}
	emit(o, p + start, at - start);
	*i = at;
	return true;
}

static enum image_problem
jpeg_walk(const unsigned char *p, size_t n, struct out *o, int *width, int *height)
{
	static const unsigned char soi_eoi[4] = {0xFF, M_SOI, 0xFF, M_EOI};
	bool jfif = false, frame = false, scanned = false;
	size_t i = 2;
	emit(o, soi_eoi, 2);
	for (;;) {
		/* T.81 B.1.1.2: a marker may be preceded by any number of 0xFF fill bytes. */
		if (i >= n || p[i] != 0xFF)
			return IMAGE_DAMAGED;
		while (i < n && p[i] == 0xFF)
			i++;
		if (i >= n)
			return IMAGE_DAMAGED;
		unsigned m = p[i++];
		if (m == M_EOI) {
			if (!scanned)
				return IMAGE_DAMAGED;
			emit(o, soi_eoi + 2, 2);
			return IMAGE_OK; /* whatever follows EOI is not part of the picture */
		}
		/* A stuffed zero, TEM, a restart outside a scan or a second SOI: not a JPEG we can trust. */
		if (m == 0x00 || m == 0x01 || (m >= 0xD0 && m <= M_SOI))
			return IMAGE_DAMAGED;
		if (n - i < 2)
			return IMAGE_DAMAGED;
		size_t len = be16(p + i);
		if (len < 2 || len > n - i)
			return IMAGE_DAMAGED;
		const unsigned char *seg = p + i + 2;
		size_t sl = len - 2;
		size_t at = i;
		i += len;

		if (m == M_APP0) {
			/* JFIF's header is 14 bytes ("JFIF\0", version, units, densities, thumbnail size);
			 * its thumbnail is a second copy of the picture that would survive a crop, so the
			 * segment is written again with a 0x0 thumbnail. Other APP0s (JFXX) only hold
			 * thumbnails. */
			if (jfif || frame || sl < 14 || memcmp(seg, "JFIF\0", 5) != 0)
				continue;
			unsigned char app0[18] = {0xFF, M_APP0, 0x00, 0x10};
			memcpy(app0 + 4, seg, 12);
			emit(o, app0, sizeof app0);
			jfif = true;
		} else if (m == M_APP14) {
			/* Adobe's 12 bytes say whether the components are YCbCr or RGB (CMYK or YCCK):
			 * without them colours come out wrong. Anything past those 12 is dropped. */
			if (sl < 12 || memcmp(seg, "Adobe", 5) != 0)
				continue;
			unsigned char app14[4] = {0xFF, M_APP14, 0x00, 14};
			emit(o, app14, 4);
			emit(o, seg, 12);
		} else if ((m >= 0xE0 && m <= 0xEF) || m == M_COM) {
			continue; /* Exif, XMP, ICC, Photoshop IRB (which holds captions and IPTC), comments */
		} else if (m == M_DQT || m == M_DHT || m == M_DAC) {
			emit_segment(o, m, p + at, len);
		} else if (m == M_DRI) {
			if (sl != 2)
				return IMAGE_DAMAGED;
			emit_segment(o, m, p + at, len);
		} else if (is_sof(m)) {
			/* B.2.2: P, Y, X, Nf, then 3 bytes per component. One frame per file: the
			 * hierarchical mode that has several also needs DHP, which is refused below. */
			if (frame || sl < 6 || seg[5] == 0 || sl != 6 + 3 * (size_t)seg[5])
				return IMAGE_DAMAGED;
			uint32_t y = be16(seg + 1), x = be16(seg + 3);
			if (x == 0 || y == 0)
				return IMAGE_DAMAGED; /* Y = 0 defers the height to a DNL: not for uploads */
			*width = (int)x;
			*height = (int)y;
			frame = true;
			emit_segment(o, m, p + at, len);
		} else if (m == M_SOS) {
			/* B.2.3: Ns (1..4), 2 bytes per component, Ss, Se, Ah/Al. */
			if (!frame || sl < 1 || seg[0] < 1 || seg[0] > 4 || sl != 4 + 2 * (size_t)seg[0])
				return IMAGE_DAMAGED;
			emit_segment(o, m, p + at, len);
			if (!jpeg_scan(p, n, &i, o))
				return IMAGE_DAMAGED;
			scanned = true;
		} else {
			return IMAGE_DAMAGED; /* DNL, DHP, EXP, JPGn, reserved: no camera or editor sends these */
		}
	}
}

/* ---- PNG (ISO/IEC 15948) ---- */

static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

/* Ancillary chunks that change how the pixels look and say nothing about the photographer. */
static const char png_keep[][5] = {"tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "bKGD"};

/* CRC-32 as PNG (and zlib, and Ethernet) define it: reflected polynomial 0xEDB88320, initial
 * and final value all ones. The table lives in the caller's frame: building it costs ~2,000
 * operations, next to nothing for a photo, and a shared lazily built table would race between
 * the server's threads. */
static void
crc_table(uint32_t t[256])
{
	for (uint32_t k = 0; k < 256; k++) {
		uint32_t c = k;
		for (int b = 0; b < 8; b++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		t[k] = c;
	}
}

static uint32_t
png_crc(const uint32_t t[256], const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++)
		c = t[(c ^ p[i]) & 0xFF] ^ (c >> 8);
	return c ^ 0xFFFFFFFFu;
}

static bool
chunk_is(const unsigned char *type, const char *name)
{
	return memcmp(type, name, 4) == 0;
}

/* 11.2.2: the bit depths each colour type allows. */
static bool
ihdr_valid(const unsigned char *d)
{
	unsigned depth = d[8], colour = d[9];
	bool ok;
	switch (colour) {
	case 0: ok = depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16; break;
	case 3: ok = depth == 1 || depth == 2 || depth == 4 || depth == 8; break;
	case 2: case 4: case 6: ok = depth == 8 || depth == 16; break;
	default: ok = false;
	}
	return ok && d[10] == 0 && d[11] == 0 && d[12] <= 1;
}

/* crc is NULL on the copying pass: the first pass has checked every CRC already. */
static enum image_problem
png_walk(const unsigned char *p, size_t n, struct out *o, const uint32_t *crc, int *width, int *height)
{
	bool idat = false, idat_over = false;
	size_t i = sizeof png_sig;
	emit(o, png_sig, sizeof png_sig);
	for (bool first = true;; first = false) {
		if (n - i < 12)
			return IMAGE_DAMAGED;
		uint32_t len = be32(p + i);
		if (len > 0x7FFFFFFFu || len > n - i - 12)
			return IMAGE_DAMAGED;
		const unsigned char *type = p + i + 4, *data = p + i + 8;
		for (int k = 0; k < 4; k++) {
			unsigned c = type[k] | 0x20;
			if (c < 'a' || c > 'z')
				return IMAGE_DAMAGED;
		}
		if (crc != NULL && png_crc(crc, type, 4 + (size_t)len) != be32(data + len))
			return IMAGE_DAMAGED;
		const unsigned char *whole = p + i;
		size_t wlen = 12 + (size_t)len;
		i += wlen;

		bool is_idat = chunk_is(type, "IDAT");
		if (idat && !is_idat)
			idat_over = true;
		if (first != chunk_is(type, "IHDR"))
			return IMAGE_DAMAGED; /* IHDR first, and only there */
		if (first) {
			if (len != 13 || !ihdr_valid(data))
				return IMAGE_DAMAGED;
			uint32_t w = be32(data), h = be32(data + 4);
			if (w == 0 || h == 0 || w > 0x7FFFFFFFu || h > 0x7FFFFFFFu)
				return IMAGE_DAMAGED;
			*width = (int)w;
			*height = (int)h;
			emit(o, whole, wlen);
		} else if (chunk_is(type, "IEND")) {
			if (len != 0 || !idat)
				return IMAGE_DAMAGED;
			emit(o, whole, wlen);
			return IMAGE_OK; /* whatever follows IEND is not part of the picture */
		} else if (is_idat) {
			if (idat_over)
				return IMAGE_DAMAGED; /* 5.6: IDAT chunks are consecutive */
			idat = true;
			emit(o, whole, wlen);
		} else if (chunk_is(type, "PLTE")) {
			if (idat)
				return IMAGE_DAMAGED;
			emit(o, whole, wlen);
		} else if (!(type[0] & 0x20)) {
			return IMAGE_DAMAGED; /* an unknown critical chunk: no decoder may show the image */
		} else {
			for (size_t k = 0; k < sizeof png_keep / sizeof png_keep[0]; k++)
				if (chunk_is(type, png_keep[k])) {
					emit(o, whole, wlen);
					break;
				}
		}
	}
}

/* ---- the entry points ---- */

static enum image_kind
sniff(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0xFF && p[1] == M_SOI && p[2] == 0xFF)
		return IMAGE_JPEG;
	if (n >= sizeof png_sig && memcmp(p, png_sig, sizeof png_sig) == 0)
		return IMAGE_PNG;
	return IMAGE_NONE;
}

enum image_problem
image_clean(struct arena *a, const unsigned char *p, size_t n, enum image_kind *kind, unsigned char **out,
    size_t *outlen, int *width, int *height)
{
	*out = NULL;
	*outlen = 0;
	*width = *height = 0;
	*kind = sniff(p, n);
	if (n == 0)
		return IMAGE_EMPTY;
	if (n > IMAGE_MAX_BYTES)
		return IMAGE_TOO_LARGE;
	if (*kind == IMAGE_NONE)
		return IMAGE_NOT_IMAGE;

	struct out o = {NULL, 0};
	int w = 0, h = 0;
	enum image_problem rc;
	uint32_t crc[256];
	if (*kind == IMAGE_JPEG) {
		rc = jpeg_walk(p, n, &o, &w, &h);
	} else {
		crc_table(crc);
		rc = png_walk(p, n, &o, crc, &w, &h);
	}
	if (rc != IMAGE_OK)
		return rc;

	size_t len = o.len;
	o.p = arena_alloc(a, len);
	o.len = 0;
	if (*kind == IMAGE_JPEG)
		jpeg_walk(p, n, &o, &w, &h);
	else
		png_walk(p, n, &o, NULL, &w, &h);
	*out = o.p;
	*outlen = len;
	*width = w;
	*height = h;
	return IMAGE_OK;
}

const char *
image_mime(enum image_kind k)
{
	return k == IMAGE_JPEG ? "image/jpeg" : k == IMAGE_PNG ? "image/png" : NULL;
}

const char *
image_ext(enum image_kind k)
{
	return k == IMAGE_JPEG ? "jpg" : k == IMAGE_PNG ? "png" : NULL;
}

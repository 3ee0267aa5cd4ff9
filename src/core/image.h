/* image.h: checks an uploaded photo is a whole JPEG or PNG and strips what it says about where and by whom it was taken. */
#ifndef YL_IMAGE_H
#define YL_IMAGE_H

#include <stddef.h>

struct arena;

enum image_kind { IMAGE_NONE, IMAGE_JPEG, IMAGE_PNG };

/* A phone photo is 2-6 MB; a problem report carries up to four, so this bounds a report's body. */
#define IMAGE_MAX_BYTES (8 * 1024 * 1024)

enum image_problem { IMAGE_OK, IMAGE_EMPTY, IMAGE_TOO_LARGE, IMAGE_NOT_IMAGE, IMAGE_DAMAGED };

/* Checks p[0..n) is a JPEG or PNG by its magic bytes AND its structure, and returns in *out
 * (allocated in arena a, exactly *outlen bytes, never more than n) a copy with every metadata
 * block removed.
 *
 * JPEG keeps SOI, APP0 (JFIF, rewritten without its embedded thumbnail), APP14 (Adobe), DQT,
 * DHT, DAC, SOFn, DRI, SOS + entropy data (with its RSTn) through EOI, and drops APP1 (Exif,
 * XMP: GPS location lives there), APP2..APP13, APP15, COM and any APP0/APP14 of another kind;
 * bytes after EOI are dropped. Exactly one SOFn must come before the first SOS; a marker
 * outside these (DNL, DHP, EXP, JPGn, reserved) is DAMAGED.
 *
 * PNG: verifies signature, every chunk's length and CRC-32, IHDR first, IEND last, at least
 * one IDAT; keeps critical chunks (IHDR, PLTE, IDAT, IEND) and harmless rendering ones (tRNS,
 * gAMA, cHRM, sRGB, iCCP, sBIT, pHYs, bKGD) and drops the rest (eXIf, tEXt, zTXt, iTXt, tIME
 * and unknown ancillary chunks, APNG frames too); an unknown critical chunk is DAMAGED. Bytes
 * after IEND are dropped.
 *
 * *width and *height come from SOFn / IHDR (non-zero, else DAMAGED). *kind is what the magic bytes
 * say (IMAGE_NONE when neither), set even when the structure then turns out DAMAGED; on any
 * problem *out is NULL, *outlen and the sizes 0, and nothing is allocated. Cleaning is
 * idempotent: the output cleans to itself. Never reads outside p[0..n) on any input. Pure:
 * no I/O, no shared state, safe on any thread. */
enum image_problem image_clean(struct arena *a, const unsigned char *p, size_t n, enum image_kind *kind,
    unsigned char **out, size_t *outlen, int *width, int *height);

const char *image_mime(enum image_kind k); /* "image/jpeg", "image/png", NULL */
const char *image_ext(enum image_kind k);  /* "jpg", "png", NULL */

#endif

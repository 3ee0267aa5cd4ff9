/* uploads.h: pictures people send with a form — problem photos, scans of signed paper ballots —
 * checked by their bytes, cleaned of metadata (core/image.c) and written durably to the files
 * folder (store/files.c) before any transaction begins. */
#ifndef YL_UPLOADS_H
#define YL_UPLOADS_H

#include <stddef.h>

struct req;

#define UPLOAD_MAX_IMAGES 4

struct image_upload {
	size_t n;
	struct {
		unsigned char *bytes; /* the cleaned image, in the request's arena */
		size_t len;
		int kind;             /* enum image_kind */
		int width, height;
		char name[72];        /* FILES_NAME_MAX: its name in the files folder once written */
	} v[UPLOAD_MAX_IMAGES];
};

/* Takes every file part named field (at most max ≤ UPLOAD_MAX_IMAGES; empty parts — a form sent
 * with no file chosen — are skipped), checks each is a JPEG or PNG, cleans it and writes it
 * (fsynced and renamed into place) so that rows naming it can commit afterwards. -1 with the
 * error set, naming the file and what is wrong (not an image, damaged, too large: 413, more than
 * max), and nothing written; a written file whose row never commits stays unreferenced (named by
 * its content, harmless, and reused if sent again). */
int upload_images(struct req *rq, const char *field, size_t max, struct image_upload *up);

/* PDFs (a notice's attachments, issue 11): each file part named field whose bytes begin "%PDF-",
 * at most max_bytes each and UPLOAD_MAX_IMAGES in all, written durably like the photos (stored
 * as they are: a PDF is not rewritten). -1 with the error set (not a PDF: 422, too large: 413),
 * nothing written. */
struct pdf_upload {
	size_t n;
	struct {
		size_t len;
		const char *filename; /* as sent ("通知.pdf"), or "pdf" */
		char name[72];        /* its name in the files folder */
	} v[UPLOAD_MAX_IMAGES];
};
int upload_pdfs(struct req *rq, const char *field, size_t max_bytes, struct pdf_upload *up);

/* The MIME type of a stored name ("….jpg" → image/jpeg, "….pdf" → application/pdf), NULL for
 * anything else. */
const char *upload_mime(const char *name);

#endif

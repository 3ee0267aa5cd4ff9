/* uploads.c: pictures sent with a form, checked, cleaned and made durable (see uploads.h). */
#include "uploads.h"
#include "../core/image.h"
#include "../store/files.h"
#include "../web/req.h"

#include <string.h>

_Static_assert(FILES_NAME_MAX == 72, "image_upload names are sized for store/files.c");

int
upload_images(struct req *rq, const char *field, size_t max, struct image_upload *up)
{
	up->n = 0;
	if (max > UPLOAD_MAX_IMAGES)
		max = UPLOAD_MAX_IMAGES;
	for (size_t i = 0; i < rq->form.n; i++) {
		const struct kv *kv = &rq->form.v[i];
		if (strcmp(kv->name, field) != 0 || !kv->is_file || kv->value_len == 0)
			continue;
		if (up->n == max)
			return req_errorf(rq, ERR_INVALID, "too_many_files", field, req_tn(rq, MSG_UP_TOO_MANY, max, (int)max));
		enum image_kind kind;
		unsigned char *out;
		size_t outlen;
		int w, h;
		enum image_problem p = image_clean(rq->a, (const unsigned char *)kv->value, kv->value_len, &kind, &out,
		                                   &outlen, &w, &h);
		const char *name = kv->filename && *kv->filename ? kv->filename : field;
		switch (p) {
		case IMAGE_OK:
			break;
		case IMAGE_TOO_LARGE:
			return req_errorf(rq, ERR_TOOLARGE, "photo_too_large", field, req_tf(rq, MSG_PB_PHOTO_TOO_LARGE, name));
		case IMAGE_EMPTY:
			return req_errorf(rq, ERR_INVALID, "photo_empty", field, req_tf(rq, MSG_PB_PHOTO_EMPTY, name));
		case IMAGE_DAMAGED:
			return req_errorf(rq, ERR_INVALID, "photo_damaged", field, req_tf(rq, MSG_PB_PHOTO_DAMAGED, name));
		default:
			return req_errorf(rq, ERR_INVALID, "photo_not_image", field, req_tf(rq, MSG_PB_PHOTO_NOT_IMAGE, name));
		}
		up->v[up->n].bytes = out;
		up->v[up->n].len = outlen;
		up->v[up->n].kind = (int)kind;
		up->v[up->n].width = w;
		up->v[up->n].height = h;
		up->n++;
	}
	for (size_t i = 0; i < up->n; i++)
		if (files_put(up->v[i].bytes, up->v[i].len, image_ext((enum image_kind)up->v[i].kind), up->v[i].name) != YL_OK)
			return req_error(rq, ERR_INTERNAL);
	return 0;
}

int
upload_pdfs(struct req *rq, const char *field, size_t max_bytes, struct pdf_upload *up)
{
	up->n = 0;
	for (size_t i = 0; i < rq->form.n; i++) {
		const struct kv *kv = &rq->form.v[i];
		if (strcmp(kv->name, field) != 0 || !kv->is_file || kv->value_len == 0)
			continue;
		const char *name = kv->filename && *kv->filename ? kv->filename : field;
		if (up->n == UPLOAD_MAX_IMAGES)
			return req_errorf(rq, ERR_INVALID, "too_many_files", field,
			                  req_tn(rq, MSG_UP_TOO_MANY, UPLOAD_MAX_IMAGES, UPLOAD_MAX_IMAGES));
		if (kv->value_len > max_bytes)
			return req_errorf(rq, ERR_TOOLARGE, "pdf_too_large", field, req_tf(rq, MSG_NT_PDF_TOO_LARGE, name));
		if (kv->value_len < 5 || memcmp(kv->value, "%PDF-", 5) != 0)
			return req_errorf(rq, ERR_INVALID, "not_pdf", field, req_tf(rq, MSG_NT_NOT_PDF, name));
		up->v[up->n].len = kv->value_len;
		up->v[up->n].filename = name;
		up->n++;
	}
	size_t k = 0;
	for (size_t i = 0; i < rq->form.n && k < up->n; i++) {
		const struct kv *kv = &rq->form.v[i];
		if (strcmp(kv->name, field) != 0 || !kv->is_file || kv->value_len == 0)
			continue;
		if (files_put(kv->value, kv->value_len, "pdf", up->v[k++].name) != YL_OK)
			return req_error(rq, ERR_INTERNAL);
	}
	return 0;
}

const char *
upload_mime(const char *name)
{
	size_t n = strlen(name);
	if (n > 4 && strcmp(name + n - 4, ".pdf") == 0)
		return "application/pdf";
	if (n > 4 && strcmp(name + n - 4, ".jpg") == 0)
		return image_mime(IMAGE_JPEG);
	if (n > 4 && strcmp(name + n - 4, ".png") == 0)
		return image_mime(IMAGE_PNG);
	return NULL;
}

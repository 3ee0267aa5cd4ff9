/* qr.c: one <path> per code, a unit square per dark module, so the SVG stays small and crisp
 * at any print size. */
#include "qr.h"
#include "html.h"

#include <qrencode.h>

#define QUIET 4

bool
qr_svg(struct html *h, const char *text, const char *label)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (q == NULL)
		return false;
	int size = q->width + 2 * QUIET;
	html_lit(h, "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ");
	html_int(h, size);
	html_lit(h, " ");
	html_int(h, size);
	html_lit(h, "\" shape-rendering=\"crispEdges\"><title>");
	html_text(h, label);
	html_lit(h, "</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1) {
				html_lit(h, "M");
				html_int(h, x + QUIET);
				html_lit(h, " ");
				html_int(h, y + QUIET);
				html_lit(h, "h1v1h-1z");
			}
	html_lit(h, "\"/></svg>");
	QRcode_free(q);
	return true;
}

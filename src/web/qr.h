/* qr.h: QR codes (libqrencode) drawn as inline SVG, for activation slips and printed notices. */
#ifndef YL_QR_H
#define YL_QR_H

#include <stdbool.h>

struct html;

/* Writes an <svg> of text's QR code (error correction M, 4-module quiet zone) sized by CSS;
 * label is its accessible name. false when the text does not fit in a QR code. */
bool qr_svg(struct html *h, const char *text, const char *label);

#endif

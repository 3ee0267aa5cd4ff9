/* capitals.h: an amount of money written in Chinese capitals (大写金额) as a receipt must carry it —
 * 壹佰叁拾伍元整, 壹万零伍元叁角, 伍分, 零元整 — following the People's Bank's 支付结算办法: one 零 for
 * any run of zeros inside the number, 整 after 元 when there are no 角 or 分, none after 分. Pure. */
#ifndef YL_CAPITALS_H
#define YL_CAPITALS_H

#include <stddef.h>
#include <stdint.h>

/* Longest text capitals_of writes for |fen| ≤ DEC_MAX (10^15): "负" and 13 yuan digits each with
 * its unit, the section words, the 零s, 元, 角 and 分 — well under this, in UTF-8. */
#define CAPITALS_MAX 160

/* Writes fen (negative: a reversal, prefixed 负) in capitals into out (CAPITALS_MAX bytes),
 * NUL-terminated; returns the length. |fen| above 10^15 writes "" (no real receipt reaches it). */
size_t capitals_of(int64_t fen, char out[CAPITALS_MAX]);

#endif

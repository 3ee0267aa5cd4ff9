/* work_pay.h: the rules of paying for a renovation work (issue 11) — the kinds of payment and
 * what may be paid: nothing that is not more than zero, never more in all than the item's budget
 * (its cost in the plan), only an advance before the work starts, and a correction that reverses
 * one earlier payment, once. Pure: amounts are fen, compared as integers; the store records what
 * this allows. */
#ifndef YL_WORK_PAY_H
#define YL_WORK_PAY_H

#include <stdbool.h>
#include <stdint.h>

/* 预付款, 进度款, 结算款, 质保金, 冲正. */
enum work_pay_kind { WPAY_ADVANCE, WPAY_PROGRESS, WPAY_FINAL, WPAY_RETENTION, WPAY_CORRECTION, WPAY__COUNT };
extern const char *const work_pay_kind_names[WPAY__COUNT]; /* "advance", "progress", … */
/* -1 when s names no kind (s may be NULL). */
int work_pay_kind_from_name(const char *s);

enum work_pay_refusal {
	WPAY_OK,
	WPAY_NOT_POSITIVE,      /* a payment of 0 or less: a reversal is a correction, not a payment */
	WPAY_NOT_A_PAYMENT,     /* a correction is made by correcting a payment, never recorded as one */
	WPAY_ADVANCE_ONLY,      /* the work has not started: only an advance may be paid */
	WPAY_OVER_BUDGET,       /* what was paid and this would be more than the budget */
	WPAY_IS_CORRECTION,     /* a correction is not corrected in its turn */
	WPAY_ALREADY_CORRECTED, /* the payment has its correction already */
};

/* Whether a payment of amount fen and kind may be recorded on a work whose item costs budget fen
 * and on which paid fen have been paid so far (every payment and correction summed); started: the
 * work is under way or further on. The checks run in the order of the refusals above, so a
 * payment of 0 on a planned work is refused as not positive. Paying exactly up to the budget is
 * allowed; one fen more is not. */
enum work_pay_refusal work_pay_check(int64_t budget, int64_t paid, int64_t amount, enum work_pay_kind kind,
                                     bool started);

/* What may still be paid: budget − paid, and 0 when the budget was revised below what was paid. */
int64_t work_pay_remaining(int64_t budget, int64_t paid);

/* Whether a payment of kind may be corrected (corrected: it has its correction already). The
 * correction is work_pay_correction(amount): it only lowers the total, so any budget still holds. */
enum work_pay_refusal work_pay_correct_check(enum work_pay_kind kind, bool corrected);
int64_t work_pay_correction(int64_t amount);

#endif

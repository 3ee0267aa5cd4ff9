/* work_pay.c: what may be paid on a renovation work (see work_pay.h). */
#include "work_pay.h"
#include "words.h"

const char *const work_pay_kind_names[WPAY__COUNT] = {[WPAY_ADVANCE] = "advance",
                                                      [WPAY_PROGRESS] = "progress",
                                                      [WPAY_FINAL] = "final",
                                                      [WPAY_RETENTION] = "retention",
                                                      [WPAY_CORRECTION] = "correction"};

int
work_pay_kind_from_name(const char *s)
{
	return word_index(work_pay_kind_names, WPAY__COUNT, s);
}

enum work_pay_refusal
work_pay_check(int64_t budget, int64_t paid, int64_t amount, enum work_pay_kind kind, bool started)
{
	if (amount <= 0)
		return WPAY_NOT_POSITIVE;
	if ((unsigned)kind >= WPAY_CORRECTION)
		return WPAY_NOT_A_PAYMENT;
	/* before the work starts the contractor may be advanced money to set up, nothing for work done */
	if (!started && kind != WPAY_ADVANCE)
		return WPAY_ADVANCE_ONLY;
	/* amount > budget − paid rather than paid + amount > budget: the subtraction of two amounts
	 * the books hold cannot overflow, the sum of a caller's wild amount could */
	if (amount > budget - paid)
		return WPAY_OVER_BUDGET;
	return WPAY_OK;
}

int64_t
work_pay_remaining(int64_t budget, int64_t paid)
{
	return paid >= budget ? 0 : budget - paid;
}

enum work_pay_refusal
work_pay_correct_check(enum work_pay_kind kind, bool corrected)
{
	if (kind == WPAY_CORRECTION)
		return WPAY_IS_CORRECTION;
	if (corrected)
		return WPAY_ALREADY_CORRECTED;
	return WPAY_OK;
}

int64_t
work_pay_correction(int64_t amount)
{
	return -amount;
}

/* test_ledger.c: double entry (core/ledger.c) — an entry is posted only when its debits equal its
 * credits, every line has one side, no line is negative and every account is in the chart; and
 * the names tables the store and the API use. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "core/decimal.h"
#include "core/ledger.h"
#include "core/words.h"

static void
a_balanced_entry_passes(void **state)
{
	(void)state;
	struct ledger_line run[2] = {{ACC_RECEIVABLE, 829090, 0}, {ACC_FEE_INCOME, 0, 829090}};
	assert_true(ledger_balanced(run, 2));
	struct ledger_line split[3] = {{ACC_CASH, 100, 0}, {ACC_BANK, 250, 0}, {ACC_RECEIVABLE, 0, 350}};
	assert_true(ledger_balanced(split, 3));
	struct ledger_line big[2] = {{ACC_BANK, DEC_MAX, 0}, {ACC_OPENING, 0, DEC_MAX}};
	assert_true(ledger_balanced(big, 2));
}

static void
an_entry_off_by_one_fen_is_refused(void **state)
{
	(void)state;
	struct ledger_line l[2] = {{ACC_RECEIVABLE, 829090, 0}, {ACC_FEE_INCOME, 0, 829089}};
	assert_false(ledger_balanced(l, 2));
}

static void
a_line_must_have_exactly_one_side(void **state)
{
	(void)state;
	struct ledger_line both[3] = {{ACC_CASH, 100, 100}, {ACC_BANK, 100, 0}, {ACC_RECEIVABLE, 0, 100}};
	assert_false(ledger_balanced(both, 3));
	struct ledger_line none[3] = {{ACC_CASH, 0, 0}, {ACC_BANK, 100, 0}, {ACC_RECEIVABLE, 0, 100}};
	assert_false(ledger_balanced(none, 3));
}

static void
negative_and_oversized_amounts_are_refused(void **state)
{
	(void)state;
	struct ledger_line neg[2] = {{ACC_CASH, -100, 0}, {ACC_RECEIVABLE, 0, -100}};
	assert_false(ledger_balanced(neg, 2));
	struct ledger_line big[2] = {{ACC_CASH, DEC_MAX + 1, 0}, {ACC_RECEIVABLE, 0, DEC_MAX + 1}};
	assert_false(ledger_balanced(big, 2));
}

static void
one_line_or_none_is_no_entry(void **state)
{
	(void)state;
	struct ledger_line l[1] = {{ACC_CASH, 100, 0}};
	assert_false(ledger_balanced(l, 1));
	assert_false(ledger_balanced(l, 0));
	assert_false(ledger_balanced(NULL, 2));
}

static void
an_account_outside_the_chart_is_refused(void **state)
{
	(void)state;
	struct ledger_line l[2] = {{ACC__COUNT, 100, 0}, {ACC_RECEIVABLE, 0, 100}};
	assert_false(ledger_balanced(l, 2));
	struct ledger_line m[2] = {{(enum account)-1, 100, 0}, {ACC_RECEIVABLE, 0, 100}};
	assert_false(ledger_balanced(m, 2));
}

static void
names_tables_are_whole_and_distinct(void **state)
{
	(void)state;
	for (int i = 0; i < ACC__COUNT; i++) {
		assert_non_null(ledger_account_names[i]);
		assert_int_equal(word_index(ledger_account_names, ACC__COUNT, ledger_account_names[i]), i);
	}
	assert_string_equal(ledger_account_names[ACC_FEE_INCOME], "fee_income");
	assert_string_equal(ledger_account_names[ledger_expense_account(EXP_CLEANING)], "expense_cleaning");
	assert_string_equal(ledger_account_names[ledger_expense_account(EXP_OTHER)], "expense_other");
	for (int i = 0; i < EXP__COUNT; i++) {
		char want[40] = "expense_";
		strcat(want, expense_category_names[i]);
		assert_string_equal(ledger_account_names[ledger_expense_account((enum expense_category)i)], want);
		assert_int_equal(ledger_account_kind(ledger_expense_account((enum expense_category)i)), AK_EXPENSE);
	}
	for (int i = 0; i < PAY__COUNT; i++)
		assert_int_equal(word_index(pay_method_names, PAY__COUNT, pay_method_names[i]), i);
	for (int i = 0; i < INC__COUNT; i++)
		assert_int_equal(word_index(income_category_names, INC__COUNT, income_category_names[i]), i);
	assert_int_equal(word_index(pay_method_names, PAY__COUNT, "cheque"), -1);
}

static void
money_sits_in_cash_or_bank(void **state)
{
	(void)state;
	assert_int_equal(ledger_money_account(PAY_CASH), ACC_CASH);
	assert_int_equal(ledger_money_account(PAY_BANK), ACC_BANK);
	assert_int_equal(ledger_money_account(PAY_WECHAT), ACC_BANK);
	assert_int_equal(ledger_money_account(PAY_ALIPAY), ACC_BANK);
	assert_int_equal(ledger_income_account(INC_PARKING), ACC_SHARED_INCOME);
	assert_int_equal(ledger_income_account(INC_OTHER), ACC_OTHER_INCOME);
	assert_int_equal(ledger_account_kind(ACC_RECEIVABLE), AK_ASSET);
	assert_int_equal(ledger_account_kind(ACC_OPENING), AK_EQUITY);
	assert_int_equal(ledger_account_kind(ACC_FEE_INCOME), AK_INCOME);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_balanced_entry_passes),
		cmocka_unit_test(an_entry_off_by_one_fen_is_refused),
		cmocka_unit_test(a_line_must_have_exactly_one_side),
		cmocka_unit_test(negative_and_oversized_amounts_are_refused),
		cmocka_unit_test(one_line_or_none_is_no_entry),
		cmocka_unit_test(an_account_outside_the_chart_is_refused),
		cmocka_unit_test(names_tables_are_whole_and_distinct),
		cmocka_unit_test(money_sits_in_cash_or_bank),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

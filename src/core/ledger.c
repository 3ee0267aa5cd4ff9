/* ledger.c: the chart of accounts' names and the balance rule of a journal entry. */
#include "ledger.h"

#include "decimal.h"

const char *const ledger_account_names[ACC__COUNT] = {
	[ACC_CASH] = "cash", [ACC_BANK] = "bank", [ACC_RECEIVABLE] = "receivable", [ACC_OPENING] = "opening",
	[ACC_FEE_INCOME] = "fee_income", [ACC_SHARED_INCOME] = "shared_income", [ACC_OTHER_INCOME] = "other_income",
	[ACC_EXPENSE_FIRST + EXP_CLEANING] = "expense_cleaning", [ACC_EXPENSE_FIRST + EXP_SECURITY] = "expense_security",
	[ACC_EXPENSE_FIRST + EXP_GREENING] = "expense_greening", [ACC_EXPENSE_FIRST + EXP_REPAIRS] = "expense_repairs",
	[ACC_EXPENSE_FIRST + EXP_UTILITIES] = "expense_utilities", [ACC_EXPENSE_FIRST + EXP_WAGES] = "expense_wages",
	[ACC_EXPENSE_FIRST + EXP_OFFICE] = "expense_office", [ACC_EXPENSE_FIRST + EXP_OTHER] = "expense_other",
};

const char *const pay_method_names[PAY__COUNT] = {"cash", "bank", "wechat", "alipay"};
const char *const income_category_names[INC__COUNT] = {"parking", "advertising", "rent", "other"};
const char *const expense_category_names[EXP__COUNT] = {"cleaning", "security", "greening", "repairs",
                                                        "utilities", "wages",    "office",   "other"};

_Static_assert(ACC__COUNT == ACC_EXPENSE_FIRST + EXP__COUNT, "one expense account per category");

enum account_kind
ledger_account_kind(enum account a)
{
	switch (a) {
	case ACC_CASH:
	case ACC_BANK:
	case ACC_RECEIVABLE:
		return AK_ASSET;
	case ACC_OPENING:
		return AK_EQUITY;
	case ACC_FEE_INCOME:
	case ACC_SHARED_INCOME:
	case ACC_OTHER_INCOME:
		return AK_INCOME;
	default:
		return AK_EXPENSE;
	}
}

enum account
ledger_money_account(enum pay_method m)
{
	return m == PAY_CASH ? ACC_CASH : ACC_BANK;
}

enum account
ledger_income_account(enum income_category c)
{
	return c == INC_OTHER ? ACC_OTHER_INCOME : ACC_SHARED_INCOME;
}

enum account
ledger_expense_account(enum expense_category c)
{
	return (enum account)(ACC_EXPENSE_FIRST + (int)c);
}

bool
ledger_balanced(const struct ledger_line *l, size_t n)
{
	if (l == NULL || n < 2)
		return false;
	int64_t debit = 0, credit = 0;
	for (size_t i = 0; i < n; i++) {
		if ((int)l[i].account < 0 || l[i].account >= ACC__COUNT)
			return false;
		if (l[i].debit < 0 || l[i].credit < 0 || l[i].debit > DEC_MAX || l[i].credit > DEC_MAX)
			return false;
		if ((l[i].debit == 0) == (l[i].credit == 0))
			return false;
		/* n is a handful of lines: the sums stay far below INT64_MAX */
		debit += l[i].debit;
		credit += l[i].credit;
	}
	return debit == credit;
}

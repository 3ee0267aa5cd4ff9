/* ledger.h: the committee's chart of accounts, payment methods, income and expense categories,
 * and the one rule of double entry — every entry's debits equal its credits. Balances are never
 * entered: they are sums of journal lines, read from per-month sums of the lines kept as they are
 * posted (store/ledger.h). Pure. */
#ifndef YL_LEDGER_H
#define YL_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The chart. Assets: cash 库存现金, bank 银行存款 (WeChat and Alipay settle into the bank
 * account), receivable 应收物业费. Equity: opening 期初结余 (the money handed over). Income: fees
 * 物业费收入 (billed, net of exemptions), shared 公共收益 (parking, advertising, rent of common
 * parts), other. Expenses: one account per expense category, in enum expense_category's order. */
enum account {
	ACC_CASH,
	ACC_BANK,
	ACC_RECEIVABLE,
	ACC_OPENING,
	ACC_FEE_INCOME,
	ACC_SHARED_INCOME,
	ACC_OTHER_INCOME,
	ACC_EXPENSE_FIRST, /* + enum expense_category */
	ACC__COUNT = ACC_EXPENSE_FIRST + 8
};

enum account_kind { AK_ASSET, AK_EQUITY, AK_INCOME, AK_EXPENSE };

enum pay_method { PAY_CASH, PAY_BANK, PAY_WECHAT, PAY_ALIPAY, PAY__COUNT };

/* Income other than fees (table incomes). parking, advertising and rent are 公共收益. */
enum income_category { INC_PARKING, INC_ADVERTISING, INC_RENT, INC_OTHER, INC__COUNT };

enum expense_category {
	EXP_CLEANING,  /* 保洁 */
	EXP_SECURITY,  /* 安保、门卫 */
	EXP_GREENING,  /* 绿化 */
	EXP_REPAIRS,   /* 维修 */
	EXP_UTILITIES, /* 公共水电 */
	EXP_WAGES,     /* 人员工资 */
	EXP_OFFICE,    /* 办公 */
	EXP_OTHER,     /* 其他 */
	EXP__COUNT
};

/* Stored and sent names: "cash", "fee_income", "expense_cleaning"; "wechat"; "parking";
 * "cleaning". */
extern const char *const ledger_account_names[ACC__COUNT];
extern const char *const pay_method_names[PAY__COUNT];
extern const char *const income_category_names[INC__COUNT];
extern const char *const expense_category_names[EXP__COUNT];

enum account_kind ledger_account_kind(enum account a);
/* Where money paid by this method sits: cash → ACC_CASH, the others → ACC_BANK. */
enum account ledger_money_account(enum pay_method m);
enum account ledger_income_account(enum income_category c);
enum account ledger_expense_account(enum expense_category c);

struct ledger_line {
	enum account account;
	int64_t debit;
	int64_t credit;
};

/* An entry may be posted: at least two lines, each with exactly one side above zero and none
 * above DEC_MAX, accounts in the chart, and Σ debit = Σ credit. */
bool ledger_balanced(const struct ledger_line *lines, size_t n);

#endif

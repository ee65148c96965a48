// Package ledger is the marketplace's double-entry book of money. It owns ledger_accounts,
// ledger_entries and ledger_lines (append-only: the app role may not update or delete them).
//
// Every movement of money (a charge, commission, a transfer to a seller, a refund, a reversal,
// a dispute, a Stripe fee) is one Entry posted with Post inside the transaction of its cause.
// Post refuses an entry whose debits differ from its credits in any currency, and is idempotent
// by the entry's Key (unique per marketplace): posting the same key twice records it once. A
// deferred constraint trigger checks the balance again at commit.
//
// Accounts (per marketplace and currency; seller accounts also per vendor):
//
//	platform_cash       asset      the platform's money at Stripe (or collected by the operator)
//	commission_revenue  revenue    the marketplace's commission
//	seller_payable      liability  what the platform owes a seller (per vendor)
//	buyer_refunds       liability  refunds owed to buyers and not yet paid out
//	stripe_fees         expense    processing and dispute fees
//	seller_debt         asset      what a seller owes the platform (per vendor), netted from its
//	                               next transfers
//
// Balances are always computed from lines. Routes: none (module payments shows balances).
// Task types: none.
package ledger

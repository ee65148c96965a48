// Package notifications sends the platform's email.
//
// Modules call Service.Send inside their own tenant transaction; that writes an outbox row, so
// an email goes out only if the change that caused it commits. The email:send task renders the
// named template (text + HTML) and hands it to a Mailer: SMTP when MARKETPLACE_SMTP_URL is set,
// otherwise an .eml file in MARKETPLACE_MAIL_OUTBOX_DIR.
//
// Tables owned: email_deliveries (one row per email sent, keyed by outbox message id, so a task
// delivered twice sends once). Task types: email:send.
package notifications

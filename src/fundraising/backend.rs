//! The fundraising SQL that differs between the databases: which month of the year a ledger
//! row's date falls in. The only backend-specific SQL of fundraising.

use sea_orm::DbBackend;
use sea_orm::sea_query::{Expr, SimpleExpr};

/// The month (1–12) of `gifts.received_on`, as an integer.
pub fn month_of_received_on(backend: DbBackend) -> SimpleExpr {
    match backend {
        // SQLite keeps dates as `YYYY-MM-DD` text.
        DbBackend::Sqlite => Expr::cust("CAST(strftime('%m', gifts.received_on) AS INTEGER)"),
        _ => Expr::cust("CAST(EXTRACT(MONTH FROM gifts.received_on) AS INTEGER)"),
    }
}

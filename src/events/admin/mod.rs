//! The core group's pages for events, under `/{lang}/admin/events` (roles `admin` and
//! `organizer`; each route is listed in `crate::admin::ROUTES`).

pub mod applications;
pub mod cancel;
pub mod check_in;
pub mod delegation;
pub mod edit;
pub mod list;

use crate::events::times::{self, Zones};
use crate::i18n::Lang;

/// An event's start as the core group's lists show it.
pub fn when(lang: Lang, event: &crate::events::model::Event, zones: &Zones) -> String {
    let shown = times::show(lang, event.starts_at, event.ends_at, zones);
    format!("{} · {}", shown.day, shown.starts)
}

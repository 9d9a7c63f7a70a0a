//! The events' public addresses in each language.

use crate::i18n::Lang;

pub fn list(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "/es/eventos",
        Lang::En => "/en/events",
    }
}

pub fn archive(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "/es/eventos/archivo",
        Lang::En => "/en/events/archive",
    }
}

/// A month's calendar; `month` is `YYYY-MM`.
pub fn month(lang: Lang, month: &str) -> String {
    match lang {
        Lang::Es => format!("/es/eventos/mes/{month}"),
        Lang::En => format!("/en/events/month/{month}"),
    }
}

pub fn show(lang: Lang, slug: &str) -> String {
    format!("{}/{slug}", list(lang))
}

/// One event's `.ics`.
pub fn ics(lang: Lang, slug: &str) -> String {
    match lang {
        Lang::Es => format!("/es/eventos/{slug}/evento.ics"),
        Lang::En => format!("/en/events/{slug}/event.ics"),
    }
}

/// The organization's calendar feed in a language (subscribe with `webcal://`).
pub fn feed(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "/es/eventos/calendario.ics",
        Lang::En => "/en/events/calendar.ics",
    }
}

/// The emailed link that cancels a registration.
pub fn cancel(lang: Lang, token: &str) -> String {
    match lang {
        Lang::Es => format!("/es/eventos/cancelar/{token}"),
        Lang::En => format!("/en/events/cancel/{token}"),
    }
}

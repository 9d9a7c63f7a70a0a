//! The public addresses of the supporters' pages, in each language.

use crate::i18n::Lang;

/// "Become a Friend": `/es/amigos`, `/en/friends`.
pub fn signup(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "/es/amigos",
        Lang::En => "/en/friends",
    }
}

/// The link in the confirmation email.
pub fn confirm(lang: Lang, token: &str) -> String {
    match lang {
        Lang::Es => format!("/es/amigos/confirmar/{token}"),
        Lang::En => format!("/en/friends/confirm/{token}"),
    }
}

/// "My details": asking for a link, and the page it opens.
pub fn details(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "/es/mis-datos",
        Lang::En => "/en/my-details",
    }
}

/// The link in the "my details" email.
pub fn details_link(lang: Lang, token: &str) -> String {
    match lang {
        Lang::Es => format!("/es/mis-datos/enlace/{token}"),
        Lang::En => format!("/en/my-details/link/{token}"),
    }
}

/// One-click unsubscribe.
pub fn unsubscribe(lang: Lang, token: &str) -> String {
    match lang {
        Lang::Es => format!("/es/baja/{token}"),
        Lang::En => format!("/en/unsubscribe/{token}"),
    }
}

/// First path segments of these pages, which no content page may take.
pub const RESERVED: &[&str] = &["amigos", "friends", "mis-datos", "my-details", "baja", "unsubscribe"];

//! The public addresses of fundraising pages in each language.

use crate::i18n::Lang;

pub fn fund(lang: Lang, slug: &str) -> String {
    match lang {
        Lang::Es => format!("/es/fondos/{slug}"),
        Lang::En => format!("/en/funds/{slug}"),
    }
}

pub fn campaign(lang: Lang, slug: &str) -> String {
    match lang {
        Lang::Es => format!("/es/campanas/{slug}"),
        Lang::En => format!("/en/campaigns/{slug}"),
    }
}

/// The donate page.
pub fn donate(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "/es/donar",
        Lang::En => "/en/donate",
    }
}

/// Where Stripe Checkout sends the donor back after paying.
pub fn thanks(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "/es/donar/gracias",
        Lang::En => "/en/donate/thanks",
    }
}

/// The list of funds and running campaigns.
pub fn funds(lang: Lang) -> String {
    match lang {
        Lang::Es => "/es/fondos".to_owned(),
        Lang::En => "/en/funds".to_owned(),
    }
}

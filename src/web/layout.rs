//! The parts of the page context every public page shares: language, navigation, footer.

use sea_orm::DbErr;
use serde::Serialize;

use crate::app::AppState;
use crate::content::menus::{self, Link};
use crate::content::model::{self as content, Alternate};
use crate::i18n::Lang;
use crate::organizations::model::{self as organizations, Organization};

/// Fields of the layout template (`templates/base.html`).
#[derive(Debug, Serialize)]
pub struct Layout {
    pub lang: &'static str,
    pub other_lang: &'static str,
    pub other_endonym: &'static str,
    /// The same page in the other language.
    pub alternate_path: String,
    /// This page's own path, for the canonical link and the menu's current item.
    pub path: String,
    /// Where the header's search box sends its query.
    pub search_path: &'static str,
    /// The list of articles in this language.
    pub articles_path: &'static str,
    /// The articles' Atom feed in this language, advertised in every page's head.
    pub feed_path: String,
    /// The events' iCalendar feed in this language, advertised in every page's head.
    pub calendar_path: &'static str,
    pub title: String,
    pub description: String,
    pub discovery: Discovery,
    pub organization: OrganizationView,
    pub menu: Vec<Link>,
    pub sister: Option<SisterView>,
    pub network: Option<NetworkView>,
    /// "Become a Friend", linked from the footer.
    pub friends_path: Option<&'static str>,
    /// "Give", linked from the footer.
    pub donate_path: Option<&'static str>,
    /// The funds and campaigns, linked from the footer.
    pub funds_path: Option<String>,
}

/// What search engines and link previews read in the head (`templates/content/meta.html`).
#[derive(Debug, Serialize)]
pub struct Discovery {
    /// This page's absolute URL: the canonical link and `og:url`.
    pub url: String,
    /// The language versions with text of their own, then `x-default`.
    pub alternates: Vec<Alternate>,
    /// The Open Graph locale of the text shown (`es_SV`, `en_US`).
    pub locale: &'static str,
    /// The other language's locale, when that version has text of its own.
    pub alternate_locale: Option<&'static str>,
    /// An article's publication time (RFC 3339): makes it `og:type` article.
    pub published_time: Option<String>,
    /// The page's cover image, when it has one.
    pub image: Option<OgImage>,
}

/// `og:image` and its size and alt text.
#[derive(Debug, Serialize)]
pub struct OgImage {
    pub url: String,
    pub width: i32,
    pub height: i32,
    pub alt: String,
}

#[derive(Debug, Serialize)]
pub struct OrganizationView {
    pub name: String,
    pub short_name: String,
    pub place: String,
}

#[derive(Debug, Serialize)]
pub struct SisterView {
    pub name: String,
    pub place: String,
    pub year: Option<i32>,
}

#[derive(Debug, Serialize)]
pub struct NetworkView {
    pub name: String,
    pub url: Option<String>,
}

/// What a page tells the layout about itself.
pub struct PageHead {
    pub lang: Lang,
    pub path: String,
    pub alternate_path: String,
    pub title: String,
    pub description: String,
    pub discovery: Discovery,
}

impl Layout {
    /// For a static host: no footer link to the sign-up form (a static host cannot take it) nor
    /// to the funds (their figures change with every gift; a copy would go stale), and no menu
    /// item for the events (their pages take registrations; the export has their calendar feed).
    pub fn for_static_host(&mut self) {
        let events = Lang::ALL.map(crate::events::paths::list);
        self.menu.retain(|item| !events.contains(&item.path.as_str()));
        self.friends_path = None;
        self.funds_path = None;
        self.donate_path = None;
    }

    pub async fn load(state: &AppState, organization: &Organization, head: PageHead) -> Result<Layout, DbErr> {
        let lang = head.lang;
        let menu = menus::public_menu(&state.db, organization.id, lang).await?;
        let sister = organizations::sister_of(&state.db, organization.id).await?.map(|(community, year)| SisterView {
            name: community.name,
            place: community.place,
            year,
        });
        let network = organizations::network_of(&state.db, organization)
            .await?
            .filter(|n| n.id != organization.id)
            .map(|n| NetworkView { name: n.name, url: n.website_url });
        Ok(Layout {
            lang: lang.code(),
            other_lang: lang.other().code(),
            other_endonym: lang.other().endonym(),
            alternate_path: head.alternate_path,
            path: head.path,
            search_path: crate::search::path(lang),
            articles_path: content::articles_path(lang),
            feed_path: format!("{}/feed.xml", content::articles_path(lang)),
            calendar_path: crate::events::paths::feed(lang),
            title: head.title,
            description: head.description,
            discovery: head.discovery,
            organization: OrganizationView {
                name: organization.name.clone(),
                short_name: organization.short_name.clone(),
                place: organization.place.clone(),
            },
            menu,
            sister,
            network,
            friends_path: Some(crate::supporters::paths::signup(lang)),
            donate_path: Some(crate::fundraising::paths::donate(lang)),
            funds_path: Some(crate::fundraising::paths::funds(lang)),
        })
    }
}

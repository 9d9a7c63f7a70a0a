//! The parts of the page context every public page shares: language, navigation, footer.

use sea_orm::DbErr;
use serde::Serialize;

use crate::app::AppState;
use crate::content::model::{self as content, MenuItem};
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
    pub title: String,
    pub description: String,
    pub organization: OrganizationView,
    pub menu: Vec<MenuItem>,
    pub sister: Option<SisterView>,
    pub network: Option<NetworkView>,
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
}

impl Layout {
    pub async fn load(state: &AppState, organization: &Organization, head: PageHead) -> Result<Layout, DbErr> {
        let lang = head.lang;
        let menu = content::menu(&state.db, organization.id, lang).await?;
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
            title: head.title,
            description: head.description,
            organization: OrganizationView {
                name: organization.name.clone(),
                short_name: organization.short_name.clone(),
                place: organization.place.clone(),
            },
            menu,
            sister,
            network,
        })
    }
}

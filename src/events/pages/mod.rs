//! The public pages of events: the lists, the month, an event and its registration form, the
//! cancel link, and the calendar files.

pub mod apply;
pub mod cancel;
pub mod ics;
pub mod list;
pub mod month;
pub mod register;
pub mod show;

use axum::http::HeaderMap;
use sea_orm::{ConnectionTrait, DbErr};
use serde::Serialize;

use super::model::{self, Event, Scope};
use super::paths;
use super::times::{self, Place, Shown, Zones};
use crate::app::AppState;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::organizations::model::{self as organizations, Organization};
use crate::web::layout::{Discovery, Layout, PageHead};
use crate::web::origin::Origin;

/// The zones an organization's event times are shown in.
pub async fn zones(db: &impl ConnectionTrait, organization: &Organization) -> Result<Zones, DbErr> {
    let home = Place::new(&organization.time_zone, &organization.place);
    let sister = organizations::sister_of(db, organization.id)
        .await?
        .map(|(community, _)| Place::new(&community.time_zone, &community.name));
    Ok(Zones { home, sister })
}

/// Which events this visitor may see: members-only ones too for a signed-in member.
pub async fn scope(state: &AppState, organization: &Organization, headers: &HeaderMap) -> Result<Scope, AppError> {
    let members = match crate::auth::session::signed_in(state, headers).await? {
        Some(signed_in) => {
            !crate::auth::model::roles_in(&state.db, signed_in.account.id, organization.id).await?.is_empty()
        }
        None => false,
    };
    Ok(Scope { organization_id: organization.id, members })
}

/// Whether the visitor may see `event`.
pub fn visible(event: &Event, scope: Scope) -> bool {
    event.organization_id == scope.organization_id && (event.visibility == model::visibility::PUBLIC || scope.members)
}

/// One event in a list.
#[derive(Clone, Debug, Serialize)]
pub struct Card {
    pub title: String,
    /// The language of the title when it is not the page's.
    pub title_lang: Option<&'static str>,
    pub kind: String,
    pub path: String,
    pub shown: Shown,
    pub address: String,
    pub online: bool,
    pub cancelled: bool,
    pub members_only: bool,
    /// The local day of the month (for the month view).
    pub day_of_month: i8,
}

pub fn card(event: &Event, lang: Lang, zones: &Zones) -> Card {
    let (title, written_in) = model::title(event, lang);
    Card {
        title: title.to_owned(),
        title_lang: (written_in != lang).then(|| written_in.code()),
        kind: event.kind.clone(),
        path: paths::show(lang, &event.slug),
        shown: times::show(lang, event.starts_at, event.ends_at, zones),
        address: event.address.clone(),
        online: !event.online_url.is_empty() || event.kind == "online",
        cancelled: event.cancelled_at.is_some(),
        members_only: event.visibility == model::visibility::MEMBERS,
        day_of_month: crate::i18n::dates::local(event.starts_at, &zones.home.zone).day(),
    }
}

/// The site's layout for an events page (never cached: seats change).
pub async fn layout(
    state: &AppState,
    organization: &Organization,
    origin: &Origin,
    lang: Lang,
    paths: (String, String),
    title: String,
    description: String,
) -> Result<Layout, AppError> {
    let (path, alternate_path) = paths;
    let discovery = Discovery {
        url: origin.url(&path),
        alternates: Vec::new(),
        locale: lang.og_locale(),
        alternate_locale: None,
        published_time: None,
        image: None,
    };
    let head = PageHead { lang, path, alternate_path, title, description, discovery };
    Ok(Layout::load(state, organization, head).await?)
}

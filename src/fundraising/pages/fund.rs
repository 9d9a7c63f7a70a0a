//! `/es/fondos/{slug}`, `/en/funds/{slug}`: a fund's public ledger — money in, each transfer
//! to the community with its fees and receipt, the balance, and the donors who asked to be
//! named.

use axum::extract::{Path, State};
use axum::response::Response;
use sea_orm::{ConnectionTrait, DbErr};
use serde::Serialize;

use super::{fresh, layout};
use crate::app::AppState;
use crate::error::AppError;
use crate::fundraising::admin::funds::TotalsView;
use crate::fundraising::ledger::{self, Transfer};
use crate::fundraising::money::Money;
use crate::fundraising::{dates, model, paths};
use crate::i18n::Lang;
use crate::media::model as media;
use crate::media::process::Format;
use crate::web::layout::Layout;
use crate::web::origin::Origin;
use crate::web::{CurrentOrganization, PathLang};

/// A transfer as a ledger shows it.
#[derive(Serialize)]
pub struct TransferView {
    pub date: String,
    pub iso_date: String,
    pub purpose: String,
    pub amount: String,
    pub fees: String,
    pub correction: bool,
    /// The receipt or photo: its address and description.
    pub receipt: Option<(String, String)>,
}

/// The transfers with their receipts' addresses (the largest JPEG of each image).
pub async fn transfer_views(
    db: &impl ConnectionTrait,
    transfers: &[Transfer],
    lang: Lang,
) -> Result<Vec<TransferView>, DbErr> {
    let ids: Vec<i64> = transfers.iter().filter_map(|t| t.media_id).collect();
    let sizes = media::variant_sizes(db, &ids).await?;
    let organization_id = transfers.first().map(|t| t.organization_id).unwrap_or_default();
    let images = media::find_many(db, organization_id, &ids).await?;
    Ok(transfers
        .iter()
        .map(|t| {
            let receipt = t.media_id.and_then(|id| {
                let largest = sizes
                    .iter()
                    .filter(|v| v.media_id == id && v.format == Format::Jpeg.code())
                    .max_by_key(|v| v.width)?;
                let alt =
                    images.iter().find(|m| m.id == id).map(|m| media::alt(m, lang).to_owned()).unwrap_or_default();
                Some((media::path(id, largest.slot, Format::Jpeg), alt))
            });
            TransferView {
                date: dates::long(t.sent_on, lang),
                iso_date: t.sent_on.format("%Y-%m-%d").to_string(),
                purpose: t.purpose.clone(),
                amount: Money::usd(t.amount_minor).display(lang),
                fees: Money::usd(t.fees_minor).display(lang),
                correction: t.corrects_transfer_id.is_some(),
                receipt,
            }
        })
        .collect())
}

#[derive(Serialize)]
struct FundPage {
    #[serde(flatten)]
    layout: Layout,
    name: String,
    description: String,
    totals: TotalsView,
    transfers: Vec<TransferView>,
    donors: Vec<String>,
    /// The donate page with this fund chosen.
    donate: String,
}

pub async fn show(
    State(state): State<AppState>,
    PathLang(lang): PathLang,
    CurrentOrganization(organization): CurrentOrganization,
    Path(slug): Path<String>,
    origin: Origin,
) -> Result<Response, AppError> {
    let fund = model::fund_by_slug(&state.db, organization.id, &slug).await?.ok_or(AppError::NotFound)?;
    let totals = ledger::fund_totals(&state.db, fund.id).await?;
    let transfers = ledger::transfers(&state.db, fund.id).await?;
    let name = model::fund_name(&fund, lang).to_owned();
    let description = model::fund_description(&fund, lang).to_owned();
    let summary: String = description.chars().take(200).collect();
    let layout = layout(
        &state,
        &organization,
        &origin,
        lang,
        (paths::fund(lang, &fund.slug), paths::fund(lang.other(), &fund.slug)),
        name.clone(),
        summary,
    )
    .await?;
    let page = FundPage {
        layout,
        name,
        description,
        totals: TotalsView::of(&totals, lang),
        transfers: transfer_views(&state.db, &transfers, lang).await?,
        donors: ledger::acknowledged_donors(&state.db, fund.id).await?,
        donate: format!("{}?fund={}", paths::donate(lang), fund.slug),
    };
    Ok(fresh(state.renderer.render("fundraising/fund.html", &page)?))
}

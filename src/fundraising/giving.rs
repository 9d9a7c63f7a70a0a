//! Recording a gift with everything that goes with it: the donor's supporter record (found by
//! address, or created), the ledger row, and the receipt in the outbox. Call inside a
//! transaction: all of it happens, or none.

use sea_orm::{ConnectionTrait, TransactionTrait};

use super::ledger::{self, Gift, NewGift, Recorded};
use super::receipts;
use crate::app::AppState;
use crate::organizations::model::Organization;
use crate::supporters::model::{self as supporters, Details};

/// The supporter a gift's donor is: by address, or a new record. `None` without an address.
pub async fn donor(db: &impl ConnectionTrait, organization_id: i64, gift: &NewGift) -> anyhow::Result<Option<i64>> {
    let Some(email) = &gift.donor_email else { return Ok(None) };
    let details = Details {
        first_name: gift.donor_name.clone(),
        email: Some(email.clone()),
        language: gift.donor_language.clone(),
        ..Details::default()
    };
    Ok(Some(supporters::find_or_create(db, organization_id, &details).await?.0.id))
}

/// Records `gift` once per idempotency key, links its donor, and issues its receipt.
pub async fn record<C>(
    db: &C,
    state: &AppState,
    organization: &Organization,
    mut gift: NewGift,
) -> anyhow::Result<Recorded<Gift>>
where
    C: ConnectionTrait + TransactionTrait,
{
    if gift.supporter_id.is_none() {
        gift.supporter_id = donor(db, organization.id, &gift).await?;
    }
    let recorded = ledger::record_gift(db, organization.id, &gift).await?;
    if recorded.new {
        receipts::issue(db, state, &organization.name, &recorded.row).await?;
    }
    Ok(recorded)
}

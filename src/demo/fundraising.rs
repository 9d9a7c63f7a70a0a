//! The demo's fund: the scholarship fund for Arcatao, with no money in it (the demo invents
//! no gifts and no donors).

use sea_orm::{ConnectionTrait, DbErr};

use crate::fundraising::model::{self, Names};

/// The demo fund's address: `/es/fondos/becas-arcatao`, `/en/funds/becas-arcatao`.
pub const FUND_SLUG: &str = "becas-arcatao";

pub async fn add(db: &impl ConnectionTrait, organization_id: i64) -> Result<(), DbErr> {
    let names = Names {
        slug: FUND_SLUG.to_owned(),
        name_es: "Becas para Arcatao".to_owned(),
        name_en: "Arcatao scholarship fund".to_owned(),
        description_es: "Becas de estudio para jóvenes de Arcatao. Esta página muestra cada donativo al fondo y cada envío a la comunidad.".to_owned(),
        description_en: "Study grants for young people in Arcatao. This page shows every gift to the fund and every transfer to the community.".to_owned(),
    };
    model::create_fund(db, organization_id, &names).await?;
    Ok(())
}

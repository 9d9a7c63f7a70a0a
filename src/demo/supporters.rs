//! A handful of obviously fictional supporters (addresses at example.org), so the core
//! group's list is not empty in the demo, and one segment.

use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use crate::supporters::labels;
use crate::supporters::list::Filter;
use crate::supporters::model::{self, ConsentChange, ConsentKind, Details, activity_kind, source};
use crate::supporters::segments;

/// (first name, last name, email, place, postal code, language, newsletter, events, tag)
type Friend =
    (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str, bool, bool, &'static str);

const FRIENDS: &[Friend] = &[
    ("Ana", "Ejemplo Flores", "ana.ejemplo@example.org", "Madison", "53703", "es", true, true, "Delegación 2025"),
    ("Bruno", "Demostración", "bruno.demo@example.org", "Madison", "53705", "en", true, false, "Voluntariado"),
    ("Carmen", "Prueba Núñez", "carmen.prueba@example.org", "Middleton", "53562", "es", false, true, "Voluntariado"),
    ("Dana", "Sample", "dana.sample@example.org", "Madison", "53711", "en", true, true, "Delegación 2025"),
    ("Élmer", "Ficticio", "elmer.ficticio@example.org", "Arcatao", "", "es", false, false, ""),
    ("Frances", "Placeholder", "frances.placeholder@example.org", "Fitchburg", "53719", "en", true, false, ""),
];

/// The demo's segment: the Friends who prefer English and get the newsletter.
const DEMO_SEGMENT: &str = "Boletín en inglés";

/// Adds the demo supporters to `organization_id`.
pub async fn add(db: &impl ConnectionTrait, organization_id: i64) -> Result<(), DbErr> {
    for (days_ago, (first, last, email, place, postal, language, newsletter, events, tag)) in
        (0i64..).map(|i| i * 17 + 3).zip(FRIENDS.iter())
    {
        let details = Details {
            first_name: (*first).into(),
            last_name: (*last).into(),
            email: Some((*email).into()),
            place: (*place).into(),
            postal_code: (*postal).into(),
            country: if *place == "Arcatao" { "El Salvador".into() } else { "United States".into() },
            language: (*language).into(),
            ..Details::default()
        };
        let supporter = model::create(db, organization_id, &details).await?;
        let when = Utc::now() - Duration::days(days_ago);
        model::record_activity(db, supporter.id, activity_kind::ADDED_BY_CORE_GROUP, Some("demo"), when).await?;
        if *newsletter || *events {
            model::confirm_email(db, supporter.id).await?;
        }
        for (kind, wanted) in [(ConsentKind::Newsletter, *newsletter), (ConsentKind::Events, *events)] {
            if wanted {
                let current = model::find(db, organization_id, supporter.id)
                    .await?
                    .ok_or_else(|| DbErr::RecordNotFound("a demo supporter".into()))?;
                let change = ConsentChange {
                    kind,
                    granted: true,
                    source: source::CORE_GROUP,
                    detail: Some("demo data".into()),
                    request_id: None,
                };
                model::set_consent(db, &current, change).await?;
            }
        }
        if !tag.is_empty() {
            let tag = labels::named(db, organization_id, tag).await?;
            labels::attach(db, &supporter, tag.id).await?;
        }
    }
    // A segment, so the core group sees what one is.
    let filter = Filter { language: "en".into(), consent: "newsletter".into(), ..Filter::default() };
    segments::create(db, organization_id, DEMO_SEGMENT, &filter)
        .await?
        .map_err(|problem| DbErr::Custom(format!("the demo segment: {problem:?}")))?;
    Ok(())
}

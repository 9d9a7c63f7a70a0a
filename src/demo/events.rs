//! The demo's upcoming events, dated from the day the demo is loaded so the public pages are
//! never empty: a talk, a fundraising dinner, and a delegation to Arcatao (which takes
//! applications). Illustrative: places and times are plausible, not announcements.

use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use crate::events::model::{self, Typed};
use crate::i18n::dates;

struct DemoEvent {
    kind: &'static str,
    title_es: &'static str,
    title_en: &'static str,
    description_es: &'static str,
    description_en: &'static str,
    /// Days from the load, local start time, length in days (0: the same evening).
    in_days: i64,
    at: &'static str,
    days: i64,
    ends_at: &'static str,
    address: &'static str,
    capacity: &'static str,
}

const EVENTS: [DemoEvent; 3] = [
    DemoEvent {
        kind: "talk",
        title_es: "Charla: noticias de Arcatao",
        title_en: "Talk: news from Arcatao",
        description_es: "Quienes volvieron de la última visita cuentan cómo está la comunidad: la cosecha, la escuela y los proyectos de agua. Con fotos y tiempo para preguntas.",
        description_en: "People back from the last visit tell how the community is doing: the harvest, the school and the water projects. With photos and time for questions.",
        in_days: 21,
        at: "19:00",
        days: 0,
        ends_at: "20:30",
        address: "Madison Public Library, Central branch",
        capacity: "60",
    },
    DemoEvent {
        kind: "fundraiser",
        title_es: "Cena solidaria de pupusas",
        title_en: "Pupusa fundraising dinner",
        description_es: "Pupusas, música y una rifa. Lo recaudado va al fondo de becas para Arcatao.",
        description_en: "Pupusas, music and a raffle. What we raise goes to the Arcatao scholarship fund.",
        in_days: 45,
        at: "18:00",
        days: 0,
        ends_at: "21:00",
        address: "First Unitarian Society, Madison",
        capacity: "80",
    },
    DemoEvent {
        kind: "delegation",
        title_es: "Delegación a Arcatao",
        title_en: "Delegation to Arcatao",
        description_es: "Una semana en Arcatao, Chalatenango: convivir con las familias, conocer los proyectos de la comunidad y la memoria histórica. Se necesita un depósito, pasaporte vigente y asistir a la orientación.",
        description_en: "A week in Arcatao, Chalatenango: staying with families, learning about the community's projects and its historical memory. A deposit, a valid passport and the orientation are required.",
        in_days: 120,
        at: "08:00",
        days: 8,
        ends_at: "18:00",
        address: "Arcatao, Chalatenango, El Salvador",
        capacity: "12",
    },
];

pub async fn add(db: &impl ConnectionTrait, organization_id: i64, time_zone: &str) -> Result<(), DbErr> {
    let zone = dates::zone(time_zone);
    let day = |offset: i64| dates::local(Utc::now() + Duration::days(offset), &zone).date().to_string();
    for demo in &EVENTS {
        let typed = Typed {
            kind: demo.kind.to_owned(),
            title_es: demo.title_es.to_owned(),
            title_en: demo.title_en.to_owned(),
            description_es: demo.description_es.to_owned(),
            description_en: demo.description_en.to_owned(),
            starts_at: format!("{}T{}", day(demo.in_days), demo.at),
            ends_at: format!("{}T{}", day(demo.in_days + demo.days), demo.ends_at),
            address: demo.address.to_owned(),
            capacity: demo.capacity.to_owned(),
            visibility: model::visibility::PUBLIC.to_owned(),
            ..Typed::default()
        };
        let checked = typed.check(&zone, &[]).map_err(|problems| DbErr::Custom(format!("demo event: {problems:?}")))?;
        model::create(db, organization_id, &checked).await.map_err(|e| DbErr::Custom(e.to_string()))?;
    }
    Ok(())
}

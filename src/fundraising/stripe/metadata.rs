//! What the donate form asked, carried through Stripe as metadata on the Checkout Session and
//! on the subscription or payment it makes, so the webhook can record the gift as the donor
//! meant it (designation, dedication, acknowledgment, language) whatever event comes first.

use serde_json::Value;

use super::client::Params;
use crate::fundraising::plans::Plan;
use crate::i18n::Lang;

/// The donor's choices. Stripe keeps metadata values up to 500 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metadata {
    pub lang: Lang,
    pub fund_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub name: String,
    pub dedication: Option<String>,
    /// `None`: anonymous.
    pub acknowledge_as: Option<String>,
    /// `once`, `month` or `year`.
    pub interval: String,
}

/// Marks metadata as Hermana's (events about objects made elsewhere are ignored).
const MARK: &str = "hermana";

impl Metadata {
    /// The metadata of an event's object, when Hermana wrote it.
    pub fn read(value: &Value) -> Option<Metadata> {
        if value[MARK].as_str() != Some("1") {
            return None;
        }
        let get = |key: &str| value[key].as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        Some(Metadata {
            lang: get("lang").and_then(|l| Lang::from_code(&l)).unwrap_or(Lang::Es),
            fund_id: get("fund").and_then(|f| f.parse().ok()),
            campaign_id: get("campaign").and_then(|c| c.parse().ok()),
            name: get("name").unwrap_or_default(),
            dedication: get("dedication"),
            acknowledge_as: get("acknowledge_as"),
            interval: get("interval").unwrap_or_else(|| "once".into()),
        })
    }

    /// What a known plan says (it wins over an invoice's copy: it is ours).
    pub fn of_plan(plan: &Plan) -> Metadata {
        Metadata {
            lang: Lang::from_code(&plan.language).unwrap_or(Lang::Es),
            fund_id: plan.fund_id,
            campaign_id: None,
            name: plan.donor_name.clone(),
            dedication: plan.dedication.clone(),
            acknowledge_as: plan.acknowledge_as.clone(),
            interval: plan.interval.clone(),
        }
    }

    /// The metadata as form parameters under `prefix` (`metadata`, `subscription_data[metadata]`…).
    pub fn params(&self, prefix: &str) -> Params {
        let mut pairs = vec![
            (MARK, "1".to_owned()),
            ("lang", self.lang.code().to_owned()),
            ("fund", self.fund_id.map(|f| f.to_string()).unwrap_or_default()),
            ("campaign", self.campaign_id.map(|c| c.to_string()).unwrap_or_default()),
            ("name", self.name.clone()),
            ("interval", self.interval.clone()),
        ];
        if let Some(dedication) = &self.dedication {
            pairs.push(("dedication", dedication.clone()));
        }
        if let Some(name) = &self.acknowledge_as {
            pairs.push(("acknowledge_as", name.clone()));
        }
        pairs.into_iter().map(|(k, v)| (format!("{prefix}[{k}]"), v.chars().take(500).collect())).collect()
    }
}

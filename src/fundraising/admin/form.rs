//! A gift as typed into the treasurer's forms (one gift, or a row of a deposit slip): reading
//! the fields, checking them, the choices offered. Problems are Fluent keys shown next to the
//! field; what was typed is shown again.

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};
use serde::Serialize;

use crate::auth::model::normalize_email;
use crate::fundraising::dates;
use crate::fundraising::ledger::{Method, NewGift};
use crate::fundraising::model::{self, Campaign, Fund};
use crate::fundraising::money::{Currency, parse_amount};
use crate::i18n::Lang;
use crate::supporters::form::Fields;

/// A fund or campaign offered in a select.
#[derive(Clone, Debug, Serialize)]
pub struct Choice {
    pub id: i64,
    pub name: String,
}

/// The funds and campaigns a gift may be designated to.
pub struct Choices {
    pub funds: Vec<Fund>,
    pub campaigns: Vec<Campaign>,
}

impl Choices {
    pub async fn load(db: &impl ConnectionTrait, organization_id: i64) -> Result<Choices, DbErr> {
        Ok(Choices {
            funds: model::funds(db, organization_id).await?,
            campaigns: model::campaigns(db, organization_id).await?,
        })
    }

    pub fn funds(&self, lang: Lang) -> Vec<Choice> {
        self.funds.iter().map(|f| Choice { id: f.id, name: model::fund_name(f, lang).to_owned() }).collect()
    }

    pub fn campaigns(&self, lang: Lang) -> Vec<Choice> {
        self.campaigns.iter().map(|c| Choice { id: c.id, name: model::campaign_name(c, lang).to_owned() }).collect()
    }
}

/// What was typed for one gift.
#[derive(Clone, Debug, Default, Serialize)]
pub struct GiftTyped {
    pub amount: String,
    pub method: String,
    pub check_number: String,
    pub description: String,
    pub received_on: String,
    pub donor_name: String,
    pub donor_email: String,
    pub donor_language: String,
    pub fund: String,
    pub campaign: String,
    pub dedication: String,
    pub acknowledge_as: String,
    pub note: String,
}

/// What is wrong with a typed gift, field by field (Fluent keys).
#[derive(Clone, Debug, Default, Serialize)]
pub struct GiftProblems {
    pub amount: Option<&'static str>,
    pub method: Option<&'static str>,
    pub check_number: Option<&'static str>,
    pub description: Option<&'static str>,
    pub received_on: Option<&'static str>,
    pub donor_name: Option<&'static str>,
    pub donor_email: Option<&'static str>,
    pub fund: Option<&'static str>,
    pub too_long: Option<&'static str>,
}

impl GiftProblems {
    pub fn any(&self) -> bool {
        self.amount.is_some()
            || self.method.is_some()
            || self.check_number.is_some()
            || self.description.is_some()
            || self.received_on.is_some()
            || self.donor_name.is_some()
            || self.donor_email.is_some()
            || self.fund.is_some()
            || self.too_long.is_some()
    }
}

/// A checked gift, without where it came from.
#[derive(Clone, Debug)]
pub struct CheckedGift {
    pub amount_minor: i64,
    pub method: Method,
    pub check_number: Option<String>,
    pub description: Option<String>,
    pub received_on: NaiveDate,
    pub donor_name: String,
    pub donor_email: Option<String>,
    pub donor_language: String,
    pub fund_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub dedication: Option<String>,
    pub acknowledge_as: Option<String>,
    pub note: String,
}

impl CheckedGift {
    pub fn into_new(self, source: &'static str, idempotency_key: String, account_id: i64) -> NewGift {
        NewGift {
            amount_minor: self.amount_minor,
            currency: Currency::USD,
            method: self.method,
            check_number: self.check_number,
            description: self.description,
            fund_id: self.fund_id,
            campaign_id: self.campaign_id,
            supporter_id: None,
            received_on: self.received_on,
            donor_name: self.donor_name,
            donor_email: self.donor_email,
            donor_language: self.donor_language,
            dedication: self.dedication,
            acknowledge_as: self.acknowledge_as,
            note: self.note,
            source,
            stripe_reference: None,
            idempotency_key,
            account_id: Some(account_id),
        }
    }
}

/// Trimmed, without control characters; `None` when empty. Sets `long` when over `max`.
fn clean(value: &str, max: usize, long: &mut bool) -> Option<String> {
    let value: String = value.chars().filter(|c| !c.is_control() || *c == '\n').collect();
    let value = value.trim();
    if value.chars().count() > max {
        *long = true;
    }
    (!value.is_empty()).then(|| value.chars().take(max).collect())
}

impl GiftTyped {
    /// The fields named `{name}{suffix}` (`suffix` is `_3` for the third row of a slip).
    pub fn from_fields(fields: &Fields, suffix: &str) -> GiftTyped {
        let get = |name: &str| fields.get(&format!("{name}{suffix}")).chars().take(2000).collect::<String>();
        GiftTyped {
            amount: get("amount"),
            method: get("method"),
            check_number: get("check_number"),
            description: get("description"),
            received_on: get("received_on"),
            donor_name: get("donor_name"),
            donor_email: get("donor_email"),
            donor_language: get("donor_language"),
            fund: get("fund"),
            campaign: get("campaign"),
            dedication: get("dedication"),
            acknowledge_as: get("acknowledge_as"),
            note: get("note"),
        }
    }

    /// Nothing typed in the fields a slip row needs.
    pub fn is_blank(&self) -> bool {
        [&self.amount, &self.check_number, &self.donor_name, &self.donor_email].iter().all(|v| v.trim().is_empty())
    }

    /// Checks the gift; amounts are read in `lang`'s style.
    pub fn check(&self, lang: Lang, choices: &Choices) -> Result<CheckedGift, Box<GiftProblems>> {
        let mut problems = GiftProblems::default();
        let mut long = false;
        let amount = parse_amount(&self.amount, lang).map_err(|e| problems.amount = Some(e.key())).ok();
        let method = Method::from_code(&self.method);
        if method.is_none() {
            problems.method = Some("fundraising-error-method");
        }
        let check_number = clean(&self.check_number, 30, &mut long);
        if method == Some(Method::Check) && check_number.is_none() {
            problems.check_number = Some("fundraising-error-check-number");
        }
        let description = clean(&self.description, 500, &mut long);
        if method == Some(Method::InKind) && description.is_none() {
            problems.description = Some("fundraising-error-description");
        }
        let received_on = dates::parse(&self.received_on);
        if received_on.is_none() {
            problems.received_on = Some("fundraising-error-date");
        }
        let donor_name = clean(&self.donor_name, 200, &mut long);
        if donor_name.is_none() {
            problems.donor_name = Some("fundraising-error-donor-name");
        }
        let donor_email = if self.donor_email.trim().is_empty() {
            None
        } else {
            let normalized = normalize_email(&self.donor_email);
            if normalized.is_none() {
                problems.donor_email = Some("fundraising-error-email");
            }
            normalized
        };
        let fund_id = match self.fund.trim() {
            "" => None,
            id => {
                let found = id.parse::<i64>().ok().filter(|id| choices.funds.iter().any(|f| f.id == *id));
                if found.is_none() {
                    problems.fund = Some("fundraising-error-fund");
                }
                found
            }
        };
        if method == Some(Method::InKind) && fund_id.is_some() {
            problems.fund = Some("fundraising-error-in-kind-fund");
        }
        let campaign_id =
            self.campaign.trim().parse::<i64>().ok().filter(|id| choices.campaigns.iter().any(|c| c.id == *id));
        let dedication = clean(&self.dedication, 300, &mut long);
        let acknowledge_as = clean(&self.acknowledge_as, 200, &mut long);
        let note = clean(&self.note, 2000, &mut long).unwrap_or_default();
        if long {
            problems.too_long = Some("fundraising-error-too-long");
        }
        match (amount, method, received_on, donor_name) {
            (Some(amount_minor), Some(method), Some(received_on), Some(donor_name)) if !problems.any() => {
                Ok(CheckedGift {
                    amount_minor,
                    method,
                    check_number: if method == Method::Check { check_number } else { None },
                    description: if method == Method::InKind { description } else { None },
                    received_on,
                    donor_name,
                    donor_email,
                    donor_language: Lang::from_code(&self.donor_language).unwrap_or(lang).code().to_owned(),
                    fund_id,
                    campaign_id,
                    dedication,
                    acknowledge_as,
                    note,
                })
            }
            _ => Err(Box::new(problems)),
        }
    }
}

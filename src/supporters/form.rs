//! A supporter's details as a form: reading the fields, checking them, the choices offered
//! (languages, interests). Shared by the public sign-up, "my details" and the core group.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use super::model::{Details, INTEREST_DELEGATIONS, INTEREST_EVENTS, OTHER_LANGUAGES, working_group_interest};
use crate::auth::model::normalize_email;
use crate::content::entities::page_translation;
use crate::i18n::Lang;
use crate::organizations::entities::working_group;

/// A submitted form's fields, in order; checkboxes may repeat a name.
#[derive(Debug, Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }

    pub fn checked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }
}

/// What was typed, kept to show the form again, and the problems found (Fluent keys).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Typed {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub postal_code: String,
    pub place: String,
    pub country: String,
    pub language: String,
    pub other_languages: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Problems {
    pub first_name: Option<&'static str>,
    pub email: Option<&'static str>,
    pub too_long: Option<&'static str>,
}

impl Problems {
    pub fn any(&self) -> bool {
        self.first_name.is_some() || self.email.is_some() || self.too_long.is_some()
    }
}

fn clean(value: &str, max: usize) -> (String, bool) {
    let value: String = value.chars().filter(|c| !c.is_control() || *c == '\n').collect();
    let value = value.trim().replace("\r\n", "\n");
    let long = value.chars().count() > max;
    (value.chars().take(max).collect(), long)
}

impl Typed {
    /// The typed details from a form (`default_language` when none was chosen).
    pub fn from_fields(fields: &Fields, default_language: Lang) -> Typed {
        let language = Lang::from_code(fields.get("language")).unwrap_or(default_language).code().to_owned();
        let mut other_languages: Vec<String> = fields
            .all("speaks")
            .into_iter()
            .filter(|code| OTHER_LANGUAGES.contains(code) && *code != language)
            .map(str::to_owned)
            .collect();
        other_languages.dedup();
        Typed {
            first_name: fields.get("first_name").to_owned(),
            last_name: fields.get("last_name").to_owned(),
            email: fields.get("email").chars().take(300).collect(),
            phone: fields.get("phone").to_owned(),
            address: fields.get("address").to_owned(),
            postal_code: fields.get("postal_code").to_owned(),
            place: fields.get("place").to_owned(),
            country: fields.get("country").to_owned(),
            language,
            other_languages,
        }
    }

    /// The typed details of a stored record.
    pub fn of(details: &Details) -> Typed {
        Typed {
            first_name: details.first_name.clone(),
            last_name: details.last_name.clone(),
            email: details.email.clone().unwrap_or_default(),
            phone: details.phone.clone(),
            address: details.address.clone(),
            postal_code: details.postal_code.clone(),
            place: details.place.clone(),
            country: details.country.clone(),
            language: details.language.clone(),
            other_languages: details.other_languages.clone(),
        }
    }

    /// Checks the details; `email_required` for forms where the address is the point.
    pub fn check(&self, email_required: bool) -> Result<Details, Problems> {
        let mut problems = Problems::default();
        let mut long = false;
        let mut take = |value: &str, max: usize| {
            let (value, too_long) = clean(value, max);
            long |= too_long;
            value
        };
        let first_name = take(&self.first_name, 100);
        let last_name = take(&self.last_name, 100);
        let phone = take(&self.phone, 40);
        let address = take(&self.address, 300);
        let postal_code = take(&self.postal_code, 20);
        let place = take(&self.place, 100);
        let country = take(&self.country, 100);
        if first_name.is_empty() {
            problems.first_name = Some("supporters-error-name-required");
        }
        let email = if self.email.trim().is_empty() && !email_required {
            None
        } else {
            let normalized = normalize_email(&self.email);
            if normalized.is_none() {
                problems.email = Some("supporters-error-email-invalid");
            }
            normalized
        };
        if long {
            problems.too_long = Some("supporters-error-too-long");
        }
        if problems.any() {
            return Err(problems);
        }
        Ok(Details {
            first_name,
            last_name,
            email,
            phone,
            address,
            postal_code,
            place,
            country,
            language: self.language.clone(),
            other_languages: self.other_languages.clone(),
        })
    }
}

/// One interest a supporter can tick.
#[derive(Clone, Debug, Serialize)]
pub struct InterestOption {
    pub code: String,
    /// The label: a working group's title, else empty and `key` names the Fluent message.
    pub label: String,
    pub key: &'static str,
}

/// The interests offered by an organization: its working groups (titled in `lang`), then
/// delegations and events.
pub async fn interest_options(
    db: &impl ConnectionTrait,
    organization_id: i64,
    lang: Lang,
) -> Result<Vec<InterestOption>, DbErr> {
    let groups = working_group::Entity::find()
        .filter(working_group::Column::OrganizationId.eq(organization_id))
        .order_by_asc(working_group::Column::Position)
        .all(db)
        .await?;
    let titles = page_translation::Entity::find()
        .filter(page_translation::Column::PageId.is_in(groups.iter().map(|g| g.page_id)))
        .all(db)
        .await?;
    let mut options: Vec<InterestOption> = groups
        .iter()
        .filter_map(|group| {
            let mine = |t: &&page_translation::Model| t.page_id == group.page_id;
            let title = titles
                .iter()
                .filter(mine)
                .find(|t| t.language == lang.code() && t.status != "missing")
                .or_else(|| titles.iter().find(mine))?;
            Some(InterestOption { code: working_group_interest(group.id), label: title.title.clone(), key: "" })
        })
        .collect();
    options.push(InterestOption {
        code: INTEREST_DELEGATIONS.into(),
        label: String::new(),
        key: "supporters-interest-delegations",
    });
    options.push(InterestOption {
        code: INTEREST_EVENTS.into(),
        label: String::new(),
        key: "supporters-interest-events",
    });
    Ok(options)
}

/// The ticked interests that are among `options`.
pub fn chosen_interests(fields: &Fields, options: &[InterestOption]) -> Vec<String> {
    let ticked = fields.all("interest");
    options.iter().filter(|o| ticked.contains(&o.code.as_str())).map(|o| o.code.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        Fields(pairs.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect())
    }

    #[test]
    fn checks_and_normalizes() {
        let typed = Typed::from_fields(
            &fields(&[
                ("first_name", "  Ana "),
                ("email", " ANA@Example.org "),
                ("language", "en"),
                ("speaks", "es"),
                ("speaks", "en"),
                ("speaks", "klingon"),
            ]),
            Lang::Es,
        );
        let details = typed.check(true).unwrap();
        assert_eq!(details.first_name, "Ana");
        assert_eq!(details.email.as_deref(), Some("ana@example.org"));
        assert_eq!(details.language, "en");
        assert_eq!(details.other_languages, ["es"], "the preferred language and unknown codes are left out");
    }

    #[test]
    fn reports_problems_per_field() {
        let problems = Typed::from_fields(&fields(&[("email", "nope")]), Lang::Es).check(true).unwrap_err();
        assert_eq!(problems.first_name, Some("supporters-error-name-required"));
        assert_eq!(problems.email, Some("supporters-error-email-invalid"));
        let long = "x".repeat(101);
        let problems = Typed::from_fields(&fields(&[("first_name", &long), ("email", "a@b.co")]), Lang::Es)
            .check(true)
            .unwrap_err();
        assert_eq!(problems.too_long, Some("supporters-error-too-long"));
        assert!(Typed::from_fields(&fields(&[("first_name", "A")]), Lang::Es).check(false).is_ok());
    }
}

//! Column headers to supporter fields: the names that Wix Contacts, Action Network, CiviCRM and
//! Mailchimp put in their exports (in English and, where the tool translates them, Spanish), plus
//! the plain names people type; what is not recognized is reported so a person can map it.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

use crate::normalize::fold_for_matching;
use crate::read::Row;
use crate::write::unneutralize;

/// A supporter field a column can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Email,
    FirstName,
    LastName,
    FullName,
    Phone,
    Street,
    City,
    Region,
    PostalCode,
    Country,
    Language,
    Tags,
    /// Agreed to receive the newsletter (yes/no, subscribed/unsubscribed).
    NewsletterConsent,
    /// Asked not to receive bulk email (CiviCRM's "No Bulk Emails"): a yes withdraws consent.
    NewsletterOptOut,
    Notes,
}

impl Field {
    pub const ALL: [Self; 15] = [
        Self::Email,
        Self::FirstName,
        Self::LastName,
        Self::FullName,
        Self::Phone,
        Self::Street,
        Self::City,
        Self::Region,
        Self::PostalCode,
        Self::Country,
        Self::Language,
        Self::Tags,
        Self::NewsletterConsent,
        Self::NewsletterOptOut,
        Self::Notes,
    ];

    /// A stable name for forms, storage and translation keys.
    pub fn key(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::FirstName => "first-name",
            Self::LastName => "last-name",
            Self::FullName => "full-name",
            Self::Phone => "phone",
            Self::Street => "street",
            Self::City => "city",
            Self::Region => "region",
            Self::PostalCode => "postal-code",
            Self::Country => "country",
            Self::Language => "language",
            Self::Tags => "tags",
            Self::NewsletterConsent => "newsletter-consent",
            Self::NewsletterOptOut => "newsletter-opt-out",
            Self::Notes => "notes",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Field {
    type Err = MappingError;

    fn from_str(key: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|field| field.key() == key).ok_or_else(|| MappingError::UnknownField(key.into()))
    }
}

/// The tool a file was exported from, when its header says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    WixContacts,
    ActionNetwork,
    CiviCrm,
    Mailchimp,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Self::WixContacts => "Wix Contacts",
            Self::ActionNetwork => "Action Network",
            Self::CiviCrm => "CiviCRM",
            Self::Mailchimp => "Mailchimp",
        }
    }

    /// Columns (folded) only this tool writes.
    fn marks(self) -> &'static [&'static str] {
        match self {
            Self::WixContacts => &[
                "email subscriber status",
                "sms subscriber status",
                "created at utc 0",
                "last activity date utc 0",
                "estado de suscripcion de email",
                "estado de suscripcion de sms",
                "creado el utc 0",
            ],
            Self::ActionNetwork => &[
                "can2 phone",
                "can2 user address",
                "can2 user city",
                "can2 state abbreviated",
                "can2 user state",
                "can2 country",
                "can2 county",
                "can2 user tags",
                "can2 subscription status",
                "can2 sms status",
            ],
            Self::CiviCrm => &[
                "contact id",
                "contact type",
                "sort name",
                "no bulk emails user opt out",
                "id de contacto",
                "tipo de contacto",
                "nombre de ordenamiento",
                "no recibir correos masivos el usuario se excluyo",
            ],
            Self::Mailchimp => &["member rating", "optin time", "confirm time", "last changed", "leid", "euid"],
        }
    }

    /// Columns (folded) that look like supporter fields but are not, in this tool's exports.
    fn not_fields(self) -> &'static [&'static str] {
        match self {
            // Mailchimp's REGION and CC are where the subscriber's IP address was, not their address.
            Self::Mailchimp => &["region", "cc"],
            Self::WixContacts | Self::ActionNetwork | Self::CiviCrm => &[],
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Header names, folded by [`fold_for_matching`] ("Address 1 - Street" → "address 1 street",
/// "Código postal" → "codigo postal", "can2_user_city" → "can2 user city"), and the field each means.
const NAMES: &[(&str, Field)] = &[
    // Email. Wix numbers its columns ("Email 1", "Email 2"): only the first is the supporter's.
    ("email", Field::Email),
    ("e mail", Field::Email),
    ("email address", Field::Email),
    ("email 1", Field::Email),
    ("correo", Field::Email),
    ("correo electronico", Field::Email),
    ("correo electronico 1", Field::Email),
    ("direccion de correo electronico", Field::Email),
    ("direccion de email", Field::Email),
    ("mail", Field::Email),
    // Names.
    ("first name", Field::FirstName),
    ("firstname", Field::FirstName),
    ("given name", Field::FirstName),
    ("nombre", Field::FirstName),
    ("nombres", Field::FirstName),
    ("nombre de pila", Field::FirstName),
    ("last name", Field::LastName),
    ("lastname", Field::LastName),
    ("surname", Field::LastName),
    ("family name", Field::LastName),
    ("apellido", Field::LastName),
    ("apellidos", Field::LastName),
    ("name", Field::FullName),
    ("full name", Field::FullName),
    ("display name", Field::FullName),
    ("nombre completo", Field::FullName),
    ("nombre para mostrar", Field::FullName),
    // Phone.
    ("phone", Field::Phone),
    ("phone 1", Field::Phone),
    ("phone number", Field::Phone),
    ("mobile", Field::Phone),
    ("mobile number", Field::Phone),
    ("mobile phone", Field::Phone),
    ("can2 phone", Field::Phone),
    ("telefono", Field::Phone),
    ("telefono 1", Field::Phone),
    ("numero de telefono", Field::Phone),
    ("celular", Field::Phone),
    ("movil", Field::Phone),
    // Street.
    ("address", Field::Street),
    ("street", Field::Street),
    ("street address", Field::Street),
    ("address 1 street", Field::Street),
    ("can2 user address", Field::Street),
    ("direccion", Field::Street),
    ("calle", Field::Street),
    ("direccion 1 calle", Field::Street),
    // City.
    ("city", Field::City),
    ("town", Field::City),
    ("address 1 city", Field::City),
    ("can2 user city", Field::City),
    ("ciudad", Field::City),
    ("municipio", Field::City),
    ("localidad", Field::City),
    ("direccion 1 ciudad", Field::City),
    // Region.
    ("state", Field::Region),
    ("province", Field::Region),
    ("region", Field::Region),
    ("state province", Field::Region),
    ("address 1 state region", Field::Region),
    ("can2 state abbreviated", Field::Region),
    ("can2 user state", Field::Region),
    ("estado", Field::Region),
    ("provincia", Field::Region),
    ("departamento", Field::Region),
    ("estado provincia", Field::Region),
    ("direccion 1 estado region", Field::Region),
    // Postal code.
    ("zip", Field::PostalCode),
    ("zip code", Field::PostalCode),
    ("zipcode", Field::PostalCode),
    ("postal code", Field::PostalCode),
    ("postcode", Field::PostalCode),
    ("address 1 zip", Field::PostalCode),
    ("codigo postal", Field::PostalCode),
    ("cp", Field::PostalCode),
    ("direccion 1 codigo postal", Field::PostalCode),
    // Country.
    ("country", Field::Country),
    ("address 1 country", Field::Country),
    ("can2 country", Field::Country),
    ("pais", Field::Country),
    ("direccion 1 pais", Field::Country),
    // Language.
    ("language", Field::Language),
    ("preferred language", Field::Language),
    ("idioma", Field::Language),
    ("idioma preferido", Field::Language),
    ("lengua", Field::Language),
    // Tags.
    ("tags", Field::Tags),
    ("tag", Field::Tags),
    ("tag s", Field::Tags),
    ("labels", Field::Tags),
    ("can2 user tags", Field::Tags),
    ("etiquetas", Field::Tags),
    ("etiqueta s", Field::Tags),
    // Newsletter consent.
    ("newsletter", Field::NewsletterConsent),
    ("newsletter consent", Field::NewsletterConsent),
    ("email subscriber status", Field::NewsletterConsent),
    ("can2 subscription status", Field::NewsletterConsent),
    ("subscribed", Field::NewsletterConsent),
    ("boletin", Field::NewsletterConsent),
    ("estado de suscripcion de email", Field::NewsletterConsent),
    ("no bulk emails user opt out", Field::NewsletterOptOut),
    ("is opt out", Field::NewsletterOptOut),
    ("no recibir correos masivos el usuario se excluyo", Field::NewsletterOptOut),
    // Notes.
    ("notes", Field::Notes),
    ("note", Field::Notes),
    ("note s", Field::Notes),
    ("notas", Field::Notes),
    ("nota s", Field::Notes),
    ("comentarios", Field::Notes),
];

/// A column nobody recognized (or a second column for a field already taken).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownColumn {
    /// From 0.
    pub index: usize,
    pub name: String,
}

/// What [`Mapping::recognize`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recognition {
    pub mapping: Mapping,
    pub source: Option<Source>,
    pub unknown: Vec<UnknownColumn>,
}

/// Which field each column holds: recognized from the header, or chosen by a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    columns: Vec<Option<Field>>,
}

/// A mapping a person chose that cannot be used.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum MappingError {
    #[error("there is no column {0}")]
    NoSuchColumn(usize),
    #[error("{0} is chosen for more than one column")]
    FieldTwice(Field),
    #[error("{0:?} is not a field")]
    UnknownField(String),
}

impl Mapping {
    /// Recognizes the columns of a header. Each field goes to the first column that means it;
    /// later ones, and columns nobody knows, are reported as unknown.
    pub fn recognize<S: AsRef<str>>(header: &[S]) -> Recognition {
        let folded: Vec<String> = header.iter().map(|name| fold_for_matching(name.as_ref())).collect();
        let source = [Source::Mailchimp, Source::ActionNetwork, Source::CiviCrm, Source::WixContacts]
            .into_iter()
            .find(|source| folded.iter().any(|name| source.marks().contains(&name.as_str())));
        let ignored = source.map_or(&[][..], Source::not_fields);
        let mut columns = Vec::with_capacity(header.len());
        let mut unknown = Vec::new();
        for (index, name) in folded.iter().enumerate() {
            let field = NAMES
                .iter()
                .find(|(known, _)| known == name)
                .map(|(_, field)| *field)
                .filter(|field| !ignored.contains(&name.as_str()) && !columns.contains(&Some(*field)));
            if field.is_none() {
                unknown.push(UnknownColumn { index, name: header[index].as_ref().to_owned() });
            }
            columns.push(field);
        }
        Recognition { mapping: Self { columns }, source, unknown }
    }

    /// A mapping a person chose: for a file of `width` columns, the field of each chosen column.
    pub fn from_choices(width: usize, choices: impl IntoIterator<Item = (usize, Field)>) -> Result<Self, MappingError> {
        let mut columns = vec![None; width];
        for (index, field) in choices {
            if columns.contains(&Some(field)) {
                return Err(MappingError::FieldTwice(field));
            }
            *columns.get_mut(index).ok_or(MappingError::NoSuchColumn(index))? = Some(field);
        }
        Ok(Self { columns })
    }

    /// The field of a column (from 0).
    pub fn field(&self, column: usize) -> Option<Field> {
        self.columns.get(column).copied().flatten()
    }

    /// The column holding a field.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|f| *f == Some(field))
    }

    /// `(column, field)` for every mapped column.
    pub fn choices(&self) -> impl Iterator<Item = (usize, Field)> + '_ {
        self.columns.iter().enumerate().filter_map(|(index, field)| field.map(|field| (index, field)))
    }

    /// A field's value in a row: trimmed, `None` when empty. A `'` that an export put before
    /// `=`, `+`, `-` or `@` to keep spreadsheets from running it is taken off again, so a phone
    /// number exported as `'+503…` comes back as `+503…`.
    pub fn value<'r>(&self, row: &'r Row, field: Field) -> Option<&'r str> {
        let value = unneutralize(row.get(self.column(field)?)?).trim();
        (!value.is_empty()).then_some(value)
    }

    /// What the row says of the supporter's newsletter consent: the opt-out column saying yes
    /// withdraws it whatever the consent column says; otherwise the consent column's value.
    /// `None` when neither says anything readable (not having opted out is not consent).
    pub fn newsletter_consent(&self, row: &Row) -> Option<Consent> {
        if self.value(row, Field::NewsletterOptOut).and_then(parse_yes_no) == Some(true) {
            return Some(Consent::Withdrawn);
        }
        self.value(row, Field::NewsletterConsent).and_then(parse_consent)
    }
}

/// A newsletter consent as an export records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consent {
    /// Subscribed, yes.
    Given,
    /// Never subscribed, no, bouncing: no consent, but nothing withdrawn either.
    NotGiven,
    /// Unsubscribed (or a spam complaint): the person said stop.
    Withdrawn,
}

/// Reads a consent column: Wix's and Action Network's statuses, Mailchimp's, yes/no in English
/// and Spanish.
pub fn parse_consent(value: &str) -> Option<Consent> {
    match fold_for_matching(value).as_str() {
        "unsubscribed"
        | "spam complaint"
        | "desuscrito"
        | "desuscrita"
        | "cancelo la suscripcion"
        | "se dio de baja"
        | "dado de baja"
        | "dada de baja" => Some(Consent::Withdrawn),
        other => parse_yes_no(other).map(|yes| if yes { Consent::Given } else { Consent::NotGiven }),
    }
}

/// Reads yes/no as the tools and people write it, in English and Spanish: `yes`, `sí`, `x`,
/// `1`, `true`, `subscribed`, `suscrito`…; `no`, `0`, `false`, `unsubscribed`, `never
/// subscribed`, `bouncing`, `cleaned`…; `None` for anything else.
pub fn parse_yes_no(value: &str) -> Option<bool> {
    match fold_for_matching(value).as_str() {
        "yes"
        | "y"
        | "si"
        | "s"
        | "x"
        | "1"
        | "true"
        | "verdadero"
        | "subscribed"
        | "suscrito"
        | "suscrita"
        | "subscribed to email"
        | "opted in" => Some(true),
        "no"
        | "n"
        | "0"
        | "false"
        | "falso"
        | "unsubscribed"
        | "never subscribed"
        | "not subscribed"
        | "bouncing"
        | "cleaned"
        | "spam complaint"
        | "desuscrito"
        | "desuscrita"
        | "nunca suscrito"
        | "no suscrito"
        | "cancelo la suscripcion"
        | "nunca se suscribio" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold_for_matching("Address 1 - Street"), "address 1 street");
        assert_eq!(fold_for_matching("  Código   Postal "), "codigo postal");
        assert_eq!(fold_for_matching("can2_user_city"), "can2 user city");
        assert_eq!(fold_for_matching("Created At (UTC+0)"), "created at utc 0");
        assert_eq!(fold_for_matching("Tag(s)"), "tag s");
        assert_eq!(fold_for_matching("E-MAIL"), "e mail");
        assert_eq!(fold_for_matching("TELÉFONO"), "telefono");
    }

    #[test]
    fn every_name_is_folded_and_listed_once() {
        for (i, (name, _)) in NAMES.iter().enumerate() {
            assert_eq!(&fold_for_matching(name), name);
            assert!(!NAMES[..i].iter().any(|(other, _)| other == name), "{name} twice");
        }
    }

    #[test]
    fn first_column_wins_and_the_rest_are_unknown() {
        let recognition = Mapping::recognize(&["E-mail", "Correo", "Nombre", "Apellidos", "Favorite color", ""]);
        assert_eq!(recognition.source, None);
        assert_eq!(recognition.mapping.field(0), Some(Field::Email));
        assert_eq!(recognition.mapping.field(1), None);
        assert_eq!(recognition.mapping.column(Field::LastName), Some(3));
        assert_eq!(
            recognition.unknown.iter().map(|column| column.index).collect::<Vec<_>>(),
            [1, 4, 5],
            "the second email column, the unknown one and the unnamed one"
        );
    }

    #[test]
    fn mailchimp_geolocation_is_not_an_address() {
        let recognition = Mapping::recognize(&["Email Address", "REGION", "CC", "MEMBER_RATING"]);
        assert_eq!(recognition.source, Some(Source::Mailchimp));
        assert_eq!(recognition.mapping.column(Field::Region), None);
        assert_eq!(recognition.mapping.column(Field::Country), None);
        // Elsewhere "Region" is the supporter's.
        assert_eq!(Mapping::recognize(&["Email", "Region"]).mapping.column(Field::Region), Some(1));
    }

    #[test]
    fn chosen_mappings() {
        let mapping = Mapping::from_choices(3, [(0, Field::Email), (2, Field::FullName)]);
        assert_eq!(
            mapping.as_ref().map(|m| m.choices().collect::<Vec<_>>()).ok(),
            Some(vec![(0, Field::Email), (2, Field::FullName)])
        );
        assert_eq!(
            Mapping::from_choices(3, [(0, Field::Email), (1, Field::Email)]),
            Err(MappingError::FieldTwice(Field::Email))
        );
        assert_eq!(Mapping::from_choices(3, [(3, Field::Email)]), Err(MappingError::NoSuchColumn(3)));
        for field in Field::ALL {
            assert_eq!(field.key().parse::<Field>(), Ok(field));
        }
        assert_eq!("password".parse::<Field>(), Err(MappingError::UnknownField("password".into())));
    }

    #[test]
    fn values_are_trimmed_and_unneutralized() {
        let mapping =
            Mapping::from_choices(4, [(0, Field::Email), (1, Field::Phone), (2, Field::Notes), (3, Field::City)]);
        let Ok(mapping) = mapping else { panic!("mapping") };
        let row = Row::new(2, ["  ana@example.sv ", "'+503 2222 0000", "'hola", "   "]);
        assert_eq!(mapping.value(&row, Field::Email), Some("ana@example.sv"));
        assert_eq!(mapping.value(&row, Field::Phone), Some("+503 2222 0000"));
        assert_eq!(mapping.value(&row, Field::Notes), Some("'hola"), "only a neutralizing quote is taken off");
        assert_eq!(mapping.value(&row, Field::City), None);
        assert_eq!(mapping.value(&row, Field::Country), None);
    }

    #[test]
    fn consent() {
        let Ok(consent) = Mapping::from_choices(2, [(1, Field::NewsletterConsent)]) else { panic!("mapping") };
        let Ok(opt_out) = Mapping::from_choices(2, [(1, Field::NewsletterOptOut)]) else { panic!("mapping") };
        let read = |mapping: &Mapping, value: &str| mapping.newsletter_consent(&Row::new(2, ["a", value]));
        assert_eq!(read(&consent, "Subscribed"), Some(Consent::Given));
        assert_eq!(read(&consent, "Sí"), Some(Consent::Given));
        assert_eq!(read(&consent, "Never subscribed"), Some(Consent::NotGiven), "never asked is not a withdrawal");
        assert_eq!(read(&consent, "bouncing"), Some(Consent::NotGiven));
        assert_eq!(read(&consent, "Unsubscribed"), Some(Consent::Withdrawn));
        assert_eq!(read(&consent, "Desuscrito"), Some(Consent::Withdrawn));
        assert_eq!(read(&consent, "quizás"), None);
        assert_eq!(read(&opt_out, "1"), Some(Consent::Withdrawn));
        assert_eq!(read(&opt_out, "No"), None, "not opting out is not consent");
        assert_eq!(read(&opt_out, ""), None);
        let Ok(both) = Mapping::from_choices(3, [(1, Field::NewsletterConsent), (2, Field::NewsletterOptOut)]) else {
            panic!("mapping")
        };
        assert_eq!(
            both.newsletter_consent(&Row::new(2, ["a", "yes", "yes"])),
            Some(Consent::Withdrawn),
            "opting out wins"
        );
    }
}

//! One export per tool, written from the column names each documents, read end to end: encoding,
//! delimiter, the tool recognized, every supporter column mapped, the rest reported.

use hermana_sheet::{
    Consent, Delimiter, Encoding, Field, Limits, Mapping, Recognition, Sheet, Source, normalize_email,
};

fn read(name: &str) -> (Sheet, Recognition) {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    let sheet = Sheet::parse(&bytes, &Limits::default()).unwrap_or_else(|error| panic!("{name}: {error}"));
    assert!(sheet.rejected.is_empty(), "{name}: {:?}", sheet.rejected);
    let recognition = Mapping::recognize(&sheet.header);
    (sheet, recognition)
}

/// Each field mapped to the column of that name.
fn assert_mapped(sheet: &Sheet, recognition: &Recognition, expected: &[(Field, &str)]) {
    for (field, name) in expected {
        let column = recognition.mapping.column(*field).map(|column| sheet.header[column].as_str());
        assert_eq!(column, Some(*name), "{field}");
    }
    let mapped: Vec<Field> = recognition.mapping.choices().map(|(_, field)| field).collect();
    assert_eq!(mapped.len(), expected.len(), "only these are mapped: {mapped:?}");
}

fn unknown(recognition: &Recognition) -> Vec<&str> {
    recognition.unknown.iter().map(|column| column.name.as_str()).collect()
}

#[test]
fn mailchimp() {
    let (sheet, recognition) = read("mailchimp.csv");
    assert_eq!((sheet.encoding, sheet.delimiter), (Encoding::Utf8, Delimiter::Comma));
    assert_eq!(recognition.source, Some(Source::Mailchimp));
    assert_mapped(
        &sheet,
        &recognition,
        &[
            (Field::Email, "Email Address"),
            (Field::FirstName, "First Name"),
            (Field::LastName, "Last Name"),
            (Field::Street, "Address"),
            (Field::Phone, "Phone Number"),
            (Field::Notes, "NOTES"),
            (Field::Tags, "TAGS"),
        ],
    );
    let unknown = unknown(&recognition);
    for name in ["Birthday", "MEMBER_RATING", "OPTIN_TIME", "CC", "REGION", "LEID", "EUID"] {
        assert!(unknown.contains(&name), "{name} is reported");
    }
    let mapping = &recognition.mapping;
    let ana = &sheet.rows[0];
    assert_eq!(mapping.value(ana, Field::Email).and_then(normalize_email).as_deref(), Some("ana.pena@example.org"));
    assert_eq!(mapping.value(ana, Field::LastName), Some("Peña"));
    assert_eq!(mapping.value(ana, Field::Tags), Some("\"Delegation 2023\",\"Volunteers\""));
    assert_eq!(mapping.value(&sheet.rows[1], Field::Phone), Some("=HYPERLINK(\"http://evil.example\")"));
}

#[test]
fn mailchimp_in_spanish() {
    let (sheet, recognition) = read("mailchimp-es.csv");
    assert_eq!(recognition.source, Some(Source::Mailchimp));
    assert_mapped(
        &sheet,
        &recognition,
        &[
            (Field::Email, "Dirección de correo electrónico"),
            (Field::FirstName, "Nombre"),
            (Field::LastName, "Apellido"),
            (Field::Street, "Dirección"),
            (Field::Phone, "Número de teléfono"),
            (Field::Notes, "NOTES"),
            (Field::Tags, "TAGS"),
        ],
    );
    assert_eq!(recognition.mapping.value(&sheet.rows[0], Field::FirstName), Some("María"));
}

#[test]
fn action_network() {
    let (sheet, recognition) = read("action-network.csv");
    assert_eq!((sheet.encoding, sheet.delimiter), (Encoding::Utf8, Delimiter::Comma));
    assert_eq!(recognition.source, Some(Source::ActionNetwork));
    assert_mapped(
        &sheet,
        &recognition,
        &[
            (Field::FirstName, "first_name"),
            (Field::LastName, "last_name"),
            (Field::Email, "email"),
            (Field::PostalCode, "zip_code"),
            (Field::Street, "can2_user_address"),
            (Field::City, "can2_user_city"),
            (Field::Region, "can2_state_abbreviated"),
            (Field::Country, "can2_country"),
            (Field::Phone, "can2_phone"),
            (Field::Tags, "can2_user_tags"),
            (Field::NewsletterConsent, "can2_subscription_status"),
        ],
    );
    assert_eq!(unknown(&recognition), ["uuid", "can2_county", "can2_sms_status", "Committee"]);
    let mapping = &recognition.mapping;
    let consents: Vec<Option<Consent>> = sheet.rows.iter().map(|row| mapping.newsletter_consent(row)).collect();
    assert_eq!(consents, [Some(Consent::Given), Some(Consent::Withdrawn), Some(Consent::NotGiven)]);
    assert_eq!(
        mapping.value(&sheet.rows[1], Field::Email).and_then(normalize_email).as_deref(),
        Some("tom@example.org")
    );
}

#[test]
fn wix_contacts() {
    let (sheet, recognition) = read("wix-contacts.csv");
    assert_eq!((sheet.encoding, sheet.delimiter), (Encoding::Utf8Bom, Delimiter::Comma));
    assert_eq!(recognition.source, Some(Source::WixContacts));
    assert_mapped(
        &sheet,
        &recognition,
        &[
            (Field::FirstName, "First Name"),
            (Field::LastName, "Last Name"),
            (Field::Email, "Email 1"),
            (Field::Phone, "Phone 1"),
            (Field::Street, "Address 1 - Street"),
            (Field::City, "Address 1 - City"),
            (Field::Region, "Address 1 - State/Region"),
            (Field::PostalCode, "Address 1 - Zip"),
            (Field::Country, "Address 1 - Country"),
            (Field::Tags, "Labels"),
            (Field::NewsletterConsent, "Email subscriber status"),
            (Field::Language, "Language"),
        ],
    );
    let unknown = unknown(&recognition);
    for name in ["Email 2", "Phone 2", "Address 1 - Street Line 2", "Address 2 - Street", "SMS subscriber status"] {
        assert!(unknown.contains(&name), "{name} is reported");
    }
    let consents: Vec<Option<Consent>> =
        sheet.rows.iter().map(|row| recognition.mapping.newsletter_consent(row)).collect();
    assert_eq!(consents, [Some(Consent::Given), Some(Consent::NotGiven)]);
}

#[test]
fn wix_contacts_in_spanish_saved_again_by_excel() {
    let (sheet, recognition) = read("wix-contacts-es.csv");
    assert_eq!((sheet.encoding, sheet.delimiter), (Encoding::Windows1252, Delimiter::Semicolon));
    assert_eq!(recognition.source, Some(Source::WixContacts));
    assert_mapped(
        &sheet,
        &recognition,
        &[
            (Field::FirstName, "Nombre"),
            (Field::LastName, "Apellido"),
            (Field::Email, "Email 1"),
            (Field::Phone, "Teléfono 1"),
            (Field::Street, "Dirección 1 - Calle"),
            (Field::City, "Dirección 1 - Ciudad"),
            (Field::Region, "Dirección 1 - Estado/Región"),
            (Field::PostalCode, "Dirección 1 - Código postal"),
            (Field::Country, "Dirección 1 - País"),
            (Field::Tags, "Etiquetas"),
            (Field::NewsletterConsent, "Estado de suscripción de email"),
            (Field::Language, "Idioma"),
        ],
    );
    let mapping = &recognition.mapping;
    assert_eq!(mapping.value(&sheet.rows[0], Field::FirstName), Some("Óscar"));
    assert_eq!(mapping.value(&sheet.rows[0], Field::Tags), Some("Amigos; Delegación"));
    let consents: Vec<Option<Consent>> = sheet.rows.iter().map(|row| mapping.newsletter_consent(row)).collect();
    assert_eq!(consents, [Some(Consent::Given), Some(Consent::Withdrawn)]);
}

#[test]
fn civicrm() {
    let (sheet, recognition) = read("civicrm.csv");
    assert_eq!((sheet.encoding, sheet.delimiter), (Encoding::Utf8, Delimiter::Comma));
    assert_eq!(recognition.source, Some(Source::CiviCrm));
    assert_mapped(
        &sheet,
        &recognition,
        &[
            (Field::NewsletterOptOut, "No Bulk Emails (User Opt Out)"),
            (Field::FullName, "Display Name"),
            (Field::Language, "Preferred Language"),
            (Field::FirstName, "First Name"),
            (Field::LastName, "Last Name"),
            (Field::Street, "Street Address"),
            (Field::City, "City"),
            (Field::PostalCode, "Postal Code"),
            (Field::Region, "State"),
            (Field::Country, "Country"),
            (Field::Phone, "Phone"),
            (Field::Email, "Email"),
            (Field::Tags, "Tag(s)"),
            (Field::Notes, "Note(s)"),
        ],
    );
    assert!(unknown(&recognition).contains(&"Do Not Email"), "reported, for a person to map if they mean it");
    let consents: Vec<Option<Consent>> =
        sheet.rows.iter().map(|row| recognition.mapping.newsletter_consent(row)).collect();
    assert_eq!(consents, [None, Some(Consent::Withdrawn)]);
}

#[test]
fn civicrm_in_spanish() {
    let (sheet, recognition) = read("civicrm-es.csv");
    assert_eq!(recognition.source, Some(Source::CiviCrm));
    assert_mapped(
        &sheet,
        &recognition,
        &[
            (Field::NewsletterOptOut, "No recibir correos masivos (el usuario se excluyó)"),
            (Field::FullName, "Nombre para mostrar"),
            (Field::Language, "Idioma preferido"),
            (Field::FirstName, "Nombre"),
            (Field::LastName, "Apellido"),
            (Field::Street, "Dirección"),
            (Field::City, "Ciudad"),
            (Field::PostalCode, "Código postal"),
            (Field::Region, "Estado/Provincia"),
            (Field::Country, "País"),
            (Field::Phone, "Teléfono"),
            (Field::Email, "Correo electrónico"),
            (Field::Tags, "Etiqueta(s)"),
            (Field::Notes, "Nota(s)"),
        ],
    );
}
